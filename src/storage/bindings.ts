// Accounts bound to external S3 endpoints, persisted in the store (`sift storage bind`) or given by configuration.
// A bound account's buckets are read from its endpoint; every other account's from the embedded store. The endpoint's
// secret access key is kept sealed under a key derived from the master key, bound to the account id.
import type { Kysely } from 'kysely';
import { SecretBox, type Clock, type MasterKey } from '../common/index.js';
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
    private readonly secrets: SecretBox,
  ) {}

  /** The bindings with their secrets sealed under the key derived from `masterKey` for them. */
  static withMasterKey(db: Kysely<Database>, clock: Clock, masterKey: MasterKey): StorageBindings {
    return new StorageBindings(db, clock, masterKey.secretBox('sift/storage/binding-secrets'));
  }

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
      secret_access_key: this.secrets.seal(ep.secretAccessKey, accountId),
      session_token: ep.sessionToken ?? null,
      force_path_style: ep.forcePathStyle ? 1 : 0,
      created_at: this.clock.nowMs(),
    };
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('storage_bindings').where('account_id', '=', accountId).execute();
      await tx.insertInto('storage_bindings').values(row).execute();
    });
    return { ...toBinding(row), secretAccessKey: ep.secretAccessKey };
  }

  /** Seals endpoint secrets stored in clear by an earlier version; returns how many. Run at start. */
  async sealStoredSecrets(): Promise<number> {
    const rows = await this.db.selectFrom('storage_bindings').select(['account_id', 'secret_access_key']).where('secret_access_key', 'not like', 'sift1:%').execute();
    for (const row of rows) {
      await this.db
        .updateTable('storage_bindings')
        .set({ secret_access_key: this.secrets.seal(row.secret_access_key, row.account_id) })
        .where('account_id', '=', row.account_id)
        .where('secret_access_key', '=', row.secret_access_key)
        .execute();
    }
    return rows.length;
  }

  private open(row: Database['storage_bindings']): StorageBinding {
    const binding = toBinding(row);
    const stored = row.secret_access_key;
    return { ...binding, secretAccessKey: SecretBox.isSealed(stored) ? this.secrets.open(stored, row.account_id) : stored };
  }

  async unbind(accountId: string): Promise<boolean> {
    const res = await this.db.deleteFrom('storage_bindings').where('account_id', '=', accountId).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async get(accountId: string): Promise<StorageBinding | undefined> {
    const row = await this.db.selectFrom('storage_bindings').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row ? this.open(row) : undefined;
  }

  async list(): Promise<StorageBinding[]> {
    return (await this.db.selectFrom('storage_bindings').selectAll().orderBy('account_id').execute()).map((r) => this.open(r));
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
