// Validating an OpenID Connect ID token for sts:AssumeRoleWithWebIdentity as AWS documents it: the token is a
// compact JWS; its `iss` names an OIDC provider registered in the role's account (the URL without https://); one of
// its audiences (`aud`) is in the provider's client ids; it has not expired (`exp`) and is already valid (`nbf`); it
// names a subject (`sub`); and it is signed by a key of the issuer's JWKS, found through
// `<iss>/.well-known/openid-configuration` over HTTPS (./jwks.ts). Signature checking is jose's (the well-kept JOSE
// library); claims are checked here so each failure gets AWS's own error.
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { IdentityProvider, IdentityProviders } from './providers.js';
import { providerArn } from './providers.js';
import type { JwksSource } from './jwks.js';

export type WebIdentityFailure =
  | { code: 'InvalidIdentityToken'; message: string }
  | { code: 'ExpiredTokenException'; message: string }
  | { code: 'IDPCommunicationError'; message: string };

export interface WebIdentity {
  provider: IdentityProvider;
  /** The token's `iss`. */
  issuer: string;
  /** The audience AWS reports and tests as `<provider>:aud`: `azp` when present, else the matching `aud`. */
  audience: string;
  subject: string;
  claims: JWTPayload;
}

/** Asymmetric algorithms only: a symmetric (HS*) or `none` token could be forged by anyone who knows the client id. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export const INVALID_TOKEN = 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.';
export const NOT_A_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
export const IDP_UNREACHABLE = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
export const THUMBPRINT_MISMATCH = "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint";

const fail = (code: WebIdentityFailure['code'], message: string) => ({ ok: false as const, failure: { code, message } as WebIdentityFailure });

/** The JWT's claims if it is a well-formed compact JWS with an asymmetric algorithm; undefined otherwise. */
function decode(token: string): { claims: JWTPayload; alg: string } | undefined {
  if (token.split('.').length !== 3) return undefined;
  try {
    const header = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg)) return undefined;
    return { claims, alg: header.alg };
  } catch {
    return undefined;
  }
}

const issuerName = (iss: string) => iss.slice('https://'.length).replace(/\/$/, '');

/** The claims of a token whose signature is not yet checked, for the audit record of a call that fails. */
export function peekWebIdentity(token: string): { issuer?: string; subject?: string; audience?: string } {
  const d = decode(token);
  if (!d) return {};
  const aud = typeof d.claims.azp === 'string' ? d.claims.azp : Array.isArray(d.claims.aud) ? d.claims.aud[0] : d.claims.aud;
  return {
    ...(typeof d.claims.iss === 'string' ? { issuer: d.claims.iss } : {}),
    ...(typeof d.claims.sub === 'string' ? { subject: d.claims.sub } : {}),
    ...(typeof aud === 'string' ? { audience: aud } : {}),
  };
}

export class WebIdentityVerifier {
  constructor(
    private readonly providers: IdentityProviders,
    private readonly jwks: JwksSource,
  ) {}

  async verify(accountId: string, token: string, now: Date): Promise<{ ok: true; identity: WebIdentity } | ReturnType<typeof fail>> {
    const decoded = decode(token);
    if (!decoded) return fail('InvalidIdentityToken', NOT_A_JWT);
    const { claims } = decoded;
    if (typeof claims.iss !== 'string' || !claims.iss.startsWith('https://')) return fail('InvalidIdentityToken', INVALID_TOKEN);
    const name = issuerName(claims.iss);
    const provider = await this.providers.get(accountId, providerArn(accountId, 'oidc', name));
    if (!provider) return fail('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${claims.iss}`);
    const audiences = Array.isArray(claims.aud) ? claims.aud : typeof claims.aud === 'string' ? [claims.aud] : [];
    const matched = audiences.find((a) => provider.clientIds.includes(a));
    if (matched === undefined) return fail('InvalidIdentityToken', 'Incorrect token audience');
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (typeof claims.exp !== 'number') return fail('InvalidIdentityToken', INVALID_TOKEN);
    if (claims.exp <= nowSeconds) {
      return fail('ExpiredTokenException', `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${claims.exp}`);
    }
    if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) return fail('InvalidIdentityToken', INVALID_TOKEN);
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) return fail('InvalidIdentityToken', INVALID_TOKEN);

    // The signature, against the issuer's keys; an unknown key id refreshes the keys once (the IdP rotated them).
    for (const refresh of [false, true]) {
      const keys = await this.jwks.keys(claims.iss, provider.thumbprints, now, refresh);
      if (!keys.ok) return fail(keys.failure === 'untrusted' ? 'InvalidIdentityToken' : 'IDPCommunicationError', keys.failure === 'untrusted' ? THUMBPRINT_MISMATCH : IDP_UNREACHABLE);
      const checked = await checkSignature(token, keys.jwks);
      if (checked === 'ok') break;
      if (checked === 'bad' || refresh) return fail('InvalidIdentityToken', INVALID_TOKEN);
    }
    const audience = typeof claims.azp === 'string' ? claims.azp : matched;
    return { ok: true, identity: { provider, issuer: claims.iss, audience, subject: claims.sub, claims } };
  }
}

async function checkSignature(token: string, jwks: JSONWebKeySet): Promise<'ok' | 'bad' | 'no-key'> {
  try {
    await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ALGORITHMS });
    return 'ok';
  } catch (err) {
    if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no-key';
    return 'bad';
  }
}
