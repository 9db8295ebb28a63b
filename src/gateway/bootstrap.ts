// First start: the administrator account and its root credentials, random or taken from SIFT_ACCOUNT_ID /
// SIFT_ROOT_ACCESS_KEY_ID / SIFT_ROOT_SECRET_ACCESS_KEY. The secret lives only sealed in the database;
// `credentials.json` (0600) keeps the account and key id, so the banner can print the secret only on the start
// that generated it. A secret an earlier version wrote there in clear is moved into the database and removed.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { IdSource, MasterKey, SiftConfig } from '../common/index.js';
import { newAccountId, type IamDirectory } from '../iam/index.js';
import type { Database } from '../store/index.js';
import { FILE_MODE } from './data-dir.js';

export interface RootCredentials {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** True when the secret was generated on this start: only then does the banner print it. */
  generated: boolean;
}

interface StoredCredentials {
  accountId?: string;
  accessKeyId?: string;
  /** Only in files written before secrets were sealed in the database. */
  secretAccessKey?: string;
}

export const credentialsFile = (dataDir: string) => join(dataDir, 'credentials.json');

export async function ensureRootCredentials(config: SiftConfig, directory: IamDirectory, ids: IdSource): Promise<RootCredentials> {
  const file = credentialsFile(config.dataDir);
  const stored: StoredCredentials = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const accountId = config.accountId ?? stored.accountId ?? newAccountId(ids);
  const accessKeyId = config.rootAccessKeyId ?? stored.accessKeyId;
  const wantedSecret = config.rootSecretAccessKey ?? stored.secretAccessKey;
  await directory.ensureAccount(accountId);
  const existing = accessKeyId ? await directory.getAccessKey(accessKeyId) : undefined;
  let creds: RootCredentials;
  if (!existing || existing.accountId !== accountId || existing.userName || (wantedSecret !== undefined && existing.secretAccessKey !== wantedSecret)) {
    const key = await directory.putRootKey(accountId, accessKeyId, wantedSecret);
    creds = { accountId, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, generated: wantedSecret === undefined };
  } else {
    creds = { accountId, accessKeyId: existing.accessKeyId, secretAccessKey: existing.secretAccessKey, generated: false };
  }
  if (stored.accessKeyId !== creds.accessKeyId || stored.accountId !== creds.accountId || stored.secretAccessKey !== undefined) {
    // Temp file and rename: a crash never leaves a half-written file, and the old clear-text secret goes with it.
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ accountId: creds.accountId, accessKeyId: creds.accessKeyId }, null, 2) + '\n', { mode: FILE_MODE });
    renameSync(tmp, file);
  }
  return creds;
}

const CHECK_NAMESPACE = 'sift';
const CHECK_KEY = 'master-key-check';

/**
 * Fails at start, with a message that says why, when the master key is not the one the database's secrets were
 * sealed with (SIFT_MASTER_KEY changed, or master.key replaced), instead of failing on every request later.
 */
export async function verifyMasterKey(db: Kysely<Database>, masterKey: MasterKey): Promise<void> {
  const box = masterKey.secretBox('sift/master-key-check');
  const row = await db.selectFrom('kv').select('value').where('namespace', '=', CHECK_NAMESPACE).where('key', '=', CHECK_KEY).executeTakeFirst();
  if (!row) {
    await db.insertInto('kv').values({ namespace: CHECK_NAMESPACE, key: CHECK_KEY, value: box.seal('sift', CHECK_KEY) }).onConflict((oc) => oc.doNothing()).execute();
    return;
  }
  try {
    box.open(row.value, CHECK_KEY);
  } catch {
    throw new Error('the master key does not open this database\'s secrets: SIFT_MASTER_KEY or <data-dir>/master.key is not the key they were sealed with');
  }
}
