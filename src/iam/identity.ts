// Resolves the access key of a signed request to who is calling: the secret to check the signature with, the
// principal (root, IAM user or assumed role) and the identity policies that govern it.
import type { Principal } from '../common/index.js';
import type { IamDirectory } from './directory.js';
import type { SessionStore } from './sessions.js';

export interface ResolvedCredential {
  secretAccessKey: string;
  /** Required on the request when the key is temporary. */
  sessionToken?: string;
  expiresAt?: Date;
  principal: Principal;
  /** Identity-based policy documents (JSON) of the principal; none for root. */
  policies: string[];
  /** The session policy of an assumed role, which further limits it. */
  sessionPolicy?: string;
}

export async function resolveCredential(dir: IamDirectory, sessions: SessionStore, accessKeyId: string): Promise<ResolvedCredential | undefined> {
  if (accessKeyId.startsWith('ASIA')) {
    const s = await sessions.get(accessKeyId);
    if (!s) return undefined;
    const role = await dir.getRole(s.accountId, s.roleName);
    const policies = role && role.roleId === s.roleId ? (await dir.listPolicies(s.accountId, 'role', role.roleName)).map((p) => p.document) : [];
    return {
      secretAccessKey: s.secretAccessKey,
      sessionToken: s.sessionToken,
      expiresAt: s.expiresAt,
      sessionPolicy: s.sessionPolicy,
      policies,
      principal: {
        type: 'AssumedRole',
        accountId: s.accountId,
        arn: `arn:aws:sts::${s.accountId}:assumed-role/${s.roleName}/${s.sessionName}`,
        principalId: `${s.roleId}:${s.sessionName}`,
        accessKeyId,
        session: { roleName: s.roleName, roleArn: s.roleArn, roleId: s.roleId, sessionName: s.sessionName, creationDate: s.createdAt },
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
  const policies = (await dir.listPolicies(key.accountId, 'user', user.userName)).map((p) => p.document);
  return {
    secretAccessKey: key.secretAccessKey,
    policies,
    principal: { type: 'IAMUser', accountId: key.accountId, arn: user.arn, principalId: user.userId, accessKeyId, userName: user.userName },
  };
}
