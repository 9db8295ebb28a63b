// Macie's quota on revealing samples: 100 retrievals per S3 object per day, the day turning at midnight UTC. Counted
// when a retrieval starts (polls of one retrieval do not count), per account, Region and object, in the store so that
// a restart or another process sees the same count. Rows of past days are dropped as new days are counted.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/index.js';

const NAMESPACE = 'macie-reveal-daily-count';

/** Retrievals of samples allowed per object per day (Macie's quota). */
export const REVEALS_PER_OBJECT_PER_DAY = 100;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Counts one retrieval for the object today, unless the quota is used up; returns whether it was counted.
 * Keys start with the day, so earlier days sort first and are deleted in one statement.
 */
export async function countReveal(db: Kysely<Database>, nowMs: number, object: { accountId: string; region: string; bucket: string; key: string }): Promise<boolean> {
  const day = dayOf(nowMs);
  const key = `${day}/${object.accountId}/${object.region}/${object.bucket}/${object.key}`;
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('kv').where('namespace', '=', NAMESPACE).where('key', '<', `${day}/`).execute();
    const row = await trx.selectFrom('kv').select('value').where('namespace', '=', NAMESPACE).where('key', '=', key).executeTakeFirst();
    const count = row ? Number(row.value) : 0;
    if (count >= REVEALS_PER_OBJECT_PER_DAY) return false;
    if (row) await trx.updateTable('kv').set({ value: String(count + 1) }).where('namespace', '=', NAMESPACE).where('key', '=', key).execute();
    else await trx.insertInto('kv').values({ namespace: NAMESPACE, key, value: '1' }).execute();
    return true;
  });
}
