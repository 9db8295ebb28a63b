// Server certificates (UploadServerCertificate and friends): the certificate, its chain, path and tags. The private
// key uploaded with a certificate is checked against it and dropped: nothing in Sift serves TLS with it, and no IAM
// operation returns it.
import type { Kysely } from 'kysely';
import type { Clock } from '../../common/index.js';
import type { Database } from '../../store/index.js';
import { swapColumn } from '../../store/index.js';

export interface ServerCertificateRecord {
  accountId: string;
  name: string;
  certificateId: string;
  path: string;
  arn: string;
  body: string;
  chain?: string;
  expiration: Date;
  tags: { Key: string; Value: string }[];
  uploadedAt: Date;
}

export class ServerCertificates {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Stores a certificate; undefined when the account already has one of that name. */
  async add(c: Omit<ServerCertificateRecord, 'arn' | 'uploadedAt'>): Promise<ServerCertificateRecord | undefined> {
    const uploadedAt = this.clock.nowMs();
    const res = await this.db
      .insertInto('iam_server_certificates')
      .values({ account_id: c.accountId, name: c.name, certificate_id: c.certificateId, path: c.path, body: c.body, chain: c.chain ?? null, expiration: c.expiration.getTime(), tags: JSON.stringify(c.tags), uploaded_at: uploadedAt })
      .onConflict((oc) => oc.columns(['account_id', 'name']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
    return this.get(c.accountId, c.name);
  }

  async get(accountId: string, name: string): Promise<ServerCertificateRecord | undefined> {
    const row = await this.db.selectFrom('iam_server_certificates').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async list(accountId: string, pathPrefix = '/'): Promise<ServerCertificateRecord[]> {
    const rows = await this.db.selectFrom('iam_server_certificates').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
    return rows.map(toRecord).filter((r) => r.path.startsWith(pathPrefix));
  }

  /** Changes the tags without losing a concurrent change of other keys (see swapColumn); false: no such certificate. */
  async changeTags(accountId: string, name: string, change: (tags: { Key: string; Value: string }[]) => { Key: string; Value: string }[]): Promise<boolean> {
    return swapColumn(this.db, 'iam_server_certificates', 'tags', { account_id: accountId, name }, (text) => JSON.stringify(change(JSON.parse(text!) as { Key: string; Value: string }[])));
  }

  /** Renames and/or moves a certificate: 'taken' when the new name is another certificate's. */
  async update(accountId: string, name: string, change: { name?: string; path?: string; tags?: { Key: string; Value: string }[] }): Promise<'ok' | 'missing' | 'taken'> {
    if (change.name !== undefined && change.name !== name && (await this.get(accountId, change.name))) return 'taken';
    const set: Partial<Database['iam_server_certificates']> = {};
    if (change.name !== undefined) set.name = change.name;
    if (change.path !== undefined) set.path = change.path;
    if (change.tags !== undefined) set.tags = JSON.stringify(change.tags);
    if (!Object.keys(set).length) return (await this.get(accountId, name)) ? 'ok' : 'missing';
    try {
      const res = await this.db.updateTable('iam_server_certificates').set(set).where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
      return Number(res.numUpdatedRows) > 0 ? 'ok' : 'missing';
    } catch (e) {
      // The primary key: another request took the new name in between.
      if (change.name !== undefined && (await this.get(accountId, change.name))) return 'taken';
      throw e;
    }
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    const res = await this.db.deleteFrom('iam_server_certificates').where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async count(accountId: string): Promise<number> {
    const row = await this.db.selectFrom('iam_server_certificates').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}

function toRecord(row: Database['iam_server_certificates']): ServerCertificateRecord {
  return {
    accountId: row.account_id,
    name: row.name,
    certificateId: row.certificate_id,
    path: row.path,
    arn: `arn:aws:iam::${row.account_id}:server-certificate${row.path}${row.name}`,
    body: row.body,
    ...(row.chain ? { chain: row.chain } : {}),
    expiration: new Date(Number(row.expiration)),
    tags: JSON.parse(row.tags) as { Key: string; Value: string }[],
    uploadedAt: new Date(Number(row.uploaded_at)),
  };
}
