// Accounts bound to external S3 endpoints, persisted in the store (`sift storage bind`) or given by configuration.
// A bound account's buckets are read from its endpoint; every other account's from the embedded store.
import type { Kysely } from 'kysely';
import type { Clock } from '../common/index.js';
import type { Database } from '../store/index.js';
import type { ExternalEndpoint } from './external.js';

export interface StorageBinding extends ExternalEndpoint {
  accountId: string;
  createdAt: Date;
}

export class StorageBindings {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async bind(accountId: string, ep: ExternalEndpoint): Promise<StorageBinding> {
    if (!/^\d{12}$/.test(accountId)) throw new TypeError(`account id must be 12 digits: ${accountId}`);
    let url: URL;
    try {
      url = new URL(ep.endpoint);
    } catch {
      throw new TypeError(`endpoint must be an http(s) URL: ${ep.endpoint}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`endpoint must be an http(s) URL: ${ep.endpoint}`);
    const row = {
      account_id: accountId,
      endpoint: ep.endpoint,
      region: ep.region,
      access_key_id: ep.accessKeyId,
      secret_access_key: ep.secretAccessKey,
      session_token: ep.sessionToken ?? null,
      force_path_style: ep.forcePathStyle ? 1 : 0,
      created_at: this.clock.nowMs(),
    };
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('storage_bindings').where('account_id', '=', accountId).execute();
      await tx.insertInto('storage_bindings').values(row).execute();
    });
    return toBinding(row);
  }

  async unbind(accountId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('storage_bindings').where('account_id', '=', accountId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async get(accountId: string): Promise<StorageBinding | undefined> {
    const row = await this.db.selectFrom('storage_bindings').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row ? toBinding(row) : undefined;
  }

  async list(): Promise<StorageBinding[]> {
    return (await this.db.selectFrom('storage_bindings').selectAll().orderBy('account_id').execute()).map(toBinding);
  }
}

function toBinding(row: Database['storage_bindings']): StorageBinding {
  return {
    accountId: row.account_id,
    endpoint: row.endpoint,
    region: row.region,
    accessKeyId: row.access_key_id,
    secretAccessKey: row.secret_access_key,
    sessionToken: row.session_token ?? undefined,
    forcePathStyle: row.force_path_style === 1,
    createdAt: new Date(Number(row.created_at)),
  };
}
