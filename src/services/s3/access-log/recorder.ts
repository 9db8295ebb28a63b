// Takes access log records off the request path, as the audit trail does its records: the gateway's `served`
// hook only queues the call's facts in memory; a timer (`flushMs`, a few milliseconds) writes them in batches,
// one query for the batch's buckets (is logging on, who owns them) and one insert, into s3_access_log_records,
// where delivery.ts picks them up. Only calls to buckets with logging enabled are kept. The queue is bounded: while
// the database refuses writes the oldest records are dropped (and counted in the log) rather than kept without limit.
import type { Kysely } from 'kysely';
import type { IdSource, Logger } from '../../../common/index.js';
import type { Database } from '../../../store/index.js';
import type { ServedCall } from '../../types.js';
import { keyFormatOf } from './config.js';
import { formatRecord, type AccessRecord } from './format.js';
import type * as T from '../../../models/s3/index.js';

export interface AccessLogRecorderDeps {
  db: Kysely<Database>;
  ids: IdSource;
  logger: Logger;
  /** Longest a record waits in memory (default 20 ms). */
  flushMs?: number;
  /** Records written per insert. */
  maxBatch?: number;
  /** Most records held while writes fail. */
  maxQueued?: number;
}

/** One action the lifecycle sweeper took on a bucket's object, version or upload. */
export interface LifecycleAction {
  bucket: string;
  key: string;
  operation: string;
  versionId?: string;
  objectSize?: number;
  timeMs: number;
}

export interface AccessLogRecorder {
  served(call: ServedCall): void;
  /** Lifecycle actions appear in server access logs as S3's own requests (requester AmazonS3). */
  lifecycle(action: LifecycleAction): void;
  flush(): Promise<void>;
  pending(): number;
}

type Pending = Omit<AccessRecord, 'bucketOwner'>;

const header = (h: ServedCall['requestHeaders'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

/** SigV2/SigV4 and header/query authentication, from the request as sent. */
function authOf(call: ServedCall): Pick<AccessRecord, 'signatureVersion' | 'authType'> {
  if (!call.principalArn) return {};
  const auth = header(call.requestHeaders, 'authorization');
  if (auth) return { signatureVersion: auth.startsWith('AWS4-') ? 'SigV4' : 'SigV2', authType: 'AuthHeader' };
  return { signatureVersion: /[?&]X-Amz-Signature=/.test(call.url) ? 'SigV4' : 'SigV2', authType: 'QueryString' };
}

/** A presigned URL's signature and session token are bearer credentials: never written into a log object. */
export const redactUrl = (url: string) => url.replace(/([?&](?:X-Amz-Signature|Signature|X-Amz-Security-Token|x-amz-security-token)=)[^&]*/g, '$1REDACTED');

const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

/** Object Size: the stored object's size for reads, the body's for writes. */
function objectSizeOf(call: ServedCall): number | undefined {
  if (call.status >= 300) return undefined;
  if (call.operation === 'GetObject' || call.operation === 'HeadObject') {
    const range = /\/(\d+)$/.exec(call.responseHeaders['content-range'] ?? '');
    return range ? Number(range[1]) : num(call.responseHeaders['content-length']);
  }
  if (call.operation === 'PutObject' || call.operation === 'UploadPart') return num(header(call.requestHeaders, 'x-amz-decoded-content-length')) ?? num(header(call.requestHeaders, 'content-length'));
  return undefined;
}

export function toPending(call: ServedCall): Pending | undefined {
  const input = call.input as { Bucket?: string; Key?: string } | undefined;
  const bucket = input?.Bucket ?? call.target.bucket;
  if (!bucket) return undefined;
  return {
    bucket,
    timeMs: call.receivedMs,
    remoteIp: call.sourceIp,
    requester: call.principalArn,
    requestId: call.requestId,
    operation: call.operation,
    key: input?.Key ?? call.target.key,
    method: call.method,
    url: redactUrl(call.url),
    httpVersion: call.httpVersion,
    status: call.status,
    errorCode: call.errorCode,
    bytesSent: call.bytesSent,
    objectSize: objectSizeOf(call),
    totalMs: call.totalMs,
    turnAroundMs: call.turnAroundMs,
    referer: header(call.requestHeaders, 'referer'),
    userAgent: header(call.requestHeaders, 'user-agent'),
    versionId: call.responseHeaders['x-amz-version-id'],
    hostId: call.responseHeaders['x-amz-id-2'],
    host: header(call.requestHeaders, 'host'),
    ...authOf(call),
  };
}

export function createAccessLogRecorder(deps: AccessLogRecorderDeps): AccessLogRecorder {
  const flushMs = deps.flushMs ?? 20;
  const maxBatch = deps.maxBatch ?? 200;
  const maxQueued = deps.maxQueued ?? 100_000;
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let tail: Promise<void> = Promise.resolve();

  async function write(batch: Pending[]): Promise<void> {
    const names = [...new Set(batch.map((r) => r.bucket))];
    const buckets = await deps.db.selectFrom('s3_buckets').select(['name', 'account_id', 'region', 'logging']).where('name', 'in', names).where('logging', 'is not', null).execute();
    if (!buckets.length) return;
    const byName = new Map(buckets.map((b) => [b.name, { ...b, target: JSON.parse(b.logging!) as T.LoggingEnabled }]));
    const rows = [];
    for (const r of batch) {
      const b = byName.get(r.bucket);
      if (!b) continue;
      rows.push({
        // Ids sort by event time, so delivery takes the oldest first.
        id: `${String(r.timeMs).padStart(15, '0')}-${deps.ids.hex(12)}`,
        source_bucket: b.name,
        source_account: b.account_id,
        source_region: b.region,
        target_bucket: b.target.TargetBucket,
        target_prefix: b.target.TargetPrefix,
        key_format: keyFormatOf(b.target),
        event_ms: r.timeMs,
        line: formatRecord({ ...r, bucketOwner: b.account_id }),
        delivery: null,
      });
    }
    for (let i = 0; i < rows.length; i += maxBatch) await deps.db.insertInto('s3_access_log_records').values(rows.slice(i, i + maxBatch)).execute();
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!queue.length) return tail;
    const batch = queue;
    queue = [];
    tail = tail.then(() =>
      write(batch).catch((err: unknown) => {
        // Put the batch back for the next flush, within the bound.
        queue = [...batch, ...queue];
        if (queue.length > maxQueued) {
          const dropped = queue.length - maxQueued;
          queue = queue.slice(dropped);
          deps.logger.error('s3 access log: queue full (the store is failing); oldest records dropped', { dropped });
        }
        deps.logger.warn('s3 access log records not written; retrying', { error: err instanceof Error ? err.message : String(err) });
        timer ??= setTimeout(() => void flush(), 1000);
        timer.unref();
      }),
    );
    return tail;
  }

  function enqueue(p: Pending): void {
    queue.push(p);
    if (queue.length >= maxBatch) void flush();
    else if (!timer) {
      timer = setTimeout(() => void flush(), flushMs);
      timer.unref();
    }
  }

  return {
    served(call) {
      const p = toPending(call);
      if (p) enqueue(p);
    },
    lifecycle(a) {
      enqueue({
        bucket: a.bucket, timeMs: a.timeMs, remoteIp: '-', requester: 'AmazonS3', requestId: deps.ids.hex(8).toUpperCase(), operation: a.operation, key: a.key, method: '-', httpVersion: '1.1',
        totalMs: Number.NaN, turnAroundMs: Number.NaN, objectSize: a.objectSize, versionId: a.versionId,
      });
    },
    flush,
    pending: () => queue.length,
  };
}
