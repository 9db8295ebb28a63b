// STS AssumeRoleWithWebIdentity: an unsigned call (as in AWS) whose proof is an OpenID Connect ID token. The token is
// checked against the OIDC provider registered in the role's account (src/iam/federation), then the role's trust
// policy must allow sts:AssumeRoleWithWebIdentity to that provider (`Federated`) under the token's condition keys
// (`<provider>:aud`, `:sub`, `:amr`, `:azp`, `:email`…), and the session lasts at most the role's MaxSessionDuration.
import type { RequestContext } from '../../common/index.js';
import { ServiceError } from '../../common/index.js';
import type { StsApi } from '../../models/sts/index.js';
import { errors } from '../../models/sts/index.js';
import type { ContextValue, IamDirectory, ManagedPolicies, SessionStore, WebIdentity, WebIdentityVerifier } from '../../iam/index.js';
import { evaluateTrust, peekWebIdentity } from '../../iam/index.js';
import { checkSessionPolicies } from './session-policies.js';

export interface WebIdentityDeps {
  directory: IamDirectory;
  sessions: SessionStore;
  managed: ManagedPolicies;
  webIdentity: WebIdentityVerifier;
}

export const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;
/** Session tags passed in the token (the `https://aws.amazon.com/tags` claim). */
const TAGS_CLAIM = 'https://aws.amazon.com/tags';

const notAuthorized = () => new ServiceError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
const notImplemented = (what: string) => new ServiceError('NotImplemented', `Sift does not implement AssumeRoleWithWebIdentity's ${what} yet.`, 501, 'server');

/** The caller as CloudTrail records it: issuer:audience:subject, the subject as user name, the issuer as provider. */
function principalOf(accountId: string, issuer: string | undefined, audience: string | undefined, subject: string | undefined, providerArn: string) {
  const name = issuer?.replace(/^https:\/\//, '').replace(/\/$/, '');
  return {
    type: 'WebIdentityUser' as const,
    accountId,
    arn: '',
    principalId: name && audience && subject ? `${name}:${audience}:${subject}` : '',
    ...(subject !== undefined ? { userName: subject } : {}),
    ...(name ? { federation: { identityProvider: name, providerArn } } : {}),
  };
}

/** The token's condition keys, named `<issuer without https://>:<claim>` as IAM names them. */
function trustKeys(id: WebIdentity): Record<string, ContextValue> {
  const name = id.provider.name;
  const keys: Record<string, ContextValue> = { [`${name}:aud`]: id.audience, [`${name}:sub`]: id.subject };
  const c = id.claims;
  const aud = Array.isArray(c.aud) ? c.aud : typeof c.aud === 'string' ? [c.aud] : [];
  if (typeof c.azp === 'string') keys[`${name}:azp`] = c.azp;
  // `oaud`: the token's own aud when aud reports azp.
  if (typeof c.azp === 'string' && aud.length) keys[`${name}:oaud`] = aud;
  if (Array.isArray(c.amr)) keys[`${name}:amr`] = c.amr.filter((v): v is string => typeof v === 'string');
  else if (typeof c.amr === 'string') keys[`${name}:amr`] = c.amr;
  if (typeof c.email === 'string') keys[`${name}:email`] = c.email;
  keys['aws:FederatedProvider'] = id.provider.arn;
  return keys;
}

export function webIdentityOps(deps: WebIdentityDeps) {
  return {
    async assumeRoleWithWebIdentity(ctx: RequestContext, input) {
      // ProviderId names OAuth 2.0 access-token providers (Login with Amazon, Facebook): not OIDC ID tokens.
      if (input.ProviderId !== undefined) throw notImplemented('ProviderId (OAuth 2.0 access tokens)');
      const m = ROLE_ARN.exec(input.RoleArn);
      if (!m) throw new ServiceError('ValidationError', `${input.RoleArn} is invalid`, 400);
      const [, accountId, roleName] = m as unknown as [string, string, string];
      const peek = peekWebIdentity(input.WebIdentityToken);
      const providerArn = peek.issuer?.startsWith('https://') ? `arn:aws:iam::${accountId}:oidc-provider/${peek.issuer.slice(8).replace(/\/$/, '')}` : '';
      // Known from the token before it is checked, so a refused call is recorded with who it claimed to be.
      ctx.principal = principalOf(accountId, peek.issuer, peek.audience, peek.subject, providerArn);
      const checked = await deps.webIdentity.verify(accountId, input.WebIdentityToken, ctx.clock.now());
      if (!checked.ok) {
        const { code, message } = checked.failure;
        if (code === 'ExpiredTokenException') throw new errors.ExpiredTokenException(message);
        if (code === 'IDPCommunicationError') throw new errors.IDPCommunicationErrorException(message);
        throw new errors.InvalidIdentityTokenException(message);
      }
      const id = checked.identity;
      ctx.principal = principalOf(accountId, id.issuer, id.audience, id.subject, id.provider.arn);
      if (id.claims[TAGS_CLAIM] !== undefined) throw notImplemented('session tags in the token');
      const role = await deps.directory.getRole(accountId, roleName);
      if (!role || role.arn !== input.RoleArn) throw notAuthorized();
      const trust = evaluateTrust(role.arn, role.assumeRolePolicy, ctx, { secretAccessKey: '', policies: [], principal: ctx.principal }, trustKeys(id), 'sts:AssumeRoleWithWebIdentity');
      if (!trust.allowed) throw notAuthorized();
      const duration = input.DurationSeconds ?? 3600;
      if (duration > role.maxSessionDuration) throw new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
      const { policyArns, packedPolicySize } = await checkSessionPolicies(deps.managed, accountId, input);
      const session = await deps.sessions.issue(role, input.RoleSessionName, duration, id.provider.arn, input.Policy, { policyArns, federatedProvider: id.provider.arn });
      return {
        Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiresAt },
        SubjectFromWebIdentityToken: id.subject,
        AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${role.roleName}/${input.RoleSessionName}` },
        PackedPolicySize: packedPolicySize,
        Provider: id.issuer,
        Audience: id.audience,
      };
    },
  } satisfies Partial<StsApi>;
}
