// First start: the administrator account and its root credentials, random and stored 0600 in the data dir, or
// taken from SIFT_ACCOUNT_ID / SIFT_ROOT_ACCESS_KEY_ID / SIFT_ROOT_SECRET_ACCESS_KEY.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IdSource, SiftConfig } from '../common/index.js';
import { newAccountId, type IamDirectory } from '../iam/index.js';

export interface RootCredentials {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export const credentialsFile = (dataDir: string) => join(dataDir, 'credentials.json');

export async function ensureRootCredentials(config: SiftConfig, directory: IamDirectory, ids: IdSource): Promise<RootCredentials> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = credentialsFile(config.dataDir);
  const stored: Partial<RootCredentials> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const creds: RootCredentials = {
    accountId: config.accountId ?? stored.accountId ?? newAccountId(ids),
    accessKeyId: config.rootAccessKeyId ?? stored.accessKeyId ?? '',
    secretAccessKey: config.rootSecretAccessKey ?? stored.secretAccessKey ?? '',
  };
  await directory.ensureAccount(creds.accountId);
  const existing = creds.accessKeyId ? await directory.getAccessKey(creds.accessKeyId) : undefined;
  if (!existing || existing.secretAccessKey !== creds.secretAccessKey || existing.accountId !== creds.accountId || existing.userName) {
    const key = await directory.putRootKey(creds.accountId, creds.accessKeyId || undefined, creds.secretAccessKey || undefined);
    creds.accessKeyId = key.accessKeyId;
    creds.secretAccessKey = key.secretAccessKey;
  }
  if (stored.accessKeyId !== creds.accessKeyId || stored.secretAccessKey !== creds.secretAccessKey || stored.accountId !== creds.accountId) {
    writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return creds;
}
