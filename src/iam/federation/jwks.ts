// An OIDC issuer's signing keys: `<iss>/.well-known/openid-configuration` names `jwks_uri`, which holds the JWKS.
// Both are fetched over HTTPS through the outbound guard (common/outbound-tls.ts: the allow list, trusted CAs or a
// listed thumbprint). Keys are cached per issuer for an hour (a key id the cache lacks refreshes it, at most once a
// minute), and the cache is bounded. Failures are not cached.
import type { JSONWebKeySet } from 'jose';
import type { TlsFetcher } from '../../common/index.js';

export const JWKS_TTL_MS = 3_600_000;
export const JWKS_REFRESH_MIN_MS = 60_000;
const MAX_ISSUERS = 1000;
const MAX_KEYS = 100;

export type JwksAnswer = { ok: true; jwks: JSONWebKeySet } | { ok: false; failure: 'untrusted' | 'unreachable' };

export interface JwksSource {
  keys(issuer: string, thumbprints: readonly string[], now: Date, refresh: boolean): Promise<JwksAnswer>;
}

function isJwks(v: unknown): v is JSONWebKeySet {
  if (!v || typeof v !== 'object') return false;
  const keys = (v as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.length <= MAX_KEYS && keys.every((k) => k && typeof k === 'object' && typeof (k as { kty?: unknown }).kty === 'string');
}

export function createJwksSource(getJson: TlsFetcher): JwksSource {
  const cache = new Map<string, { jwks: JSONWebKeySet; at: number; thumbprints: string }>();
  return {
    async keys(issuer, thumbprints, now, refresh) {
      const tp = [...thumbprints].sort().join(',');
      const hit = cache.get(issuer);
      const age = hit ? now.getTime() - hit.at : Infinity;
      // A cached answer stands only for the thumbprints it was fetched under (an update may have removed the one used).
      if (hit && hit.thumbprints === tp && age < JWKS_TTL_MS && (!refresh || age < JWKS_REFRESH_MIN_MS)) return { ok: true, jwks: hit.jwks };
      const config = await getJson(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, thumbprints);
      if (!config.ok) return { ok: false, failure: config.failure === 'untrusted' ? 'untrusted' : 'unreachable' };
      const jwksUri = (config.json as { jwks_uri?: unknown } | null)?.jwks_uri;
      if (typeof jwksUri !== 'string' || !jwksUri.startsWith('https://')) return { ok: false, failure: 'unreachable' };
      const set = await getJson(jwksUri, thumbprints);
      if (!set.ok) return { ok: false, failure: set.failure === 'untrusted' ? 'untrusted' : 'unreachable' };
      if (!isJwks(set.json)) return { ok: false, failure: 'unreachable' };
      if (cache.size >= MAX_ISSUERS && !cache.has(issuer)) cache.delete(cache.keys().next().value!);
      cache.set(issuer, { jwks: set.json, at: now.getTime(), thumbprints: tp });
      return { ok: true, jwks: set.json };
    },
  };
}
