// SigV4 verification of an incoming request, in two steps so the gateway can look the key up and decide how to read
// the body in between:
//   1. parseSignature(req, now): before the body is read, reads the Authorization header or the presigned query
//      (X-Amz-Algorithm, -Credential, -Date, -Expires, -SignedHeaders, -Signature, -Security-Token), checks its form,
//      the clock skew and presigned expiry, and names the access key, region and service.
//   2. verifySignature(parsed, credential, req, bodyHash?): recomputes the signature with the caller's secret.
// Non-S3 services always sign the body's hash, so the caller reads the (small) body first and passes its SHA-256.
// S3 signs the x-amz-content-sha256 value instead: a hex hash is checked against the body as it streams
// (payload.ts), `STREAMING-*` bodies are decoded and checked chunk by chunk (chunked.ts).
import { timingSafeEqual } from 'node:crypto';
import { defaultHttpLimits } from '../../common/limits.js';
import {
  ALGORITHM,
  EMPTY_SHA256,
  STREAMING_SIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD_TRAILER,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
  UNSIGNED_PAYLOAD,
  canonicalQuery,
  canonicalRequest,
  canonicalUriCandidates,
  credentialScope,
  deriveSigningKey,
  headerValue,
  parseQuery,
  sign,
  stringToSign,
  type HeaderBag,
  type QueryParam,
} from './canonical.js';
import { authDialectOfSigningName, authErrors, type AuthDialect } from './errors.js';
import { authorizationFieldsFast, authorizationFieldsGeneral, credentialHintOf } from './authorization-header.js';

export interface SigV4Request {
  method: string;
  /** Raw path as received (still percent-encoded), without the query string. */
  path: string;
  rawQuery: string;
  /** Node's IncomingMessage.headers (lower-case names). */
  headers: HeaderBag;
}

export interface SigningCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ParsedSignature {
  presigned: boolean;
  accessKeyId: string;
  /** The credential scope's parts. */
  shortDate: string;
  region: string;
  service: string;
  /** `yyyyMMddTHHmmssZ`, as it goes into the string to sign. */
  amzDate: string;
  signingDate: Date;
  signedHeaders: string[];
  signature: string;
  sessionToken?: string;
  /** X-Amz-Expires of a presigned request. */
  expiresSeconds?: number;
  /** The payload hash the client declared (x-amz-content-sha256 header or query), if any. */
  declaredPayloadHash?: string;
  /** True when verifySignature needs the hex SHA-256 of the body (every non-S3 request). */
  needsBodyHash: boolean;
  /** The dialect errors from now on are worded in. */
  dialect: AuthDialect;
}

export interface VerifiedSignature {
  accessKeyId: string;
  sessionToken?: string;
  region: string;
  service: string;
  signingDate: Date;
  /** The payload hash that was signed: a hex SHA-256, UNSIGNED-PAYLOAD or one of the STREAMING-* values. */
  payloadHash: string;
  /** The request's signature: the seed of an aws-chunked body's chain of chunk signatures. */
  seedSignature: string;
  signingKey: Buffer;
  presigned: boolean;
  /** `<shortDate>/<region>/<service>/aws4_request`. */
  scope: string;
  amzDate: string;
  dialect: AuthDialect;
}

export interface SigV4Options {
  /** How errors are worded; by default guessed from the credential scope's service. */
  dialect?: AuthDialect;
  /** Allowed difference between the request date and `now` (AWS: 15 minutes). */
  maxClockSkewMs?: number;
}

const MAX_PRESIGNED_EXPIRES = 604_800;
const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'] as const;
const STREAMING_VALUES = new Set([
  STREAMING_SIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD_TRAILER,
  STREAMING_UNSIGNED_PAYLOAD_TRAILER,
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);

/** Whether the request carries any SigV4/SigV2 authentication at all (S3 serves anonymous requests to public data). */
export function isSigned(req: SigV4Request): boolean {
  if (headerValue(req.headers, 'authorization') !== undefined) return true;
  return parseQuery(req.rawQuery).some((p) => p.name === 'X-Amz-Algorithm' || p.name === 'X-Amz-Credential' || p.name === 'Signature' || p.name === 'AWSAccessKeyId');
}

interface RawParts {
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
  dateText?: string;
  expires?: string;
  sessionToken?: string;
  declaredPayloadHash?: string;
}

function firstParam(params: QueryParam[], name: string): string | undefined {
  return params.find((p) => p.name === name)?.value;
}

function scopeServiceOf(credential: string): string | undefined {
  const parts = credential.split('/');
  return parts.length === 5 ? parts[3] : undefined;
}

/** Step 1: read and check the signature's parts before the body is read. Throws ServiceError. */
export function parseSignature(req: SigV4Request, now: Date, options: SigV4Options = {}): ParsedSignature {
  const maxSkew = options.maxClockSkewMs ?? defaultHttpLimits.maxClockSkewMs;
  const params = parseQuery(req.rawQuery);
  const authorization = headerValue(req.headers, 'authorization');
  const presignedAlgorithm = firstParam(params, 'X-Amz-Algorithm');
  const presignedCredential = firstParam(params, 'X-Amz-Credential');
  const guess = (credential: string | undefined) =>
    options.dialect ?? authDialectOfSigningName((credential && scopeServiceOf(credential)) ?? '');

  if (authorization !== undefined && (presignedAlgorithm !== undefined || presignedCredential !== undefined)) {
    throw authErrors(guess(presignedCredential)).conflictingAuthentication();
  }
  const presigned = authorization === undefined && (presignedAlgorithm !== undefined || presignedCredential !== undefined || firstParam(params, 'X-Amz-Signature') !== undefined);
  if (authorization === undefined && !presigned) {
    if (firstParam(params, 'AWSAccessKeyId') !== undefined) throw authErrors(guess(undefined)).unsupportedAlgorithm('AWS');
    throw authErrors(guess(undefined)).missingAuthentication();
  }

  const raw = presigned ? readPresigned(params, guess) : readAuthorizationHeader(authorization!, req.headers, guess);
  const dialect = guess(raw.credential);
  const errors = authErrors(dialect);

  const credentialParts = raw.credential.split('/');
  if (credentialParts.length !== 5 || credentialParts.some((p) => p === '')) {
    const s3Reason = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
    const message = `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${raw.credential}'`;
    throw presigned ? errors.malformedQuery(message, `Error parsing the X-Amz-Credential parameter; ${s3Reason}`) : errors.malformedHeader(message, s3Reason);
  }
  const [accessKeyId, shortDate, region, service, terminator] = credentialParts as [string, string, string, string, string];
  if (terminator !== 'aws4_request') {
    throw errors.badScope(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`, `incorrect terminal "${terminator}". This endpoint uses "aws4_request".`, presigned);
  }
  if (!/^\d{8}$/.test(shortDate)) {
    throw errors.badScope(`Credential should be scoped to a valid date, not '${shortDate}'.`, `incorrect date format "${shortDate}". This date in the credential must be in the format "yyyyMMdd".`, presigned);
  }

  // The date the request was signed at.
  let amzDate: string;
  let signingDate: Date;
  if (raw.dateText === undefined) {
    throw presigned ? errors.malformedQuery(missingQueryMessage(['X-Amz-Date'])) : errors.missingDate(authorization ?? '');
  }
  const basic = parseBasicIsoDate(raw.dateText);
  if (basic) {
    amzDate = raw.dateText;
    signingDate = basic;
  } else {
    const httpDate = presigned ? undefined : parseHttpDate(raw.dateText);
    if (!httpDate) {
      const message = `Date must be in ISO-8601 'basic format'. Got '${raw.dateText}'. See http://en.wikipedia.org/wiki/ISO_8601`;
      if (presigned) throw errors.malformedQuery(message, `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
      throw dialect === 's3' ? errors.missingDate(authorization ?? '') : errors.malformedHeader(message);
    }
    signingDate = httpDate;
    amzDate = httpDate.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  }
  if (amzDate.slice(0, 8) !== shortDate) throw errors.scopeDateMismatch(shortDate, amzDate);

  const signedHeaders = raw.signedHeaders.split(';');
  if (signedHeaders.some((h) => h === '' || h !== h.toLowerCase())) {
    const message = `SignedHeaders must be a ';'-separated list of lower-case header names, got '${raw.signedHeaders}'.`;
    throw presigned ? errors.malformedQuery(message) : errors.malformedHeader(message, 'the authorization component "SignedHeaders" is malformed.');
  }
  if (!signedHeaders.includes('host')) {
    const message = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    throw presigned ? errors.malformedQuery(message) : errors.malformedHeader(message, message);
  }
  if (!/^[0-9a-f]{64}$/.test(raw.signature)) {
    // Never equal to a computed signature; answered as a mismatch, as AWS does.
    throw errors.signatureDoesNotMatch();
  }

  let expiresSeconds: number | undefined;
  if (presigned && raw.expires !== undefined) {
    if (!/^-?\d+$/.test(raw.expires)) throw errors.malformedQuery('X-Amz-Expires should be a number');
    expiresSeconds = Number(raw.expires);
    if (expiresSeconds < 0) throw errors.malformedQuery('X-Amz-Expires must be non-negative');
    if (expiresSeconds > MAX_PRESIGNED_EXPIRES)
      throw errors.malformedQuery('X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
  }

  // Time checks.
  const skew = signingDate.getTime() - now.getTime();
  if (presigned && expiresSeconds !== undefined) {
    if (skew > maxSkew) throw errors.presignedUrlNotYetValid(signingDate, now, maxSkew);
    if (now.getTime() > signingDate.getTime() + expiresSeconds * 1000) throw errors.presignedUrlExpired(signingDate, expiresSeconds, now);
  } else if (Math.abs(skew) > maxSkew) {
    throw errors.requestTimeTooSkewed(signingDate, now, maxSkew);
  }

  // Payload hash the client declared.
  if (dialect === 's3') {
    const declared = raw.declaredPayloadHash;
    if (!presigned && declared === undefined) throw errors.missingContentSha256();
    if (declared !== undefined && declared !== UNSIGNED_PAYLOAD && !STREAMING_VALUES.has(declared) && !/^[0-9a-f]{64}$/.test(declared)) {
      throw errors.invalidContentSha256();
    }
    const unsigned = Object.keys(req.headers)
      .filter((h) => h.startsWith('x-amz-') && !signedHeaders.includes(h))
      .filter((h) => !(presigned && (h === 'x-amz-content-sha256' || h === 'x-amz-security-token')))
      .sort();
    if (unsigned.length > 0) throw errors.headersNotSigned(unsigned);
  }

  // Optional parts are set only when present (absent, not undefined), without object spreads: every call builds one.
  const parsed: ParsedSignature = {
    presigned,
    accessKeyId,
    shortDate,
    region,
    service,
    amzDate,
    signingDate,
    signedHeaders,
    signature: raw.signature,
    needsBodyHash: dialect !== 's3',
    dialect,
  };
  if (raw.sessionToken !== undefined) parsed.sessionToken = raw.sessionToken;
  if (expiresSeconds !== undefined) parsed.expiresSeconds = expiresSeconds;
  if (raw.declaredPayloadHash !== undefined) parsed.declaredPayloadHash = raw.declaredPayloadHash;
  return parsed;
}

function missingQueryMessage(names: readonly string[]): string {
  return names.map((n) => `AWS query-string parameters must include '${n}'. Re-examine the query-string parameters.`).join(' ');
}

function readPresigned(params: QueryParam[], guess: (credential: string | undefined) => AuthDialect): RawParts {
  const credential = firstParam(params, 'X-Amz-Credential');
  const dialect = guess(credential);
  const errors = authErrors(dialect);
  const required = dialect === 's3' ? PRESIGN_PARAMS : PRESIGN_PARAMS.filter((p) => p !== 'X-Amz-Expires');
  const missing = required.filter((p) => firstParam(params, p) === undefined);
  if (missing.length > 0) {
    throw errors.malformedQuery(
      missingQueryMessage(missing),
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const algorithm = firstParam(params, 'X-Amz-Algorithm')!;
  if (algorithm !== ALGORITHM) {
    throw errors.malformedQuery(`X-Amz-Algorithm only supports "${ALGORITHM}"`, `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  }
  const sessionToken = firstParam(params, 'X-Amz-Security-Token');
  // The S3 presigner hoists its x-amz-content-sha256 header into the query under whatever casing it used.
  const declared = params.find((p) => p.name.toLowerCase() === 'x-amz-content-sha256')?.value;
  const expires = firstParam(params, 'X-Amz-Expires');
  return {
    algorithm,
    credential: credential!,
    signedHeaders: firstParam(params, 'X-Amz-SignedHeaders')!,
    signature: firstParam(params, 'X-Amz-Signature')!,
    dateText: firstParam(params, 'X-Amz-Date')!,
    ...(expires !== undefined ? { expires } : {}),
    ...(sessionToken !== undefined ? { sessionToken } : {}),
    ...(declared !== undefined ? { declaredPayloadHash: declared } : {}),
  };
}

function readAuthorizationHeader(authorization: string, headers: HeaderBag, guess: (credential: string | undefined) => AuthDialect): RawParts {
  const dateText = headerValue(headers, 'x-amz-date') ?? headerValue(headers, 'date');
  // The SDKs' exact form is read by position; any other goes through AWS's general reading and its errors.
  const fields =
    authorizationFieldsFast(authorization) ??
    authorizationFieldsGeneral(authorization, authErrors(guess(credentialHintOf(authorization))), dateText !== undefined);
  const sessionToken = headerValue(headers, 'x-amz-security-token');
  const declared = headerValue(headers, 'x-amz-content-sha256');
  const raw: RawParts = { algorithm: fields.algorithm, credential: fields.credential, signedHeaders: fields.signedHeaders, signature: fields.signature };
  if (dateText !== undefined) raw.dateText = dateText.trim();
  if (sessionToken !== undefined) raw.sessionToken = sessionToken;
  if (declared !== undefined) raw.declaredPayloadHash = declared.trim();
  return raw;
}

/** `yyyyMMddTHHmmssZ` → Date, or undefined. */
export function parseBasicIsoDate(text: string): Date | undefined {
  // Read by character code (what /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/ matched, without its match array):
  // every signed request has one.
  if (text.length !== 16 || text.charCodeAt(8) !== 0x54 || text.charCodeAt(15) !== 0x5a) return undefined;
  const y = decimalAt(text, 0, 4);
  const mo = decimalAt(text, 4, 2);
  const d = decimalAt(text, 6, 2);
  const h = decimalAt(text, 9, 2);
  const mi = decimalAt(text, 11, 2);
  const s = decimalAt(text, 13, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject dates that roll over (20240231T…).
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return date;
}

/** The ASCII digits text[from, from + count) as a number, or -1 if any is not one. */
function decimalAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function parseHttpDate(text: string): Date | undefined {
  if (!/GMT$/.test(text.trim())) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Step 2: recompute the signature with the caller's secret. `bodyHash` is the hex SHA-256 of the body, required when
 * `parsed.needsBodyHash` (every non-S3 request); for S3 with a hex x-amz-content-sha256 it is checked when given,
 * otherwise the caller checks the streamed body with `createPayloadHashCheck`.
 */
export function verifySignature(parsed: ParsedSignature, cred: SigningCredential, req: SigV4Request, bodyHash?: string): VerifiedSignature {
  const errors = authErrors(parsed.dialect);
  if ((cred.sessionToken ?? undefined) !== parsed.sessionToken) throw errors.invalidToken();

  let payloadHash: string;
  if (parsed.needsBodyHash) {
    if (bodyHash === undefined) throw new TypeError('verifySignature: bodyHash is required for this request (parsed.needsBodyHash)');
    payloadHash = bodyHash;
  } else {
    payloadHash = parsed.declaredPayloadHash ?? (parsed.presigned ? UNSIGNED_PAYLOAD : EMPTY_SHA256);
  }

  // Most calls have no query string, whose canonical form is empty.
  const query = req.rawQuery === '' ? '' : canonicalQuery(parseQuery(req.rawQuery));
  const scope = credentialScope(parsed.shortDate, parsed.region, parsed.service);
  const signingKey = deriveSigningKey(cred.secretAccessKey, parsed.shortDate, parsed.region, parsed.service);
  const provided = Buffer.from(parsed.signature, 'hex');

  // The first candidate's texts, for the mismatch error.
  let firstCanonical: string | undefined;
  let firstToSign = '';
  let matched = false;
  for (const canonicalUri of canonicalUriCandidates(req.path, parsed.service)) {
    const canonical = canonicalRequest({
      method: req.method,
      canonicalUri,
      canonicalQuery: query,
      headers: req.headers,
      signedHeaders: parsed.signedHeaders,
      payloadHash,
    });
    const toSign = stringToSign(parsed.amzDate, scope, canonical);
    if (firstCanonical === undefined) {
      firstCanonical = canonical;
      firstToSign = toSign;
    }
    const computed = sign(signingKey, toSign);
    if (computed.length === provided.length && timingSafeEqual(computed, provided)) {
      matched = true;
      break;
    }
  }
  if (!matched) {
    throw errors.signatureDoesNotMatch({
      accessKeyId: parsed.accessKeyId,
      signatureProvided: parsed.signature,
      canonicalRequest: firstCanonical!,
      stringToSign: firstToSign,
    });
  }

  if (parsed.dialect === 's3' && bodyHash !== undefined && /^[0-9a-f]{64}$/.test(payloadHash) && bodyHash !== payloadHash) {
    throw errors.contentSha256Mismatch(payloadHash, bodyHash);
  }

  const verified: VerifiedSignature = {
    accessKeyId: parsed.accessKeyId,
    region: parsed.region,
    service: parsed.service,
    signingDate: parsed.signingDate,
    payloadHash,
    seedSignature: parsed.signature,
    signingKey,
    presigned: parsed.presigned,
    scope,
    amzDate: parsed.amzDate,
    dialect: parsed.dialect,
  };
  if (parsed.sessionToken !== undefined) verified.sessionToken = parsed.sessionToken;
  return verified;
}
