// Authentication: SigV4 (header or presigned query) checked against the caller's secret, then the session token
// of temporary credentials and its expiry. Every failure is AWS's error for it; nothing is anonymous.
import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import type { Clock } from '../../common/index.js';
import type { ResolvedCredential } from '../../iam/index.js';
import {
  EMPTY_SHA256,
  authErrors,
  parseSigV2,
  verifySigV2,
  parseSignature,
  unknownAccessKeyError,
  verifySignature,
  type AuthDialect,
  type ParsedSignature,
  type SigV4Request,
} from '../../protocol/sigv4/index.js';
import type { RequestAuth } from '../../protocol/index.js';

export interface Authenticated {
  credential: ResolvedCredential;
  auth: RequestAuth;
}

export function sigv4Request(req: IncomingMessage, path: string, rawQuery: string): SigV4Request {
  return { method: req.method ?? 'GET', path, rawQuery, headers: req.headers };
}

/** Step 1, before the body: the signature's parts and the caller's credential. */
export async function identify(
  sreq: SigV4Request,
  dialect: AuthDialect,
  deps: { resolveCredential(accessKeyId: string): Promise<ResolvedCredential | undefined>; clock: Clock; maxClockSkewMs: number },
): Promise<{ parsed: ParsedSignature; credential: ResolvedCredential }> {
  const parsed = parseSignature(sreq, deps.clock.now(), { dialect, maxClockSkewMs: deps.maxClockSkewMs });
  const credential = await deps.resolveCredential(parsed.accessKeyId);
  if (!credential) throw unknownAccessKeyError(dialect, parsed.accessKeyId);
  return { parsed, credential };
}

/** Step 2, with the body (or its declared hash for streaming payloads): the signature and the session token. */
export function verify(sreq: SigV4Request, parsed: ParsedSignature, credential: ResolvedCredential, clock: Clock, body?: Buffer): RequestAuth {
  // Most calls carry no body: its hash is a constant.
  const bodyHash = body ? (body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex')) : undefined;
  const verified = verifySignature(
    parsed,
    { accessKeyId: parsed.accessKeyId, secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken },
    sreq,
    bodyHash,
  );
  const errors = authErrors(parsed.dialect);
  if (credential.sessionToken) {
    if (verified.sessionToken !== credential.sessionToken) throw errors.invalidToken();
    if (credential.expiresAt && credential.expiresAt.getTime() <= clock.nowMs()) throw errors.expiredToken();
  } else if (verified.sessionToken) {
    throw errors.invalidToken();
  }
  return {
    accessKeyId: verified.accessKeyId,
    region: verified.region,
    service: verified.service,
    signingDate: verified.signingDate,
    payloadHash: verified.payloadHash,
    seedSignature: verified.seedSignature,
    signingKey: verified.signingKey,
    presigned: verified.presigned,
  };
}

/**
 * S3's legacy SigV2 (header or presigned query, as `aws s3 presign` of CLI v1 makes them): identify, check the date
 * and the signature, then the session token. The body is not signed in SigV2, so the payload counts as unsigned.
 */
export async function authenticateSigV2(
  sreq: SigV4Request,
  query: URLSearchParams,
  deps: { resolveCredential(accessKeyId: string): Promise<ResolvedCredential | undefined>; clock: Clock; maxClockSkewMs: number; region: string; bucket?: string },
): Promise<Authenticated> {
  const parsed = parseSigV2(sreq, query, deps.clock.now(), deps.maxClockSkewMs);
  const credential = await deps.resolveCredential(parsed.accessKeyId);
  if (!credential) throw unknownAccessKeyError('s3', parsed.accessKeyId);
  verifySigV2(sreq, parsed, credential.secretAccessKey, deps.bucket);
  const errors = authErrors('s3');
  if (credential.sessionToken) {
    if (parsed.sessionToken !== credential.sessionToken) throw errors.invalidToken();
    if (credential.expiresAt && credential.expiresAt.getTime() <= deps.clock.nowMs()) throw errors.expiredToken();
  } else if (parsed.sessionToken) {
    throw errors.invalidToken();
  }
  return {
    credential,
    auth: {
      accessKeyId: parsed.accessKeyId,
      region: deps.region,
      service: 's3',
      signingDate: parsed.presigned ? deps.clock.now() : parsed.date,
      payloadHash: 'UNSIGNED-PAYLOAD',
      seedSignature: '',
      signingKey: Buffer.alloc(0),
      presigned: parsed.presigned,
    },
  };
}
