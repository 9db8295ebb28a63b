// The ID-token check against hostile input (fast-check): whatever string arrives as WebIdentityToken (random text,
// three random base64url segments, JSON headers and claims of any shape, deeply nested or huge claims, `alg: none`
// and HS256 tokens), verify() answers one of AWS's token errors and never throws or accepts; only a token signed
// by the issuer's key passes. The issuer's keys come from a real key pair, served by an in-memory JwksSource.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { ManualClock } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { IdentityProviders } from './providers.js';
import { peekWebIdentity, WebIdentityVerifier } from './web-identity.js';
import type { JwksSource } from './jwks.js';

const ISS = 'https://idp.example.com';
const ACCOUNT = '111122223333';
const clock = new ManualClock(Date.UTC(2026, 5, 1));
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

let store: Store;
let verifier: WebIdentityVerifier;
let sign: (claims: Record<string, unknown>) => Promise<string>;
beforeAll(async () => {
  store = await openStore(':memory:');
  const providers = new IdentityProviders(store.db, clock);
  await providers.create({ accountId: ACCOUNT, kind: 'oidc', name: 'idp.example.com', clientIds: ['aud-1'], thumbprints: [], tags: [] });
  const keys = await generateKeyPair('ES256');
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k', alg: 'ES256' }] };
  const source: JwksSource = { keys: async () => ({ ok: true, jwks }) };
  verifier = new WebIdentityVerifier(providers, source);
  sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k' }).sign(keys.privateKey);
});
afterAll(async () => {
  await store?.close();
});

const CODES = new Set(['InvalidIdentityToken', 'ExpiredTokenException', 'IDPCommunicationError']);
async function refused(token: string): Promise<void> {
  const r = await verifier.verify(ACCOUNT, token, clock.now());
  expect(r.ok).toBe(false);
  if (!r.ok) expect(CODES.has(r.failure.code)).toBe(true);
  peekWebIdentity(token); // never throws either
}

const exp = Math.floor(clock.nowMs() / 1000) + 600;
const deepJson = (n: number) => `${'{"a":'.repeat(n)}"x"${'}'.repeat(n)}`;

describe('web identity token check (hostile input)', () => {
  it('a token signed by the issuer passes; the same claims unsigned or re-signed do not', async () => {
    const good = await sign({ iss: ISS, aud: 'aud-1', sub: 'u', exp });
    expect((await verifier.verify(ACCOUNT, good, clock.now())).ok).toBe(true);
    const [h, p] = good.split('.');
    await refused(`${b64({ alg: 'none' })}.${p}.`);
    await refused(`${b64({ alg: 'HS256', kid: 'k' })}.${p}.${b64('sig')}`);
    await refused(`${h}.${b64({ iss: ISS, aud: 'aud-1', sub: 'admin', exp })}.${good.split('.')[2]}`);
  });

  it('random strings and random segments are refused', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 300 }), refused), { numRuns: 300 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.base64String({ maxLength: 80 }), { minLength: 3, maxLength: 3 }), (parts) => refused(parts.map((s) => s.replace(/=/g, '')).join('.'))),
      { numRuns: 300 },
    );
  });

  it('any JSON header and claims, unsigned by the key, are refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (header, claims, plausible) => {
        const c = plausible && claims && typeof claims === 'object' && !Array.isArray(claims) ? { ...claims, iss: ISS, aud: 'aud-1', sub: 'u', exp } : claims;
        await refused(`${b64(header)}.${b64(c)}.${b64('signature')}`);
      }),
      { numRuns: 300 },
    );
  });

  it('deeply nested and huge claims are refused quickly', async () => {
    const started = Date.now();
    await refused(`${b64({ alg: 'ES256', kid: 'k' })}.${b64(`{"iss":"${ISS}","aud":"aud-1","sub":"u","exp":${exp},"x":${deepJson(50_000)}}`)}.${b64('s')}`);
    await refused(`${b64({ alg: 'ES256', kid: 'k' })}.${b64({ iss: ISS, aud: 'aud-1', sub: 'u', exp, x: 'y'.repeat(1 << 20) })}.${b64('s')}`);
    await refused(`${b64('['.repeat(100_000))}.${b64('{')}.x`);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
