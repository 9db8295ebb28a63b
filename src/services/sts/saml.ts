// STS AssumeRoleWithSAML: an unsigned call (as in AWS) whose proof is a signed SAML 2.0 response. The response is
// checked against the SAML provider named by PrincipalArn in the role's account (src/iam/federation/saml.ts), then the
// role's trust policy must allow sts:AssumeRoleWithSAML to that provider (`Federated`) under the SAML condition keys
// (SAML:aud, SAML:iss, SAML:sub, SAML:sub_type, SAML:namequalifier, SAML:doc). The session lasts DurationSeconds (at
// most the role's MaxSessionDuration) or until the assertion's SessionNotOnOrAfter, whichever is shorter.
import type { RequestContext } from '../../common/index.js';
import { ServiceError } from '../../common/index.js';
import type { StsApi } from '../../models/sts/index.js';
import { errors } from '../../models/sts/index.js';
import type { ContextValue, IamDirectory, IdentityProviders, ManagedPolicies, SamlIdentity, SessionStore } from '../../iam/index.js';
import { evaluateTrust, verifySamlResponse } from '../../iam/index.js';
import { checkSessionPolicies } from './session-policies.js';
import { ROLE_ARN } from './web-identity.js';

export interface SamlDeps {
  directory: IamDirectory;
  sessions: SessionStore;
  managed: ManagedPolicies;
  providers: IdentityProviders;
}

const SAML_PROVIDER_ARN = /^arn:aws:iam::(\d{12}):saml-provider\/([\w+=,.@-]+)$/;
const notAuthorized = () => new ServiceError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML', 403);

/** The caller as CloudTrail records it: name qualifier:subject as principal id, the subject as user name. */
export function samlPrincipal(accountId: string, providerArn: string, id?: Pick<SamlIdentity, 'nameQualifier' | 'subject'>) {
  return {
    type: 'SAMLUser' as const,
    accountId,
    arn: '',
    principalId: id ? `${id.nameQualifier}:${id.subject}` : '',
    ...(id ? { userName: id.subject, federation: { identityProvider: id.nameQualifier, providerArn } } : {}),
  };
}

function trustKeys(id: SamlIdentity, accountId: string, providerName: string, providerArn: string): Record<string, ContextValue> {
  return {
    'SAML:aud': id.audience,
    'SAML:iss': id.issuer,
    'SAML:sub': id.subject,
    'SAML:sub_type': id.subjectType,
    'SAML:namequalifier': id.nameQualifier,
    'SAML:doc': `${accountId}/${providerName}`,
    'aws:FederatedProvider': providerArn,
  };
}

export function samlOps(deps: SamlDeps) {
  return {
    async assumeRoleWithSAML(ctx: RequestContext, input) {
      const m = ROLE_ARN.exec(input.RoleArn);
      if (!m) throw new ServiceError('ValidationError', `${input.RoleArn} is invalid`, 400);
      const [, accountId, roleName] = m as unknown as [string, string, string];
      ctx.principal = samlPrincipal(accountId, input.PrincipalArn);
      // The provider must be in the role's account; another account's is never read.
      const p = SAML_PROVIDER_ARN.exec(input.PrincipalArn);
      const provider = p && p[1] === accountId ? await deps.providers.get(accountId, input.PrincipalArn) : undefined;
      if (!provider || provider.kind !== 'saml') throw new errors.InvalidIdentityTokenException('Invalid SAML Response: the SAML provider in PrincipalArn does not exist in the account of the role');
      const now = ctx.clock.now();
      if (provider.validUntil && now >= provider.validUntil) throw new errors.InvalidIdentityTokenException('The metadata of the SAML provider has expired');
      const checked = verifySamlResponse(provider, input.RoleArn, input.SAMLAssertion, now);
      if (!checked.ok) {
        const { code, message } = checked.failure;
        if (code === 'ExpiredTokenException') throw new errors.ExpiredTokenException(message);
        if (code === 'AccessDenied') throw notAuthorized();
        throw new errors.InvalidIdentityTokenException(message);
      }
      const id = checked.identity;
      if (id.unsupported.length) throw new ServiceError('NotImplemented', `Sift does not implement AssumeRoleWithSAML's ${id.unsupported.join(', ')} yet.`, 501, 'server');
      ctx.principal = samlPrincipal(accountId, provider.arn, id);
      const role = await deps.directory.getRole(accountId, roleName);
      if (!role || role.arn !== input.RoleArn) throw notAuthorized();
      const trust = evaluateTrust(role.arn, role.assumeRolePolicy, ctx, { secretAccessKey: '', policies: [], principal: ctx.principal }, trustKeys(id, accountId, provider.name, provider.arn), 'sts:AssumeRoleWithSAML');
      if (!trust.allowed) throw notAuthorized();
      const requested = input.DurationSeconds ?? 3600;
      if (requested > role.maxSessionDuration) throw new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
      let duration = requested;
      if (id.sessionNotOnOrAfter) {
        const left = Math.floor((id.sessionNotOnOrAfter.getTime() - now.getTime()) / 1000);
        if (left <= 0) throw new errors.ExpiredTokenException('The SAML session (SessionNotOnOrAfter) has ended');
        duration = Math.min(duration, left);
      }
      const { policyArns, packedPolicySize } = await checkSessionPolicies(deps.managed, accountId, input);
      const session = await deps.sessions.issue(role, id.sessionName, duration, provider.arn, input.Policy, { policyArns, federatedProvider: provider.arn });
      return {
        Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: session.expiresAt },
        AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${id.sessionName}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${role.roleName}/${id.sessionName}` },
        PackedPolicySize: packedPolicySize,
        Subject: id.subject,
        SubjectType: id.subjectType,
        Issuer: id.issuer,
        Audience: id.audience,
        NameQualifier: id.nameQualifier,
      };
    },
  } satisfies Partial<StsApi>;
}
