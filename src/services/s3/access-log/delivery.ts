// Delivers access log records into their target buckets as log objects (S3: "Server access log records are
// delivered on a best-effort basis"; typically within a few hours). A delivery runs once the oldest waiting record
// is `intervalMs` old on the injected clock (a real-time timer looks every `tickMs`). It claims records in groups —
// one log object per target bucket, prefix, key format and (partitioned) source bucket and event day — by writing
// the object's delivery id into them, then writes each object and deletes its records. The key is derived from the
// delivery id, so a delivery interrupted after its claim is redone (by this process or the next holder of the task)
// under the same key: records are never lost, and a retried object replaces itself.
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { periodicTask, type Clock, type IdSource, type Logger } from '../../../common/index.js';
import type { Database } from '../../../store/index.js';
import type { EmbeddedStore } from '../../../storage/index.js';
import type { Background } from '../../types.js';
import { targetAcceptsLogs, type KeyFormat } from './config.js';
import { logObjectKey } from './format.js';

export interface AccessLogDeliveryDeps {
  db: Kysely<Database>;
  store: EmbeddedStore;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** How old (clock time) the oldest record gets before a delivery (default 5 minutes). */
  intervalMs?: number;
  tickMs?: number;
  /** Most records in one log object. */
  maxRecordsPerObject?: number;
}

export interface AccessLogDelivery extends Background {
  /** Claims and writes every waiting record now; returns how many log objects were written. */
  deliver(): Promise<number>;
}

const DAY_MS = 86_400_000;

export function createAccessLogDelivery(deps: AccessLogDeliveryDeps): AccessLogDelivery {
  const intervalMs = deps.intervalMs ?? 5 * 60_000;
  const tickMs = deps.tickMs ?? 1000;
  const maxPerObject = deps.maxRecordsPerObject ?? 10_000;
  const { db, logger } = deps;

  /** Writes one claimed log object and drops its records. */
  async function write(delivery: string): Promise<boolean> {
    const rows = await db.selectFrom('s3_access_log_records').selectAll().where('delivery', '=', delivery).orderBy('id').execute();
    if (!rows.length) return false;
    const first = rows[0]!;
    const [deliveryMs, unique] = delivery.split('-') as [string, string];
    const key = logObjectKey({
      prefix: first.target_prefix,
      format: first.key_format as KeyFormat,
      deliveryMs: Number(deliveryMs),
      eventMs: Number(first.event_ms),
      sourceAccount: first.source_account,
      sourceRegion: first.source_region,
      sourceBucket: first.source_bucket,
      unique,
    });
    const body = Buffer.from(rows.map((r) => r.line).join('\n') + '\n');
    const target = await deps.store.findBucket(first.target_bucket);
    // S3 checks the target's permissions at delivery too: a policy withdrawn since PutBucketLogging stops delivery.
    if (!target || !targetAcceptsLogs(target, first.target_prefix, { name: first.source_bucket, account_id: first.source_account })) {
      logger.warn('s3 access log: records dropped; the target bucket is gone or no longer lets the logging service write', { targetBucket: first.target_bucket, records: rows.length });
      await db.deleteFrom('s3_access_log_records').where('delivery', '=', delivery).execute();
      return false;
    }
    try {
      await deps.store.putObject(first.target_bucket, key, Readable.from([body]), { headers: { ContentType: 'text/plain' } });
    } catch (err) {
      const status = (err as { httpStatus?: number }).httpStatus;
      // A target that is gone or refuses the write (S3: no delivery to SSE-KMS default encryption) will not take these
      // records later either: they are dropped, as S3 drops them. Anything else is retried at the next delivery.
      if (status === undefined || (status >= 500 && status !== 501)) throw err;
      logger.warn('s3 access log: records dropped; the target bucket does not accept them', { targetBucket: first.target_bucket, records: rows.length, code: (err as { code?: string }).code });
    }
    await db.deleteFrom('s3_access_log_records').where('delivery', '=', delivery).execute();
    return true;
  }

  async function claim(now: number): Promise<string[]> {
    const rows = await db
      .selectFrom('s3_access_log_records')
      .select(['id', 'source_bucket', 'target_bucket', 'target_prefix', 'key_format', 'event_ms'])
      .where('delivery', 'is', null)
      .orderBy('id')
      .limit(maxPerObject * 10)
      .execute();
    const groups = new Map<string, string[]>();
    for (const r of rows) {
      const partitioned = r.key_format !== 'simple';
      const day = r.key_format === 'EventTime' ? Math.floor(Number(r.event_ms) / DAY_MS) : '';
      const g = [r.target_bucket, r.target_prefix, r.key_format, partitioned ? r.source_bucket : '', day].join('\n');
      const ids = groups.get(g) ?? [];
      ids.push(r.id);
      groups.set(g, ids);
    }
    const deliveries: string[] = [];
    for (const ids of groups.values()) {
      for (let i = 0; i < ids.length; i += maxPerObject) {
        // S3's UniqueString: 16 upper-case hex characters.
        const delivery = `${now}-${deps.ids.hex(8).toUpperCase()}`;
        const chunk = ids.slice(i, i + maxPerObject);
        for (let j = 0; j < chunk.length; j += 500) {
          await db.updateTable('s3_access_log_records').set({ delivery }).where('id', 'in', chunk.slice(j, j + 500)).where('delivery', 'is', null).execute();
        }
        deliveries.push(delivery);
      }
    }
    return deliveries;
  }

  async function deliver(): Promise<number> {
    const now = deps.clock.nowMs();
    // Deliveries claimed earlier and not finished (a process stopped mid-delivery) come first.
    const unfinished = await db.selectFrom('s3_access_log_records').select('delivery').distinct().where('delivery', 'is not', null).execute();
    let written = 0;
    for (const d of [...unfinished.map((u) => u.delivery!), ...(await claim(now))]) if (await write(d)) written++;
    return written;
  }

  async function due(): Promise<boolean> {
    const oldest = await db.selectFrom('s3_access_log_records').select(['event_ms']).orderBy('id').limit(1).executeTakeFirst();
    return oldest !== undefined && Number(oldest.event_ms) <= deps.clock.nowMs() - intervalMs;
  }

  const task = periodicTask({
    everyMs: tickMs,
    run: async () => ((await due()) ? deliver() : 0),
    onError: (err) => logger.warn('s3 access log delivery failed', { error: err instanceof Error ? err.message : String(err) }),
  });

  return { deliver, start: task.start, stop: task.stop };
}
