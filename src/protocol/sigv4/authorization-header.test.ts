import { describe, it, expect } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { createHash } from 'node:crypto';
import { ServiceError } from '../../common/errors.js';
import { seededRandom } from '../../common/index.js';
import { authorizationFieldsFast, authorizationFieldsGeneral, type AuthorizationFields } from './authorization-header.js';
import { canonicalUriCandidates, doubleEncodedCanonicalUri } from './canonical.js';
import { authErrors, parseSignature, verifySignature, type SigV4Request } from './index.js';

// The fast reading of the Authorization header must never disagree with AWS's general one: whatever it accepts, the
// general reading accepts with the same fields; parse + verify give the same result whichever reading ran.

const T0 = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));
const CRED = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TEMP = { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'temp-secret', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN//+=' };

function general(header: string): AuthorizationFields | ServiceError {
  try {
    return authorizationFieldsGeneral(header, authErrors('json'), true);
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
}

const STANDARD = `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/logs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0123456789abcdef'.repeat(4)}`;

/** A random variation of a header: the kinds of difference a client or an attacker could send. */
function mutate(header: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const at = () => Math.floor(random() * (header.length + 1));
  const inserts = [' ', '  ', '\t', ',', ', ', ',,', '=', '\u00a0', '\u2028', '\ufeff', '\u3000', '\r\n', 'é', '\u0000', 'Credential=X', 'Signature=', 'SignedHeaders=host'];
  if (header === '') return pick(inserts);
  switch (Math.floor(random() * 10)) {
    case 0: {
      const i = at();
      return header.slice(0, i) + pick(inserts) + header.slice(i);
    }
    case 1: {
      const i = Math.floor(random() * header.length);
      return header.slice(0, i) + header.slice(i + 1);
    }
    case 2: {
      const i = Math.floor(random() * header.length);
      const c = header[i]!;
      return header.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + header.slice(i + 1);
    }
    case 3:
      return pick([' ', '\t', ', ', '\u00a0']) + header + pick(['', ' ', ',', '\t', '\n', '\u00a0']);
    case 4: {
      // Parts reordered or repeated.
      const [algorithm, rest] = [header.slice(0, header.indexOf(' ')), header.slice(header.indexOf(' ') + 1)];
      const parts = rest.split(', ');
      const shuffled = random() < 0.5 ? [...parts].reverse() : [...parts, pick(parts)];
      return `${algorithm} ${shuffled.join(pick([', ', ',', ' ', ' , ']))}`;
    }
    case 5:
      return header.slice(0, at());
    case 6:
      return header.replace(pick(['AKIAIOSFODNN7EXAMPLE', 'host', 'x-amz-date', 'logs', '0123']), pick(['', 'a=b', 'ü', 'a,b', 'a b', 'a\tb', '==']));
    case 7:
      return header.replace(pick(['Credential', 'SignedHeaders', 'Signature', 'AWS4-HMAC-SHA256']), (m) => pick([m.toLowerCase(), m.toUpperCase(), `${m} `, ` ${m}`, m.slice(1), `X${m}`]));
    case 8:
      return header.replace(pick([', ', '=', ' ']), pick([',', ' ,', ' = ', '=', '\t', ', ,']));
    default:
      return header;
  }
}

describe('the fast Authorization reading agrees with the general one', () => {
  it('on random variations of a header: whatever the fast reading accepts, the general one reads the same', () => {
    const random = seededRandom(18_4);
    let fastHits = 0;
    let fastMisses = 0;
    for (let i = 0; i < 20_000; i++) {
      let header = STANDARD;
      const rounds = 1 + Math.floor(random() * 3);
      for (let r = 0; r < rounds; r++) header = mutate(header, random);
      const fast = authorizationFieldsFast(header);
      if (fast === undefined) {
        fastMisses++;
        continue;
      }
      fastHits++;
      const slow = general(header);
      if (!(slow instanceof ServiceError) && slow.credential === fast.credential && slow.signedHeaders === fast.signedHeaders && slow.signature === fast.signature && slow.algorithm === fast.algorithm) continue;
      expect({ header, fast, slow }).toBeUndefined();
    }
    // Both branches were exercised.
    expect(fastHits).toBeGreaterThan(1000);
    expect(fastMisses).toBeGreaterThan(1000);
  });

  it('takes the fast reading for the headers the SDK signer writes, and only for the exact form', async () => {
    for (const service of ['logs', 'sts', 'macie2', 's3']) {
      const req = await sign(service, { path: service === 's3' ? '/bucket/key' : '/' });
      const header = req.headers.authorization as string;
      expect(authorizationFieldsFast(header)).toEqual(general(header));
      expect(authorizationFieldsFast(header)).toBeDefined();
      // Valid for AWS, but not the exact form: left to the general reading.
      expect(authorizationFieldsFast(` ${header}`)).toBeUndefined();
      expect(authorizationFieldsFast(header.replace(', Signature', ',Signature'))).toBeUndefined();
      expect(authorizationFieldsFast(`${header}\t`)).toBeUndefined();
    }
  });
});

async function sign(
  service: string,
  t: { method?: string; path?: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string; credential?: typeof CRED | typeof TEMP } = {},
): Promise<SigV4Request> {
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: t.credential ?? CRED, sha256: Sha256, uriEscapePath: service !== 's3', applyChecksum: service === 's3' });
  const signed = await signer.sign(
    {
      method: t.method ?? 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port: 4566,
      path: t.path ?? '/',
      query: t.query ?? {},
      headers: { host: 'localhost:4566', ...(t.headers ?? {}) },
      ...(t.body !== undefined ? { body: t.body } : {}),
    },
    { signingDate: T0 },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return { method: signed.method, path: signed.path, rawQuery: query, headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])) };
}

/** The same header in a form only the general reading takes (extra whitespace between parts), same fields. */
function respaced(req: SigV4Request): SigV4Request {
  const header = (req.headers.authorization as string).replace(/, /g, ' ,\t');
  expect(authorizationFieldsFast(header)).toBeUndefined();
  return { ...req, headers: { ...req.headers, authorization: ` ${header} ` } };
}

function outcome(req: SigV4Request, cred: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, body = ''): unknown {
  try {
    const parsed = parseSignature(req, T0);
    const verified = verifySignature(parsed, cred, req, parsed.needsBodyHash ? createHash('sha256').update(body).digest('hex') : undefined);
    return { parsed, verified };
  } catch (err) {
    if (err instanceof ServiceError) return { code: err.code, status: err.httpStatus, message: err.message };
    throw err;
  }
}

describe('parse + verify are the same through the fast and the general reading', () => {
  it('on random SDK-signed requests: headers, casing, whitespace, repeated headers, session tokens, S3 streaming', async () => {
    const random = seededRandom(20_26);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    let verified = 0;
    for (let i = 0; i < 60; i++) {
      const service = pick(['logs', 'sts', 'macie2', 's3', 'monitoring']);
      const headers: Record<string, string> = { 'Content-Type': pick(['application/json', 'application/x-amz-json-1.1', 'text/plain']) };
      if (random() < 0.5) headers['X-Amz-Meta-Note'] = pick(['a  b', ' padded ', 'tab\there', 'ünï', 'x']);
      if (random() < 0.3) headers['x-custom-CASE'] = pick(['One', 'two  spaces']);
      if (service === 's3') headers['x-amz-content-sha256'] = pick(['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', createHash('sha256').update('').digest('hex')]);
      const credential = random() < 0.3 ? TEMP : CRED;
      const path = service === 's3' ? pick(['/bucket/key', '/bucket/a%20b', '/bucket/x//y']) : pick(['/', '/macie', '/jobs/a%2Fb', '/x/./y/../z']);
      const query: Record<string, string> = random() < 0.4 ? { a: pick(['1', 'x y', '']), 'b~': 'c' } : {};
      let req = await sign(service, { method: pick(['GET', 'POST', 'PUT']), path, query, headers, credential });
      // A repeated header arrives as an array from some servers; the canonical form joins it with commas.
      if (random() < 0.2 && 'x-custom-case' in req.headers) req = { ...req, headers: { ...req.headers, 'x-custom-case': [String(req.headers['x-custom-case']), 'again'] } };
      if (random() < 0.2) req = { ...req, headers: { ...req.headers, authorization: (req.headers.authorization as string).replace(/Signature=./, 'Signature=f') } };
      const fast = outcome(req, credential);
      const slow = outcome(respaced(req), credential);
      expect(fast).toEqual(slow);
      if ((fast as { verified?: unknown }).verified) verified++;
    }
    expect(verified).toBeGreaterThan(20);
  });

  it('presigned URLs carry no Authorization header and are read as before', async () => {
    const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: CRED, sha256: Sha256, uriEscapePath: false });
    const signed = await signer.presign(
      { method: 'GET', protocol: 'http:', hostname: 'localhost', port: 4566, path: '/b/k', query: {}, headers: { host: 'localhost:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      { signingDate: T0, expiresIn: 3600 },
    );
    const rawQuery = Object.entries(signed.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const req: SigV4Request = { method: 'GET', path: '/b/k', rawQuery, headers: { host: 'localhost:4566' } };
    expect(outcome(req, CRED)).toMatchObject({ verified: { presigned: true, accessKeyId: CRED.accessKeyId } });
  });
});

describe('canonical URIs of non-S3 paths, kept per path', () => {
  it('are the computed ones, on first use and when reused', () => {
    const random = seededRandom(7);
    const pieces = ['a', '.', '..', '', '%20', '%2F', 'ü', '~', '!', "'", '(', '*', 'x y'];
    for (let i = 0; i < 2000; i++) {
      let path = '';
      const n = Math.floor(random() * 5);
      for (let j = 0; j < n; j++) path += `/${pieces[Math.floor(random() * pieces.length)]!}`;
      if (random() < 0.3) path += '/';
      for (let k = 0; k < 2; k++) expect(canonicalUriCandidates(path, 'logs')).toEqual([doubleEncodedCanonicalUri(path)]);
    }
  });
});
