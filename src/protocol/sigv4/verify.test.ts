import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { ServiceError } from '../../common/errors.js';
import { seededRandom } from '../../common/index.js';
import {
  authDialectOf,
  expiredTokenError,
  isSigned,
  parseBasicIsoDate,
  parseSignature,
  unknownAccessKeyError,
  verifySignature,
  type AuthDialect,
  type SigV4Request,
  type SigningCredential,
} from './index.js';

// Requests are signed by the AWS SDK's own signer (@smithy/signature-v4 with @aws-crypto/sha256-js) and then presented
// to the verifier the way Node would receive them: raw path, raw query string, lower-case headers.

const T0 = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));
const CRED: SigningCredential = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TEMP: SigningCredential = { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'temp-secret', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN//+=' };

type Query = Record<string, string | string[] | null>;
interface ToSign {
  service: string;
  method?: string;
  path?: string;
  query?: Query;
  headers?: Record<string, string>;
  body?: string;
  credential?: SigningCredential;
  region?: string;
  date?: Date;
}

function escape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function rawQueryOf(query: Query | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === null) parts.push(escape(k));
    else for (const one of Array.isArray(v) ? v : [v]) parts.push(`${escape(k)}=${escape(one)}`);
  }
  return parts.join('&');
}
function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
function signerFor(t: ToSign): SignatureV4 {
  return new SignatureV4({
    service: t.service,
    region: t.region ?? 'us-east-1',
    credentials: t.credential ?? CRED,
    sha256: Sha256,
    uriEscapePath: t.service !== 's3',
    applyChecksum: t.service === 's3',
  });
}
function httpRequest(t: ToSign) {
  return {
    method: t.method ?? 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    port: 4566,
    path: t.path ?? '/',
    query: t.query ?? {},
    headers: { host: 'localhost:4566', ...(t.headers ?? {}) },
    ...(t.body !== undefined ? { body: t.body } : {}),
  };
}

async function sign(t: ToSign): Promise<SigV4Request> {
  const signed = await signerFor(t).sign(httpRequest(t), { signingDate: t.date ?? T0 });
  return { method: signed.method, path: signed.path, rawQuery: rawQueryOf(signed.query as Query), headers: lower(signed.headers) };
}
async function presign(t: ToSign, expiresIn = 3600): Promise<SigV4Request> {
  // S3 presigned URLs declare UNSIGNED-PAYLOAD the way @aws-sdk/s3-request-presigner does (a header hoisted to the query).
  const request = httpRequest(t.service === 's3' ? { ...t, headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', ...t.headers } } : t);
  const signed = await signerFor(t).presign(request, { signingDate: t.date ?? T0, expiresIn });
  return { method: signed.method, path: signed.path, rawQuery: rawQueryOf(signed.query as Query), headers: lower(signed.headers) };
}
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function verify(req: SigV4Request, opts: { dialect?: AuthDialect; now?: Date; body?: string; cred?: SigningCredential } = {}) {
  const parsed = parseSignature(req, opts.now ?? T0, opts.dialect ? { dialect: opts.dialect } : {});
  return verifySignature(parsed, opts.cred ?? CRED, req, parsed.needsBodyHash ? sha(opts.body ?? '') : undefined);
}
function failure(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('expected a ServiceError');
}

describe('header-signed requests (SDK signer) verify', () => {
  it('awsJson POST with a body (Logs)', async () => {
    const body = JSON.stringify({ logGroupName: 'a' });
    const req = await sign({ service: 'logs', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' }, body });
    const v = verify(req, { body });
    expect(v).toMatchObject({ accessKeyId: CRED.accessKeyId, region: 'us-east-1', service: 'logs', presigned: false, payloadHash: sha(body), dialect: 'json' });
    expect(v.signingDate.toISOString()).toBe(T0.toISOString());
    expect(v.signingKey).toHaveLength(32);
  });

  it('restJson1 GET whose path labels are encoded (double encoding for non-S3)', async () => {
    const req = await sign({ service: 'macie2', method: 'GET', path: '/jobs/a%20b%2Fc%21', query: { maxResults: '5', nextToken: 'a/b=c+d' } });
    expect(verify(req).dialect).toBe('rest-json');
  });

  it('non-S3 paths are normalized (empty, . and .. segments) before signing', async () => {
    const req = await sign({ service: 'macie2', method: 'GET', path: '/a//b/./c/../d/' });
    expect(() => verify(req)).not.toThrow();
  });

  it('query parameters with reserved characters, repeats and empty values', async () => {
    const req = await sign({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15', list: ['b', 'a', 'a b'], empty: '', 'ünï': 'ç~*' } });
    expect(() => verify(req)).not.toThrow();
  });

  it('temporary credentials carry their session token', async () => {
    const req = await sign({ service: 'sts', credential: TEMP, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    const parsed = parseSignature(req, T0);
    expect(parsed.sessionToken).toBe(TEMP.sessionToken);
    const v = verifySignature(parsed, TEMP, req, sha('Action=GetCallerIdentity&Version=2011-06-15'));
    expect(v.sessionToken).toBe(TEMP.sessionToken);
  });

  it.each([
    ['space', 'my key.txt'],
    ['plus and reserved', "a+b=c&d!e'f(g)h*i.txt"],
    ['unicode', 'résumé/日本語.pdf'],
    ['tilde and percent', '~user/100%.csv'],
    ['double slash and dots kept by S3', 'x//y/./z/../w'],
  ])('S3 object key with %s', async (_name, key) => {
    const path = `/bucket/${key.split('/').map(escape).join('/')}`;
    const req = await sign({ service: 's3', method: 'PUT', path, query: { 'x-id': 'PutObject' }, body: 'data' });
    const v = verify(req);
    expect(v.payloadHash).toBe(sha('data'));
    expect(v.dialect).toBe('s3');
  });

  it('S3 accepts a path sent with raw sub-delimiters when the client signed them encoded', async () => {
    const req = await sign({ service: 's3', method: 'GET', path: '/bucket/a%21b%28c%29' });
    expect(() => verify({ ...req, path: '/bucket/a!b(c)' })).not.toThrow();
  });

  it('S3 UNSIGNED-PAYLOAD', async () => {
    const req = await sign({ service: 's3', method: 'PUT', path: '/b/k', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'whatever' });
    expect(verify(req).payloadHash).toBe('UNSIGNED-PAYLOAD');
  });
});

describe('presigned URLs (SDK signer) verify', () => {
  it('S3 GET presigned for an hour, used 59 minutes later', async () => {
    const req = await presign({ service: 's3', method: 'GET', path: '/bucket/some%20key.txt' });
    expect(req.headers.authorization).toBeUndefined();
    expect(isSigned(req)).toBe(true);
    const v = verify(req, { now: new Date(T0.getTime() + 59 * 60_000) });
    expect(v).toMatchObject({ presigned: true, payloadHash: 'UNSIGNED-PAYLOAD', service: 's3' });
  });

  it('S3 presigned with a session token and extra signed headers', async () => {
    // As @aws-sdk/s3-request-presigner does: the payload is declared unsigned in a header the signer hoists to the query.
    const req = await presign({ service: 's3', method: 'PUT', path: '/bucket/k', credential: TEMP, headers: { 'content-type': 'text/plain' } }, 604_800);
    expect(req.rawQuery).toContain('X-Amz-Content-Sha256=UNSIGNED-PAYLOAD');
    const v = verify(req, { cred: TEMP, now: new Date(T0.getTime() + 6 * 86_400_000) });
    expect(v.sessionToken).toBe(TEMP.sessionToken);
  });

  it('a presigned STS GetCallerIdentity (query dialect, body hash of the empty body)', async () => {
    const req = await presign({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } }, 60);
    const v = verify(req);
    expect(v).toMatchObject({ presigned: true, dialect: 'query' });
  });

  it('an expired presigned URL → AccessDenied "Request has expired" (S3)', async () => {
    const req = await presign({ service: 's3', method: 'GET', path: '/b/k' }, 900);
    const err = failure(() => verify(req, { now: new Date(T0.getTime() + 901_000) }));
    expect(err).toMatchObject({ code: 'AccessDenied', httpStatus: 403, message: 'Request has expired' });
    expect(err.fields).toMatchObject({ 'X-Amz-Expires': 900, Expires: '2026-01-15T12:15:00Z' });
  });

  it('an expired presigned STS URL → SignatureDoesNotMatch "Signature expired"', async () => {
    const req = await presign({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } }, 60);
    const err = failure(() => verify(req, { now: new Date(T0.getTime() + 61_000) }));
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', httpStatus: 403 });
    expect(err.message).toMatch(/^Signature expired: 20260115T120100Z is now earlier than 20260115T120101Z/);
  });

  it('a presigned URL dated in the future beyond the skew → AccessDenied "Request is not valid yet"', async () => {
    const req = await presign({ service: 's3', method: 'GET', path: '/b/k', date: new Date(T0.getTime() + 20 * 60_000) });
    expect(failure(() => verify(req))).toMatchObject({ code: 'AccessDenied', message: 'Request is not valid yet' });
  });

  it.each([
    ['604801', 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds'],
    ['-1', 'X-Amz-Expires must be non-negative'],
    ['soon', 'X-Amz-Expires should be a number'],
  ])('X-Amz-Expires=%s → AuthorizationQueryParametersError', async (expires, message) => {
    const req = await presign({ service: 's3', method: 'GET', path: '/b/k' });
    const tampered = { ...req, rawQuery: req.rawQuery.replace(/X-Amz-Expires=\d+/, `X-Amz-Expires=${expires}`) };
    expect(failure(() => verify(tampered))).toMatchObject({ code: 'AuthorizationQueryParametersError', httpStatus: 400, message });
  });

  it('a missing presign parameter → AuthorizationQueryParametersError (S3) / IncompleteSignature (query)', async () => {
    const s3 = await presign({ service: 's3', method: 'GET', path: '/b/k' });
    const noSig = { ...s3, rawQuery: s3.rawQuery.replace(/&?X-Amz-SignedHeaders=[^&]*/, '') };
    expect(failure(() => verify(noSig))).toMatchObject({
      code: 'AuthorizationQueryParametersError',
      message: 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    });
    const sts = await presign({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity' } });
    const noDate = { ...sts, rawQuery: sts.rawQuery.replace(/&?X-Amz-Date=[^&]*/, '') };
    expect(failure(() => verify(noDate))).toMatchObject({
      code: 'IncompleteSignature',
      httpStatus: 400,
      message: "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    });
  });

  it('a tampered presigned query → SignatureDoesNotMatch', async () => {
    const req = await presign({ service: 's3', method: 'GET', path: '/b/k', query: { 'response-content-type': 'text/plain' } });
    expect(() => verify(req)).not.toThrow();
    const tampered = { ...req, rawQuery: req.rawQuery.replace('text%2Fplain', 'text%2Fhtml') };
    expect(failure(() => verify(tampered))).toMatchObject({ code: 'SignatureDoesNotMatch', httpStatus: 403 });
  });
});

describe('signature mismatches, per dialect', () => {
  const wrong: SigningCredential = { ...CRED, secretAccessKey: 'not-the-secret' };
  it.each([
    ['s3', 's3', 'SignatureDoesNotMatch', 403],
    ['sts', 'query', 'SignatureDoesNotMatch', 403],
    ['logs', 'json', 'InvalidSignatureException', 400],
    ['macie2', 'rest-json', 'InvalidSignatureException', 403],
  ] as const)('%s (%s) → %s %d', async (service, dialect, code, status) => {
    const req = await sign({ service, method: 'GET', path: '/x' });
    const err = failure(() => verify(req, { cred: wrong }));
    expect(err).toMatchObject({ code, httpStatus: status });
    if (dialect === 's3') {
      expect(err.message).toBe('The request signature we calculated does not match the signature you provided. Check your key and signing method.');
      expect(err.fields).toMatchObject({ AWSAccessKeyId: CRED.accessKeyId, SignatureProvided: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(String(err.fields.CanonicalRequest)).toContain('GET\n/x\n');
      expect(String(err.fields.StringToSign)).toMatch(/^AWS4-HMAC-SHA256\n20260115T120000Z\n20260115\/us-east-1\/s3\/aws4_request\n/);
    } else {
      expect(err.message).toMatch(
        /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'GET\n\/x\n/,
      );
    }
  });

  it.each([
    ['a changed path', (r: SigV4Request) => ({ ...r, path: '/y' })],
    ['a changed method', (r: SigV4Request) => ({ ...r, method: 'PUT' })],
    ['a changed signed header', (r: SigV4Request) => ({ ...r, headers: { ...r.headers, 'x-amz-target': 'Logs_20140328.DeleteLogGroup' } })],
    ['an added query parameter', (r: SigV4Request) => ({ ...r, rawQuery: 'a=1' })],
    ['a different region in the scope', (r: SigV4Request) => ({ ...r, headers: { ...r.headers, authorization: r.headers.authorization!.toString().replace('us-east-1', 'eu-west-1') } })],
  ])('%s', async (_name, tamper) => {
    const req = await sign({ service: 'logs', path: '/x', headers: { 'x-amz-target': 'Logs_20140328.CreateLogGroup' }, body: '{}' });
    expect(() => verify(req, { body: '{}' })).not.toThrow();
    expect(failure(() => verify(tamper(req) as SigV4Request, { body: '{}' })).code).toBe('InvalidSignatureException');
  });

  it('a changed body (non-S3 services sign the body hash)', async () => {
    const req = await sign({ service: 'logs', body: '{"a":1}' });
    expect(failure(() => verify(req, { body: '{"a":2}' })).code).toBe('InvalidSignatureException');
  });

  it('S3: a body that does not match x-amz-content-sha256 → XAmzContentSHA256Mismatch', async () => {
    const req = await sign({ service: 's3', method: 'PUT', path: '/b/k', body: 'signed body' });
    const parsed = parseSignature(req, T0);
    expect(parsed.needsBodyHash).toBe(false);
    const err = failure(() => verifySignature(parsed, CRED, req, sha('other body')));
    expect(err).toMatchObject({ code: 'XAmzContentSHA256Mismatch', httpStatus: 400 });
    expect(err.fields).toEqual({ ClientComputedContentSHA256: sha('signed body'), S3ComputedContentSHA256: sha('other body') });
  });

  it('whitespace in header values is canonicalized (trim, collapse)', async () => {
    const req = await sign({ service: 'logs', headers: { 'x-custom': 'a   b  c' }, body: '' });
    expect(() => verify({ ...req, headers: { ...req.headers, 'x-custom': '  a b\t c ' } })).not.toThrow();
  });
});

describe('clock skew', () => {
  const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
  it('14 minutes either way is accepted', async () => {
    const req = await sign({ service: 'logs', body: '' });
    expect(() => verify(req, { now: minutes(14) })).not.toThrow();
    expect(() => verify(req, { now: minutes(-14) })).not.toThrow();
  });
  it.each([
    ['s3', 'RequestTimeTooSkewed', 403, /^The difference between the request time and the current time is too large\.$/],
    ['sts', 'SignatureDoesNotMatch', 403, /^Signature expired: 20260115T120000Z is now earlier than 20260115T120100Z \(20260115T121600Z - 15 min\.\)$/],
    ['logs', 'InvalidSignatureException', 400, /^Signature expired: 20260115T120000Z/],
    ['macie2', 'InvalidSignatureException', 403, /^Signature expired: /],
  ] as const)('%s 16 minutes late → %s', async (service, code, status, message) => {
    const req = await sign({ service, method: 'GET', path: '/x' });
    const err = failure(() => verify(req, { now: minutes(16) }));
    expect(err).toMatchObject({ code, httpStatus: status });
    expect(err.message).toMatch(message);
    if (service === 's3') expect(err.fields).toEqual({ RequestTime: '20260115T120000Z', ServerTime: '2026-01-15T12:16:00Z', MaxAllowedSkewMilliseconds: 900000 });
  });
  it('a request dated 16 minutes ahead → "Signature not yet current"', async () => {
    const req = await sign({ service: 'sts', body: '' });
    expect(failure(() => verify(req, { now: minutes(-16) })).message).toMatch(
      /^Signature not yet current: 20260115T120000Z is still later than 20260115T115900Z \(20260115T114400Z \+ 15 min\.\)$/,
    );
  });
  it('the allowed skew is configurable', async () => {
    const req = await sign({ service: 'logs', body: '' });
    expect(() => parseSignature(req, minutes(2), { maxClockSkewMs: 60_000 })).toThrow(/Signature expired/);
  });
});

describe('missing and malformed authentication', () => {
  const bare: SigV4Request = { method: 'GET', path: '/', rawQuery: 'Action=GetCallerIdentity', headers: { host: 'localhost' } };
  it.each([
    ['s3', 'AccessDenied', 403, 'Access Denied'],
    ['query', 'MissingAuthenticationToken', 403, 'Request is missing Authentication Token'],
    ['json', 'MissingAuthenticationTokenException', 400, 'Request is missing Authentication Token'],
    ['rest-json', 'MissingAuthenticationTokenException', 403, 'Missing Authentication Token'],
  ] as const)('no credentials, %s → %s', (dialect, code, status, message) => {
    expect(isSigned(bare)).toBe(false);
    expect(failure(() => parseSignature(bare, T0, { dialect }))).toMatchObject({ code, httpStatus: status, message });
  });

  const withAuth = (authorization: string): SigV4Request => ({ ...bare, headers: { ...bare.headers, authorization, 'x-amz-date': '20260115T120000Z' } });
  const sig = 'a'.repeat(64);
  it('an Authorization header without Signature and SignedHeaders → IncompleteSignature with AWS wording', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/sts/aws4_request';
    expect(failure(() => parseSignature(withAuth(auth), T0))).toMatchObject({
      code: 'IncompleteSignature',
      httpStatus: 400,
      message: `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${auth}`,
    });
  });
  it('S3 words the same failure as AuthorizationHeaderMalformed', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/s3/aws4_request, SignedHeaders=host';
    expect(failure(() => parseSignature(withAuth(auth), T0))).toMatchObject({
      code: 'AuthorizationHeaderMalformed',
      message: 'The authorization header is malformed; missing Signature.',
    });
  });
  it('a part without "=" → IncompleteSignature "not a valid key=value pair"', () => {
    const auth = `AWS4-HMAC-SHA256 Credential=AKID /20260115/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${sig}`;
    expect(failure(() => parseSignature(withAuth(auth), T0)).message).toBe(
      `'/20260115/us-east-1/sts/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
    );
  });
  it('a credential without five parts', () => {
    const auth = `AWS4-HMAC-SHA256 Credential=AKID/20260115/sts/aws4_request, SignedHeaders=host, Signature=${sig}`;
    expect(failure(() => parseSignature(withAuth(auth), T0, { dialect: 'json' }))).toMatchObject({
      code: 'IncompleteSignatureException',
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20260115/sts/aws4_request'",
    });
  });
  it('a wrong terminator', () => {
    const auth = `AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/sts/aws5_request, SignedHeaders=host, Signature=${sig}`;
    expect(failure(() => parseSignature(withAuth(auth), T0))).toMatchObject({ code: 'SignatureDoesNotMatch', message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'." });
  });
  it('a scope date that is not the request date', () => {
    const auth = `AWS4-HMAC-SHA256 Credential=AKID/20260114/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`;
    expect(failure(() => parseSignature(withAuth(auth), T0))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260114' != '20260115', from '20260115T120000Z'.",
    });
  });
  it('no date at all', () => {
    const req: SigV4Request = { ...bare, headers: { host: 'h', authorization: `AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=${sig}` } };
    expect(failure(() => parseSignature(req, T0)).message).toMatch(/^Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header\./);
  });
  it('a malformed X-Amz-Date', () => {
    const req = withAuth(`AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=${sig}`);
    req.headers['x-amz-date'] = '2026-01-15T12:00:00Z';
    expect(failure(() => parseSignature(req, T0)).message).toBe("Date must be in ISO-8601 'basic format'. Got '2026-01-15T12:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601");
  });
  it('host must be signed', () => {
    const auth = `AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/logs/aws4_request, SignedHeaders=x-amz-date, Signature=${sig}`;
    expect(failure(() => parseSignature(withAuth(auth), T0)).message).toBe("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });
  it('SigV2 and other schemes are refused', () => {
    expect(failure(() => parseSignature(withAuth('AWS AKID:c2lnbmF0dXJl'), T0, { dialect: 's3' }))).toMatchObject({
      code: 'InvalidRequest',
      message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    });
    expect(failure(() => parseSignature(withAuth('Bearer abc'), T0, { dialect: 'json' }))).toMatchObject({ code: 'IncompleteSignatureException' });
    expect(failure(() => parseSignature({ ...bare, rawQuery: 'AWSAccessKeyId=AKID&Signature=x&Expires=1' }, T0, { dialect: 's3' })).code).toBe('InvalidRequest');
  });
  it('both an Authorization header and presign parameters', async () => {
    const req = await presign({ service: 's3', method: 'GET', path: '/b/k' });
    expect(failure(() => parseSignature({ ...req, headers: { ...req.headers, authorization: 'AWS4-HMAC-SHA256 x' } }, T0)).code).toBe('InvalidArgument');
  });
  it('a non-hex signature is a mismatch', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=nothex';
    expect(failure(() => parseSignature(withAuth(auth), T0)).code).toBe('SignatureDoesNotMatch');
  });
  it('garbage never crashes: every failure is a ServiceError', () => {
    const inputs = ['', ' ', 'AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256 ,,,', 'AWS4-HMAC-SHA256 Credential=', 'AWS4-HMAC-SHA256 Credential=////, SignedHeaders=;, Signature=%'];
    for (const a of inputs) expect(failure(() => parseSignature(withAuth(a), T0))).toBeInstanceOf(ServiceError);
    for (const q of ['X-Amz-Algorithm=', 'X-Amz-Credential=%E0%A4%A', 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb&X-Amz-Date=x&X-Amz-SignedHeaders=host&X-Amz-Signature=s&X-Amz-Expires=1'])
      expect(failure(() => parseSignature({ ...bare, rawQuery: q }, T0))).toBeInstanceOf(ServiceError);
  });
});

describe('S3 header rules', () => {
  it('x-amz-content-sha256 is required with header auth', async () => {
    const req = await sign({ service: 's3', method: 'GET', path: '/b/k' });
    const { ['x-amz-content-sha256']: _dropped, ...headers } = req.headers;
    const stripped = { ...req, headers, };
    stripped.headers.authorization = String(req.headers.authorization).replace('x-amz-content-sha256;', '');
    expect(failure(() => parseSignature(stripped, T0))).toMatchObject({ code: 'InvalidRequest', message: 'Missing required header for this request: x-amz-content-sha256' });
  });
  it('an invalid x-amz-content-sha256 value', async () => {
    const req = await sign({ service: 's3', method: 'PUT', path: '/b/k', headers: { 'x-amz-content-sha256': 'abc' } });
    expect(failure(() => parseSignature(req, T0))).toMatchObject({ code: 'InvalidArgument', httpStatus: 400 });
  });
  it('x-amz-* headers must be signed', async () => {
    const req = await sign({ service: 's3', method: 'PUT', path: '/b/k', body: 'x' });
    const err = failure(() => parseSignature({ ...req, headers: { ...req.headers, 'x-amz-meta-owner': 'eve', 'x-amz-acl': 'public-read' } }, T0));
    expect(err).toMatchObject({ code: 'AccessDenied', message: 'There were headers present in the request which were not signed' });
    expect(err.fields).toEqual({ HeadersNotSigned: 'x-amz-acl, x-amz-meta-owner' });
  });
});

describe('credential lookups (thrown by the caller)', () => {
  it.each([
    ['s3', 'InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.'],
    ['query', 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.'],
    ['json', 'UnrecognizedClientException', 400, 'The security token included in the request is invalid.'],
    ['rest-json', 'UnrecognizedClientException', 403, 'The security token included in the request is invalid.'],
  ] as const)('unknown key, %s → %s', (dialect, code, status, message) => {
    expect(unknownAccessKeyError(dialect, 'AKIDUNKNOWN')).toMatchObject({ code, httpStatus: status, message });
  });
  it.each([
    ['s3', 'ExpiredToken', 400, 'The provided token has expired.'],
    ['query', 'ExpiredToken', 403, 'The security token included in the request is expired'],
    ['json', 'ExpiredTokenException', 400, 'The security token included in the request is expired'],
    ['rest-json', 'ExpiredTokenException', 403, 'The security token included in the request is expired'],
  ] as const)('expired session, %s → %s', (dialect, code, status, message) => {
    expect(expiredTokenError(dialect)).toMatchObject({ code, httpStatus: status, message });
  });
  it('a session token that does not belong to the key → InvalidClientTokenId / InvalidToken', async () => {
    const req = await sign({ service: 'sts', credential: TEMP, body: '' });
    const parsed = parseSignature(req, T0);
    expect(failure(() => verifySignature(parsed, { ...TEMP, sessionToken: 'other' }, req, sha('')))).toMatchObject({ code: 'InvalidClientTokenId' });
    const s3 = await sign({ service: 's3', method: 'GET', path: '/b/k', credential: TEMP });
    expect(failure(() => verifySignature(parseSignature(s3, T0), { ...TEMP, sessionToken: undefined }, s3))).toMatchObject({ code: 'InvalidToken' });
  });
});

describe('authDialectOf', () => {
  it('maps services and protocols', () => {
    expect(authDialectOf('s3', 'rest-xml')).toBe('s3');
    expect(authDialectOf('sts', 'query')).toBe('query');
    expect(authDialectOf('iam', 'query')).toBe('query');
    expect(authDialectOf('cloudwatch', 'query')).toBe('query');
    expect(authDialectOf('cloudwatch', 'smithy-rpc-v2-cbor')).toBe('json');
    expect(authDialectOf('logs', 'json')).toBe('json');
    expect(authDialectOf('macie2', 'rest-json')).toBe('rest-json');
  });
});

describe('the basic-format date (X-Amz-Date)', () => {
  // What the parser did with a regular expression: it must accept, reject and compute exactly the same.
  const byRegex = (text: string): Date | undefined => {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!m) return undefined;
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
    return date;
  };

  it('matches the regular expression on valid, rolled-over, two-digit-year and mangled dates', () => {
    const random = seededRandom(18);
    const alphabet = '0123456789TZtz :-/\n\u0660\uff10';
    const cases = ['20261207T061234Z', '20240229T235959Z', '20230229T000000Z', '20240231T120000Z', '20241301T000000Z', '20240100T000000Z', '20240101T240000Z', '20240101T236000Z', '20240101T235960Z', '00500101T000000Z', '00000101T000000Z', '20240101T000000Z\n', ' 20240101T000000Z', '20240101t000000z', '2024-01-01T00:00:00Z', '', 'T', '20240101T000000'];
    for (let i = 0; i < 20_000; i++) {
      const base = cases[i % 3]!.split('');
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (base.length + 1));
        const c = alphabet[Math.floor(random() * alphabet.length)]!;
        const kind = random();
        if (kind < 0.6) base[at] = c;
        else if (kind < 0.8) base.splice(at, 0, c);
        else base.splice(at, 1);
      }
      cases.push(base.join(''));
      // Valid digits everywhere, any values: roll-overs and out-of-range fields.
      const n = (k: number) => String(Math.floor(random() * 10 ** k)).padStart(k, '0');
      cases.push(`${n(4)}${n(2)}${n(2)}T${n(2)}${n(2)}${n(2)}Z`);
    }
    let valid = 0;
    for (const text of cases) {
      const expected = byRegex(text);
      const actual = parseBasicIsoDate(text);
      expect(actual?.getTime(), text).toBe(expected?.getTime());
      if (expected) valid++;
    }
    expect(valid).toBeGreaterThan(1000);
  });
});
