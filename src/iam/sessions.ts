// Temporary credentials issued by sts:AssumeRole: an ASIA key, a secret and a session token, valid until they expire.
// The secret is kept sealed (bound to its access key id), like IAM users' secrets.
import type { Kysely } from 'kysely';
import { SecretBox, type Clock, type IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import type { IamRole } from './directory.js';
import { newSecretKey, newSessionToken, newTemporaryKeyId } from './ids.js';

export interface RoleSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleName: string;
  roleId: string;
  roleArn: string;
  sessionName: string;
  sessionPolicy?: string;
  /** Managed session policies (PolicyArns), checked to exist when the session was issued. */
  policyArns?: string[];
  /** When the caller proved MFA (SerialNumber + TokenCode) at AssumeRole. */
  mfaAt?: Date;
  /** Session tags (AssumeRole Tags): they override the role's tags of the same key as aws:PrincipalTag. */
  sessionTags?: Record<string, string>;
  /** A web-identity or SAML session: the identity provider's ARN. */
  federatedProvider?: string;
  /** ARN of the principal that assumed the role. */
  sourceIdentityArn: string;
  createdAt: Date;
  expiresAt: Date;
}

export class SessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly secrets: SecretBox,
    private readonly onChange: () => void | Promise<void> = () => undefined,
  ) {}

  async issue(
    role: IamRole,
    sessionName: string,
    durationSeconds: number,
    sourceIdentityArn: string,
    sessionPolicy?: string,
    extra: { policyArns?: string[]; mfaAt?: Date; sessionTags?: Record<string, string>; federatedProvider?: string } = {},
  ): Promise<RoleSession> {
    const now = this.clock.nowMs();
    const session: RoleSession = {
      accessKeyId: newTemporaryKeyId(this.ids),
      secretAccessKey: newSecretKey(this.ids),
      sessionToken: newSessionToken(this.ids),
      accountId: role.accountId,
      roleName: role.roleName,
      roleId: role.roleId,
      roleArn: role.arn,
      sessionName,
      sessionPolicy,
      ...(extra.policyArns?.length ? { policyArns: extra.policyArns } : {}),
      ...(extra.mfaAt ? { mfaAt: extra.mfaAt } : {}),
      ...(extra.sessionTags && Object.keys(extra.sessionTags).length ? { sessionTags: extra.sessionTags } : {}),
      ...(extra.federatedProvider ? { federatedProvider: extra.federatedProvider } : {}),
      sourceIdentityArn,
      createdAt: new Date(now),
      expiresAt: new Date(now + durationSeconds * 1000),
    };
    await this.db
      .insertInto('sts_sessions')
      .values({
        access_key_id: session.accessKeyId,
        account_id: session.accountId,
        secret_access_key: this.secrets.seal(session.secretAccessKey, session.accessKeyId),
        session_token: session.sessionToken,
        role_name: session.roleName,
        role_id: session.roleId,
        role_arn: session.roleArn,
        session_name: sessionName,
        session_policy: sessionPolicy ?? null,
        source_identity_arn: sourceIdentityArn,
        policy_arns: session.policyArns ? JSON.stringify(session.policyArns) : null,
        mfa_at: session.mfaAt ? session.mfaAt.getTime() : null,
        session_tags: session.sessionTags ? JSON.stringify(session.sessionTags) : null,
        ...(session.federatedProvider ? { federation: JSON.stringify({ provider: session.federatedProvider }) } : {}),
        created_at: now,
        expires_at: session.expiresAt.getTime(),
      })
      .execute();
    await this.onChange();
    return session;
  }

  async get(accessKeyId: string): Promise<RoleSession | undefined> {
    const row = await this.db.selectFrom('sts_sessions').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
    if (!row) return undefined;
    return {
      accessKeyId: row.access_key_id,
      secretAccessKey: SecretBox.isSealed(row.secret_access_key) ? this.secrets.open(row.secret_access_key, row.access_key_id) : row.secret_access_key,
      sessionToken: row.session_token,
      accountId: row.account_id,
      roleName: row.role_name,
      roleId: row.role_id,
      roleArn: row.role_arn,
      sessionName: row.session_name,
      sessionPolicy: row.session_policy ?? undefined,
      ...(row.policy_arns ? { policyArns: JSON.parse(row.policy_arns) as string[] } : {}),
      ...(row.mfa_at != null ? { mfaAt: new Date(Number(row.mfa_at)) } : {}),
      ...(row.session_tags ? { sessionTags: JSON.parse(row.session_tags) as Record<string, string> } : {}),
      ...(row.federation ? { federatedProvider: (JSON.parse(row.federation) as { provider: string }).provider } : {}),
      sourceIdentityArn: row.source_identity_arn,
      createdAt: new Date(Number(row.created_at)),
      expiresAt: new Date(Number(row.expires_at)),
    };
  }

  /** Seals session secrets stored in clear by an earlier version; returns how many. Run at start. */
  async sealStoredSecrets(): Promise<number> {
    const rows = await this.db.selectFrom('sts_sessions').select(['access_key_id', 'secret_access_key']).where('secret_access_key', 'not like', 'sift1:%').execute();
    for (const row of rows) {
      await this.db
        .updateTable('sts_sessions')
        .set({ secret_access_key: this.secrets.seal(row.secret_access_key, row.access_key_id) })
        .where('access_key_id', '=', row.access_key_id)
        .where('secret_access_key', '=', row.secret_access_key)
        .execute();
    }
    return rows.length;
  }

  /** Removes sessions that expired more than a day ago (kept a while so their errors say ExpiredToken). */
  async sweep(): Promise<number> {
    const res = await this.db.deleteFrom('sts_sessions').where('expires_at', '<', this.clock.nowMs() - 86_400_000).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
