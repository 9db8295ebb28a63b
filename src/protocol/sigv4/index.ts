// SigV4 request verification: parse before the body, verify with the caller's secret, decode/check the body stream.
export {
  parseSignature,
  verifySignature,
  isSigned,
  parseBasicIsoDate,
  type SigV4Request,
  type SigningCredential,
  type ParsedSignature,
  type VerifiedSignature,
  type SigV4Options,
} from './verify.js';
export {
  authDialectOf,
  authDialectOfSigningName,
  authErrors,
  unknownAccessKeyError,
  expiredTokenError,
  SIGNATURE_MISMATCH_MESSAGE,
  type AuthDialect,
  type AuthErrors,
} from './errors.js';
export {
  AwsChunkedDecoder,
  createBodyDecoder,
  chunkedModeOf,
  chunkedErrors,
  type ChunkedMode,
  type ChunkedDecoderOptions,
  type ChunkSigning,
} from './chunked.js';
export { PayloadHashCheck, createPayloadHashCheck } from './payload.js';
export {
  ALGORITHM,
  UNSIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD_TRAILER,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
  EMPTY_SHA256,
  sha256Hex,
  uriEncode,
} from './canonical.js';
export { isSigV2, parseSigV2, sigV2StringToSign, verifySigV2, type ParsedSigV2 } from './sigv2.js';
