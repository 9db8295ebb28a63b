// SSH public keys and X.509 signing certificates uploaded for IAM users: one table, told apart by kind. The body is
// kept as uploaded (GetSSHPublicKey and ListSigningCertificates return it); the fingerprint is what duplicates are
// found by.
import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { Database } from '../../store/index.js';

export type UserCredentialKind = 'ssh' | 'signing';

export interface UserCredential {
  id: string;
  accountId: string;
  kind: UserCredentialKind;
  userName: string;
  body: string;
  fingerprint: string;
  status: 'Active' | 'Inactive';
  uploadedAt: Date;
}

export class UserCredentials {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async add(c: Omit<UserCredential, 'status' | 'uploadedAt'>): Promise<UserCredential> {
    const uploadedAt = this.clock.nowMs();
    await this.db
      .insertInto('iam_user_credentials')
      .values({ credential_id: c.id, account_id: c.accountId, kind: c.kind, user_name: c.userName, body: c.body, fingerprint: c.fingerprint, status: 'Active', uploaded_at: uploadedAt })
      .execute();
    return { ...c, status: 'Active', uploadedAt: new Date(uploadedAt) };
  }

  /** A user's credentials of one kind, oldest first; every user's when userName is omitted. */
  async list(accountId: string, kind: UserCredentialKind, userName?: string): Promise<UserCredential[]> {
    let q = this.db.selectFrom('iam_user_credentials').selectAll().where('account_id', '=', accountId).where('kind', '=', kind);
    if (userName !== undefined) q = q.where('user_name', '=', userName);
    return (await q.orderBy('uploaded_at').orderBy('credential_id').execute()).map(toCredential);
  }

  async get(accountId: string, kind: UserCredentialKind, userName: string, id: string): Promise<UserCredential | undefined> {
    const row = await this.db
      .selectFrom('iam_user_credentials')
      .selectAll()
      .where('credential_id', '=', id)
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .where('user_name', '=', userName)
      .executeTakeFirst();
    return row ? toCredential(row) : undefined;
  }

  async setStatus(accountId: string, kind: UserCredentialKind, userName: string, id: string, status: 'Active' | 'Inactive'): Promise<boolean> {
    const res = await this.db.updateTable('iam_user_credentials').set({ status }).where('credential_id', '=', id).where('account_id', '=', accountId).where('kind', '=', kind).where('user_name', '=', userName).executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }


  async delete(accountId: string, kind: UserCredentialKind, userName: string, id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('iam_user_credentials').where('credential_id', '=', id).where('account_id', '=', accountId).where('kind', '=', kind).where('user_name', '=', userName).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}

function toCredential(row: Database['iam_user_credentials']): UserCredential {
  return {
    id: row.credential_id,
    accountId: row.account_id,
    kind: row.kind,
    userName: row.user_name,
    body: row.body,
    fingerprint: row.fingerprint,
    status: row.status === 'Inactive' ? 'Inactive' : 'Active',
    uploadedAt: new Date(Number(row.uploaded_at)),
  };
}
