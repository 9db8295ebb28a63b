// Resolves the access key of a signed request to who is calling: the secret to check the signature with, the
// principal (root, IAM user or assumed role) and everything that bounds what it may do: its identity policies
// (inline and attached managed, a user's groups' too), its permissions boundary, a session's policies, its tags and whether it proved MFA.
import type { Principal } from '../common/index.js';
import type { IamDirectory, PrincipalKind } from './directory.js';
import type { IamGroups } from './groups.js';
import type { ManagedPolicies } from './managed-policies.js';
import type { SessionStore } from './sessions.js';

export interface ResolvedCredential {
  secretAccessKey: string;
  /** Required on the request when the key is temporary. */
  sessionToken?: string;
  expiresAt?: Date;
  principal: Principal;
  /** Identity-based policy documents (JSON) of the principal: inline and attached managed; none for root. */
  policies: string[];
  /** The session policy of an assumed role, which further limits it. */
  sessionPolicy?: string;
  /** Every session policy (inline and managed); when present (even empty) the session is bounded by them. */
  sessionPolicies?: string[];
  /** The permissions boundary: its document, or undefined when the policy no longer exists (then nothing is allowed). */
  permissionsBoundary?: { arn: string; document?: string };
  /** aws:PrincipalTag values. */
  tags?: Record<string, string>;
  /** Set when the principal's account is isolated by an operator (`sift accounts isolate`): every call is refused. */
  accountIsolated?: boolean;
  /** When MFA was proved (sessions issued with SerialNumber and TokenCode). */
  mfaAt?: Date;
  /** When temporary credentials were issued (aws:TokenIssueTime). */
  issuedAt?: Date;
}

export interface IdentitySources {
  directory: IamDirectory;
  sessions: SessionStore;
  managed?: ManagedPolicies;
  /** A user's groups bring their inline and attached policies. */
  groups?: IamGroups;
}

async function identityOf(src: IdentitySources, accountId: string, kind: PrincipalKind, name: string, boundaryArn: string | undefined) {
  const inline = (await src.directory.listPolicies(accountId, kind, name)).map((p) => p.document);
  const attached = src.managed ? (await src.managed.attached(accountId, kind, name)).map((p) => p.document) : [];
  // A user's groups: their policies are the user's identity policies too (IAM's evaluation unions them).
  const fromGroups: string[] = [];
  if (kind === 'user' && src.groups) {
    for (const g of await src.groups.groupsOf(accountId, name)) {
      for (const p of await src.directory.listPolicies(accountId, 'group', g.groupName)) fromGroups.push(p.document);
      if (src.managed) for (const p of await src.managed.attached(accountId, 'group', g.groupName)) fromGroups.push(p.document);
    }
  }
  const tags = Object.fromEntries((await src.directory.listTags(accountId, kind, name)).map((t) => [t.key, t.value]));
  let permissionsBoundary: ResolvedCredential['permissionsBoundary'];
  if (boundaryArn) {
    const doc = src.managed ? (await src.managed.get(boundaryArn))?.document : undefined;
    permissionsBoundary = { arn: boundaryArn, ...(doc !== undefined ? { document: doc } : {}) };
  }
  return { policies: [...inline, ...attached, ...fromGroups], tags, permissionsBoundary };
}

export async function resolveCredential(dirOrSources: IamDirectory | IdentitySources, sessionsArg: SessionStore | undefined, accessKeyId: string): Promise<ResolvedCredential | undefined> {
  const src: IdentitySources = 'directory' in dirOrSources ? dirOrSources : { directory: dirOrSources, sessions: sessionsArg! };
  const dir = src.directory;
  if (accessKeyId.startsWith('ASIA')) {
    const s = await src.sessions.get(accessKeyId);
    if (!s) return undefined;
    const role = await dir.getRole(s.accountId, s.roleName);
    const live = role && role.roleId === s.roleId;
    const identity = live ? await identityOf(src, s.accountId, 'role', role.roleName, role.permissionsBoundary) : { policies: [], tags: {}, permissionsBoundary: undefined };
    // Session policies: the inline one and the managed ones named at AssumeRole (a deleted one no longer allows).
    let sessionPolicies: string[] | undefined;
    if (s.sessionPolicy !== undefined || s.policyArns?.length) {
      sessionPolicies = s.sessionPolicy !== undefined ? [s.sessionPolicy] : [];
      for (const arn of s.policyArns ?? []) {
        const doc = src.managed ? (await src.managed.get(arn))?.document : undefined;
        if (doc !== undefined) sessionPolicies.push(doc);
      }
    }
    return {
      secretAccessKey: s.secretAccessKey,
      sessionToken: s.sessionToken,
      expiresAt: s.expiresAt,
      sessionPolicy: s.sessionPolicy,
      ...(sessionPolicies ? { sessionPolicies } : {}),
      policies: identity.policies,
      ...(identity.permissionsBoundary ? { permissionsBoundary: identity.permissionsBoundary } : {}),
      tags: { ...identity.tags, ...(s.sessionTags ?? {}) },
      ...(s.mfaAt ? { mfaAt: s.mfaAt } : {}),
      issuedAt: s.createdAt,
      principal: {
        type: 'AssumedRole',
        accountId: s.accountId,
        arn: `arn:aws:sts::${s.accountId}:assumed-role/${s.roleName}/${s.sessionName}`,
        principalId: `${s.roleId}:${s.sessionName}`,
        accessKeyId,
        session: { roleName: s.roleName, roleArn: s.roleArn, roleId: s.roleId, sessionName: s.sessionName, creationDate: s.createdAt, ...(s.federatedProvider ? { federatedProvider: s.federatedProvider } : {}) },
      },
    };
  }
  const key = await dir.getAccessKey(accessKeyId);
  if (!key || key.status !== 'Active') return undefined;
  if (!key.userName) {
    return {
      secretAccessKey: key.secretAccessKey,
      policies: [],
      principal: { type: 'Root', accountId: key.accountId, arn: `arn:aws:iam::${key.accountId}:root`, principalId: key.accountId, accessKeyId },
    };
  }
  const user = await dir.getUser(key.accountId, key.userName);
  if (!user) return undefined;
  const identity = await identityOf(src, key.accountId, 'user', user.userName, user.permissionsBoundary);
  return {
    secretAccessKey: key.secretAccessKey,
    policies: identity.policies,
    ...(identity.permissionsBoundary ? { permissionsBoundary: identity.permissionsBoundary } : {}),
    tags: identity.tags,
    principal: { type: 'IAMUser', accountId: key.accountId, arn: user.arn, principalId: user.userId, accessKeyId, userName: user.userName },
  };
}
