// What a multi-process test (API tier and workers on PostgreSQL and Redis) starts from: a fresh database, a data
// directory and a Redis key prefix of its own, the environment every `sift` process of the deployment gets, and
// `drop()` that removes all three once the processes are gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../../src/store/test-databases.js';
import { dropRedisKeys, TEST_REDIS_URL } from '../../src/queue/test-redis.js';

export interface SharedDeployment {
  env: Record<string, string>;
  databaseUrl: string;
  drop(): Promise<void>;
}

/** `name` names the database and data directory; `extra` adds or overrides variables (quick leases and ticks). */
export async function sharedDeployment(
  name: string,
  root: { accountId: string; accessKeyId: string; secretAccessKey: string },
  extra: Record<string, string> = {},
): Promise<SharedDeployment> {
  const database = await createTestDatabase(`sift_${name.replace(/-/g, '_')}`);
  const dataDir = mkdtempSync(join(tmpdir(), `sift-${name}-`));
  const prefix = `sift-test-${randomUUID().slice(0, 8)}`;
  const env = {
    SIFT_DATA_DIR: dataDir,
    SIFT_DATABASE_URL: database.url,
    SIFT_REDIS_URL: TEST_REDIS_URL,
    SIFT_REDIS_PREFIX: prefix,
    SIFT_ROOT_ACCESS_KEY_ID: root.accessKeyId,
    SIFT_ROOT_SECRET_ACCESS_KEY: root.secretAccessKey,
    SIFT_ACCOUNT_ID: root.accountId,
    SIFT_LOG_LEVEL: 'info',
    ...extra,
  };
  const drop = async () => {
    await dropRedisKeys(`${prefix}:*`);
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { env, databaseUrl: database.url, drop };
}
