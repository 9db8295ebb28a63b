// The authentication failures SigV4 verification can end in, worded per "auth dialect": the same failure has a
// different code, HTTP status and message depending on the family of AWS endpoint that answers it.
//
// What AWS endpoints answer (seen in SDK issue threads quoting real responses, S3-compatible servers that copy S3's
// catalogue, and LocalStack/moto, which replay recorded AWS answers):
//
// | failure                 | S3 (restXml)                          | awsQuery (STS, IAM, CloudWatch)     | awsJson (Logs, CloudTrail)             | restJson1 (Macie2)              |
// |-------------------------|---------------------------------------|-------------------------------------|----------------------------------------|---------------------------------|
// | no credentials          | AccessDenied 403 (anonymous request)  | MissingAuthenticationToken 403      | MissingAuthenticationTokenException 400| MissingAuthenticationTokenException 403 |
// | malformed header        | AuthorizationHeaderMalformed 400      | IncompleteSignature 400             | IncompleteSignatureException 400       | IncompleteSignatureException 403|
// | malformed presigned URL | AuthorizationQueryParametersError 400 | IncompleteSignature 400             | IncompleteSignatureException 400       | IncompleteSignatureException 403|
// | unknown access key      | InvalidAccessKeyId 403                | InvalidClientTokenId 403            | UnrecognizedClientException 400        | UnrecognizedClientException 403 |
// | wrong signature         | SignatureDoesNotMatch 403             | SignatureDoesNotMatch 403           | InvalidSignatureException 400          | InvalidSignatureException 403   |
// | clock skew > 15 min     | RequestTimeTooSkewed 403              | SignatureDoesNotMatch 403 ("Signature expired: …") | InvalidSignatureException 400 ("Signature expired: …") | InvalidSignatureException 403 |
// | presigned URL expired   | AccessDenied 403 "Request has expired"| as clock skew                       | as clock skew                          | as clock skew                   |
// | expired session token   | ExpiredToken 400                      | ExpiredToken 403                    | ExpiredTokenException 400              | ExpiredTokenException 403       |
// | bad session token       | InvalidToken 400                      | InvalidClientTokenId 403            | UnrecognizedClientException 400        | UnrecognizedClientException 403 |
//
// Query services do not answer RequestTimeTooSkewed (that is S3's and EC2's RequestExpired family): STS and IAM answer
// SignatureDoesNotMatch with "Signature expired: <x-amz-date> is now earlier than <limit> (<now> - 15 min.)", and a
// date too far ahead "Signature not yet current: <x-amz-date> is still later than <limit> (<now> + 15 min.)". The SDKs
// recognise all of these codes as clock-skew errors and retry with a corrected clock.
// Non-S3 endpoints append the canonical request and string to sign they expected to SignatureDoesNotMatch /
// InvalidSignatureException messages; S3 returns them as extra elements of <Error>.
import { ServiceError } from '../../common/errors.js';
import type { ProtocolName } from '../types.js';

export type AuthDialect = 's3' | 'query' | 'json' | 'rest-json';

/** The dialect of the endpoint a request was routed to (service folder name or signing name, and its protocol). */
export function authDialectOf(service: string, protocol: ProtocolName): AuthDialect {
  if (service === 's3') return 's3';
  switch (protocol) {
    case 'rest-json':
      return 'rest-json';
    case 'json':
    case 'smithy-rpc-v2-cbor':
      return 'json';
    default:
      return 'query';
  }
}

/** A best guess from the signing name alone, for when the caller did not route the request first. */
export function authDialectOfSigningName(signingName: string): AuthDialect {
  if (signingName === 's3') return 's3';
  if (signingName === 'sts' || signingName === 'iam' || signingName === 'monitoring') return 'query';
  if (signingName === 'macie2') return 'rest-json';
  return 'json';
}

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const S3_SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';

/** `20240102T030405Z`, the form AWS prints dates in within signature errors. */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function jsonish(dialect: AuthDialect): boolean {
  return dialect === 'json' || dialect === 'rest-json';
}
function jsonStatus(dialect: AuthDialect): number {
  return dialect === 'rest-json' ? 403 : 400;
}

export interface SignatureMismatchDetail {
  accessKeyId: string;
  signatureProvided: string;
  canonicalRequest: string;
  stringToSign: string;
}

export type AuthErrors = Readonly<ReturnType<typeof buildAuthErrors>>;
const authErrorsByDialect = new Map<AuthDialect, AuthErrors>();

/**
 * Error factories for one dialect. Every function returns (never throws) a ServiceError. Built once per dialect: every
 * signed request asks for them several times, and building them is two dozen closures.
 */
export function authErrors(dialect: AuthDialect): AuthErrors {
  let errors = authErrorsByDialect.get(dialect);
  if (!errors) {
    errors = Object.freeze(buildAuthErrors(dialect));
    authErrorsByDialect.set(dialect, errors);
  }
  return errors;
}

function buildAuthErrors(dialect: AuthDialect) {
  const isS3 = dialect === 's3';
  const json = jsonish(dialect);
  const incomplete = (message: string) =>
    json
      ? new ServiceError('IncompleteSignatureException', message, jsonStatus(dialect))
      : new ServiceError('IncompleteSignature', message, 400);
  const invalidSignature = (message: string) =>
    json
      ? new ServiceError('InvalidSignatureException', message, jsonStatus(dialect))
      : new ServiceError('SignatureDoesNotMatch', message, 403);
  return {
    dialect,
    /** No Authorization header and no presigned query parameters. */
    missingAuthentication: () => {
      if (isS3) return new ServiceError('AccessDenied', 'Access Denied', 403);
      if (dialect === 'rest-json') return new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
      if (dialect === 'json') return new ServiceError('MissingAuthenticationTokenException', 'Request is missing Authentication Token', 400);
      return new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    },
    /** The Authorization header is present but cannot be parsed; `s3Reason` completes S3's sentence. */
    malformedHeader: (message: string, s3Reason = message) =>
      isS3 ? new ServiceError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${s3Reason}`, 400) : incomplete(message),
    /** The presigned query parameters are incomplete or malformed. */
    malformedQuery: (message: string, s3Message = message) =>
      isS3 ? new ServiceError('AuthorizationQueryParametersError', s3Message, 400) : incomplete(message),
    /** A signing algorithm other than AWS4-HMAC-SHA256 (SigV2, SigV4a, bearer tokens …). */
    unsupportedAlgorithm: (algorithm: string) =>
      isS3
        ? new ServiceError('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', 400)
        : incomplete(`Unsupported AWS 'algorithm': '${algorithm}'.`),
    /** Both an Authorization header and presigned query parameters. */
    conflictingAuthentication: () =>
      isS3
        ? new ServiceError(
            'InvalidArgument',
            'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
            400,
            'client',
            { ArgumentName: 'Authorization' },
          )
        : incomplete('Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.'),
    /** The credential scope is well-formed but wrong (terminator, …): S3 calls it malformed, others a bad signature. */
    badScope: (message: string, s3Reason: string, presigned: boolean) =>
      isS3
        ? presigned
          ? new ServiceError('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; ${s3Reason}`, 400)
          : new ServiceError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${s3Reason}`, 400)
        : invalidSignature(message),
    /** No X-Amz-Date / Date to sign with. */
    missingDate: (authorization: string) =>
      isS3
        ? new ServiceError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403)
        : incomplete(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`),
    /** The credential scope's date is not the request date's day. */
    scopeDateMismatch: (scopeDate: string, requestDate: string) =>
      isS3
        ? new ServiceError('AuthorizationHeaderMalformed', `The authorization header is malformed; Invalid credential date "${scopeDate}". This date is not the same as X-Amz-Date: "${requestDate.slice(0, 8)}".`, 400)
        : invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${requestDate.slice(0, 8)}', from '${requestDate}'.`),
    /** The access key is not known. The caller throws this after its key lookup fails. */
    invalidClientTokenId: (accessKeyId: string) => {
      if (isS3) return new ServiceError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, 'client', { AWSAccessKeyId: accessKeyId });
      if (json) return new ServiceError('UnrecognizedClientException', INVALID_TOKEN_MESSAGE, jsonStatus(dialect));
      return new ServiceError('InvalidClientTokenId', INVALID_TOKEN_MESSAGE, 403);
    },
    /** The session token does not belong to the access key (or is missing for a temporary key). */
    invalidToken: () => {
      if (isS3) return new ServiceError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
      if (json) return new ServiceError('UnrecognizedClientException', INVALID_TOKEN_MESSAGE, jsonStatus(dialect));
      return new ServiceError('InvalidClientTokenId', INVALID_TOKEN_MESSAGE, 403);
    },
    /** The temporary credentials have passed their expiration. */
    expiredToken: () => {
      if (isS3) return new ServiceError('ExpiredToken', 'The provided token has expired.', 400);
      if (json) return new ServiceError('ExpiredTokenException', EXPIRED_TOKEN_MESSAGE, jsonStatus(dialect));
      return new ServiceError('ExpiredToken', EXPIRED_TOKEN_MESSAGE, 403);
    },
    signatureDoesNotMatch: (detail?: SignatureMismatchDetail) => {
      if (isS3) {
        const fields: Record<string, unknown> = detail
          ? {
              AWSAccessKeyId: detail.accessKeyId,
              StringToSign: detail.stringToSign,
              SignatureProvided: detail.signatureProvided,
              CanonicalRequest: detail.canonicalRequest,
            }
          : {};
        return new ServiceError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH_MESSAGE, 403, 'client', fields);
      }
      const message = detail
        ? `${SIGNATURE_MISMATCH_MESSAGE}\n\nThe Canonical String for this request should have been\n'${detail.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${detail.stringToSign}'\n`
        : SIGNATURE_MISMATCH_MESSAGE;
      return invalidSignature(message);
    },
    /** The request date is more than the allowed skew away from the server's clock. */
    requestTimeTooSkewed: (requestDate: Date, now: Date, maxSkewMs: number) => {
      if (isS3)
        return new ServiceError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, 'client', {
          RequestTime: amzDate(requestDate),
          ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          MaxAllowedSkewMilliseconds: maxSkewMs,
        });
      const minutes = Math.round(maxSkewMs / 60_000);
      if (requestDate.getTime() < now.getTime())
        return invalidSignature(
          `Signature expired: ${amzDate(requestDate)} is now earlier than ${amzDate(new Date(now.getTime() - maxSkewMs))} (${amzDate(now)} - ${minutes} min.)`,
        );
      return invalidSignature(
        `Signature not yet current: ${amzDate(requestDate)} is still later than ${amzDate(new Date(now.getTime() + maxSkewMs))} (${amzDate(now)} + ${minutes} min.)`,
      );
    },
    /** A presigned URL used after X-Amz-Date + X-Amz-Expires. */
    presignedUrlExpired: (signedAt: Date, expiresSeconds: number, now: Date) => {
      const expiresAt = new Date(signedAt.getTime() + expiresSeconds * 1000);
      if (isS3)
        return new ServiceError('AccessDenied', 'Request has expired', 403, 'client', {
          'X-Amz-Expires': expiresSeconds,
          Expires: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        });
      return invalidSignature(`Signature expired: ${amzDate(expiresAt)} is now earlier than ${amzDate(now)}.`);
    },
    /** A presigned URL dated in the future beyond the allowed skew. */
    presignedUrlNotYetValid: (signedAt: Date, now: Date, maxSkewMs: number) =>
      isS3 ? new ServiceError('AccessDenied', 'Request is not valid yet', 403) : authErrors(dialect).requestTimeTooSkewed(signedAt, now, maxSkewMs),
    /** x-amz-* headers the client sent without signing them (S3 requires every x-amz-* header to be signed). */
    headersNotSigned: (names: string[]) =>
      new ServiceError('AccessDenied', 'There were headers present in the request which were not signed', 403, 'client', { HeadersNotSigned: names.join(', ') }),
    /** S3 header auth without x-amz-content-sha256. */
    missingContentSha256: () => new ServiceError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400),
    invalidContentSha256: () =>
      new ServiceError(
        'InvalidArgument',
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
        400,
        'client',
        { ArgumentName: 'x-amz-content-sha256' },
      ),
    /** The body's SHA-256 differs from the x-amz-content-sha256 the client signed. */
    contentSha256Mismatch: (clientHash: string, computedHash: string) =>
      isS3
        ? new ServiceError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, 'client', {
            ClientComputedContentSHA256: clientHash,
            S3ComputedContentSHA256: computedHash,
          })
        : invalidSignature(SIGNATURE_MISMATCH_MESSAGE),
  };
}

/** For the caller's key lookup: the access key in the request is unknown. */
export function unknownAccessKeyError(dialect: AuthDialect, accessKeyId: string): ServiceError {
  return authErrors(dialect).invalidClientTokenId(accessKeyId);
}

/** For the caller's session lookup: the temporary credentials have expired. */
export function expiredTokenError(dialect: AuthDialect): ServiceError {
  return authErrors(dialect).expiredToken();
}
