// Test fixtures for jobs: a real store, a real embedded object store in a temp directory, generated files, an
// in-memory event sink and a manual clock. Used by this part's tests only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ManualClock, randomIds, MasterKey } from '../common/index.js';
import { randomUUID } from 'node:crypto';
import { BullMqQueue, InProcessQueue, type WorkQueue } from '../queue/index.js';
import { createStorage, type Storage } from '../storage/index.js';
import { openStore, type Store } from '../store/index.js';
import type { BucketAccessCheck } from './bucket-check.js';
import { MemoryJobEventSink } from './events.js';
import { ClassificationJobs, type JobsOptions } from './service.js';
import type { DetectionResolver, QuotaBytesFor } from './runner.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const SCOPE = { accountId: ACCOUNT, region: REGION };

/** Valid card numbers (Luhn) for generated files. */
const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832', '4024007198964305', '4716461583322103', '5425233430109903', '2223000048410010', '4111111111111111'];

export function csvWithCards(rows: number, seed = 0): string {
  const lines = ['name,credit card number,city'];
  for (let i = 0; i < rows; i++) {
    const n = CARDS[(seed + i) % 7]!; // the last card is a well-known test number Macie ignores
    lines.push(`Person ${seed}-${i},${n.replace(/(\d{4})(?=\d)/g, '$1 ')},City ${i}`);
  }
  return lines.join('\n') + '\n';
}

export function plainText(lines: number, seed = 0): string {
  return Array.from({ length: lines }, (_, i) => `line ${seed}-${i}: the quick brown fox jumps over the lazy dog`).join('\n') + '\n';
}

export interface JobsFixture {
  store: Store;
  storage: Storage;
  clock: ManualClock;
  sink: MemoryJobEventSink;
  jobs: ClassificationJobs;
  queue: WorkQueue;
  dir: string;
  put(bucket: string, key: string, body: string, tags?: Array<{ Key: string; Value: string }>): Promise<void>;
  bucket(name: string, options?: { accountId?: string; region?: string }): Promise<void>;
  /** A second ClassificationJobs over the same store and objects, as a restarted server would build. */
  restart(): Promise<ClassificationJobs>;
  /** Another process's ClassificationJobs over the same store and objects, named `holder` in leases (stopped on close). */
  another(holder: string): ClassificationJobs;
  close(): Promise<void>;
}

export async function jobsFixture(options: { jobs?: Partial<JobsOptions>; bucketAccess?: BucketAccessCheck; detection?: DetectionResolver; quotaBytes?: QuotaBytesFor; clockStart?: string; store?: Store } = {}): Promise<JobsFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sift-jobs-'));
  const store = options.store ?? (await openStore(join(dir, 'sift.db')));
  const clock = new ManualClock(Date.parse(options.clockStart ?? '2026-03-10T12:00:00Z'));
  const storage = await createStorage({ store, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
  const sink = new MemoryJobEventSink();
  const make = (holder?: string) => {
    // SIFT_TEST_JOBS_QUEUE=redis://… runs the same tests over BullMQ.
    const redis = process.env.SIFT_TEST_JOBS_QUEUE;
    const queue: WorkQueue = redis
      ? new BullMqQueue({ url: redis, name: `jobs-test-${randomUUID()}`, prefix: 'sift-test', backoffMs: 1, maxAttempts: 2 })
      : new InProcessQueue({ backoffMs: 1, maxAttempts: 2 });
    const jobs = new ClassificationJobs({
      store, clock, ids: randomIds, queue, storage, events: sink, bucketAccess: options.bucketAccess, detection: options.detection, quotaBytes: options.quotaBytes,
      options: { unitMaxObjects: 3, tickMs: 3_600_000, concurrency: 2, ...options.jobs },
      ...(holder ? { holder } : {}),
    });
    return { queue, jobs };
  };
  const first = make();
  let current = first.jobs;
  const others: ClassificationJobs[] = [];
  return {
    store, storage, clock, sink, jobs: first.jobs, queue: first.queue, dir,
    async put(bucket, key, body, tags) {
      await storage.embedded.putObject(bucket, key, Readable.from([Buffer.from(body)]), { headers: { ContentType: 'text/plain' }, tags });
    },
    async bucket(name, o = {}) {
      await storage.embedded.createBucket({ bucket: name, accountId: o.accountId ?? ACCOUNT, region: o.region ?? REGION });
    },
    async restart() {
      const next = make();
      current = next.jobs;
      return next.jobs;
    },
    another(holder) {
      const other = make(holder).jobs;
      others.push(other);
      return other;
    },
    async close() {
      for (const o of others) await o.stop();
      await current.stop();
      await first.jobs.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function findingsOf(store: Store, jobId: string) {
  return store.db.selectFrom('macie_findings').select(['id', 'type', 'object_key', 'bucket_name', 'severity_description', 'finding']).where('job_id', '=', jobId).orderBy('object_key').execute();
}
