// Server access logging below the API: S3's record format (time, operation names, quoting that keeps a record on
// one line), log object keys (simple and partitioned), the target policy check with S3's source conditions, and
// the recorder and delivery over a real store: only buckets with logging on are recorded, a delivery claimed by a
// process that stopped before writing is finished by the next one, and a withdrawn target policy stops delivery.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, randomIds, silentLogger } from '../../../common/index.js';
import { openStore } from '../../../store/index.js';
import { EmbeddedStore } from '../../../storage/index.js';
import type { ServedCall } from '../../types.js';
import { createAccessLogDelivery, createAccessLogRecorder, formatRecord, lifecycleOperation, logObjectKey, logTime, operationField, policyAllowsLogging, toPending } from './index.js';

const ACCOUNT = '111122223333';

describe('access log records', () => {
  it('formats the time, the operation and every field as S3 does', () => {
    expect(logTime(Date.UTC(2019, 1, 6, 0, 0, 38))).toBe('[06/Feb/2019:00:00:38 +0000]');
    expect(operationField('GetObject', 'GET')).toBe('REST.GET.OBJECT');
    expect(operationField('GetBucketVersioning', 'GET')).toBe('REST.GET.VERSIONING');
    expect(operationField('PutBucketLogging', 'PUT')).toBe('REST.PUT.LOGGING_STATUS');
    expect(operationField('CopyObject', 'PUT')).toBe('REST.COPY.OBJECT');
    expect(operationField('DeleteObjects', 'POST')).toBe('REST.POST.MULTI_OBJECT_DELETE');
    const line = formatRecord({
      bucketOwner: ACCOUNT, bucket: 'src', timeMs: Date.UTC(2019, 1, 6, 0, 0, 38), remoteIp: '192.0.2.3', requester: `arn:aws:iam::${ACCOUNT}:user/alice`, requestId: 'REQ1',
      operation: 'GetObject', key: 'a b/c.txt', method: 'GET', url: '/src/a%20b/c.txt', httpVersion: '1.1', status: 200, bytesSent: 113, objectSize: 113, totalMs: 7.4, turnAroundMs: 3,
      userAgent: 'evil"agent\nsecond line', versionId: 'v1', signatureVersion: 'SigV4', authType: 'AuthHeader', host: 'localhost:4566',
    });
    expect(line).toBe(
      `${ACCOUNT} src [06/Feb/2019:00:00:38 +0000] 192.0.2.3 arn:aws:iam::${ACCOUNT}:user/alice REQ1 REST.GET.OBJECT a%20b/c.txt "GET /src/a%20b/c.txt HTTP/1.1" 200 - 113 113 7 3 "-" "evil\\"agentsecond line" v1 - SigV4 - AuthHeader localhost:4566 - - -`,
    );
    expect(line.includes('\n')).toBe(false);
    // A lifecycle action: S3's own request, with nothing to say of HTTP.
    expect(formatRecord({ bucketOwner: ACCOUNT, bucket: 'src', timeMs: Date.UTC(2019, 1, 6), remoteIp: '-', requester: 'AmazonS3', requestId: 'AB12', operation: lifecycleOperation({ kind: 'transition', storageClass: 'DEEP_ARCHIVE' }), key: 'k', method: '-', httpVersion: '1.1', totalMs: Number.NaN, turnAroundMs: Number.NaN, objectSize: 9 })).toBe(
      `${ACCOUNT} src [06/Feb/2019:00:00:00 +0000] - AmazonS3 AB12 S3.TRANSITION_GDA.OBJECT k "-" - - - 9 - - "-" "-" - - - - - - - - -`,
    );
  });

  it('keeps presigned URLs’ signatures and session tokens out of the Request-URI', () => {
    const url = '/src/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F&X-Amz-Security-Token=tok123&X-Amz-Signature=abcdef0123&x-id=GetObject';
    const p = toPending({ ...call('src', 'k', 'R', 0), url, requestHeaders: {} });
    expect(p!.url).toBe('/src/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F&X-Amz-Security-Token=REDACTED&X-Amz-Signature=REDACTED&x-id=GetObject');
    expect(p!.authType).toBe('QueryString');
    expect(p!.signatureVersion).toBe('SigV4');
  });

  it('names log objects with SimplePrefix and PartitionedPrefix', () => {
    const base = { prefix: 'logs/', deliveryMs: Date.UTC(2026, 4, 2, 13, 4, 5), eventMs: Date.UTC(2026, 4, 1, 23, 59), sourceAccount: ACCOUNT, sourceRegion: 'us-east-1', sourceBucket: 'src', unique: '0123456789ABCDEF' };
    expect(logObjectKey({ ...base, format: 'simple' })).toBe('logs/2026-05-02-13-04-05-0123456789ABCDEF');
    expect(logObjectKey({ ...base, format: 'EventTime' })).toBe(`logs/${ACCOUNT}/us-east-1/src/2026/05/01/2026-05-01-00-00-00-0123456789ABCDEF`);
    expect(logObjectKey({ ...base, format: 'DeliveryTime' })).toBe(`logs/${ACCOUNT}/us-east-1/src/2026/05/02/2026-05-02-13-04-05-0123456789ABCDEF`);
  });

  it('checks that the target’s policy lets the logging service write for this source', () => {
    const policy = (condition: object, resource = 'arn:aws:s3:::tgt/logs/*') =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: resource, Condition: condition }] });
    const target = { name: 'tgt', account_id: ACCOUNT };
    const source = { name: 'src', account_id: ACCOUNT };
    expect(policyAllowsLogging(policy({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }), target, 'logs/', source)).toBe(true);
    expect(policyAllowsLogging(policy({ StringEquals: { 'aws:SourceAccount': '999999999999' } }), target, 'logs/', source)).toBe(false);
    expect(policyAllowsLogging(policy({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::other' } }), target, 'logs/', source)).toBe(false);
    expect(policyAllowsLogging(policy({}, 'arn:aws:s3:::tgt/elsewhere/*'), target, 'logs/', source)).toBe(false);
    expect(policyAllowsLogging(null, target, 'logs/', source)).toBe(false);
  });
});

const call = (bucket: string, key: string, requestId: string, receivedMs: number): ServedCall => ({
  operation: 'GetObject', input: { Bucket: bucket, Key: key }, target: { bucket, key }, principalArn: `arn:aws:iam::${ACCOUNT}:root`, requestId, receivedMs, turnAroundMs: 1, totalMs: 2,
  sourceIp: '127.0.0.1', method: 'GET', url: `/${bucket}/${key}`, httpVersion: '1.1', requestHeaders: { authorization: 'AWS4-HMAC-SHA256 Credential=…', host: 'localhost' }, status: 200,
  responseHeaders: { 'content-length': '3' }, bytesSent: 3,
});

describe('recording and delivery', () => {
  it('records calls to logged buckets only, and finishes a delivery an earlier process claimed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-access-log-'));
    const db = await openStore(':memory:');
    try {
      const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
      const store = new EmbeddedStore({ db: db.db, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
      await store.open();
      for (const bucket of ['src', 'quiet', 'tgt']) await store.createBucket({ bucket, accountId: ACCOUNT, region: 'us-east-1' });
      await store.setBucketField('src', 'logging', JSON.stringify({ TargetBucket: 'tgt', TargetPrefix: 'logs/' }));
      const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::tgt/*' }] };
      await store.setBucketField('tgt', 'policy', JSON.stringify(allow));
      const recorder = createAccessLogRecorder({ db: db.db, ids: randomIds, logger: silentLogger });
      recorder.served(call('src', 'a.txt', 'R1', clock.nowMs()));
      recorder.served(call('quiet', 'b.txt', 'R2', clock.nowMs()));
      await recorder.flush();
      const rows = await db.db.selectFrom('s3_access_log_records').selectAll().execute();
      expect(rows.map((r) => r.source_bucket)).toEqual(['src']);

      // A delivery claimed, then its process stopped before writing the object.
      await db.db.updateTable('s3_access_log_records').set({ delivery: `${clock.nowMs()}-00000000000000AA` }).execute();
      recorder.served(call('src', 'c.txt', 'R3', clock.nowMs()));
      await recorder.flush();
      const delivery = createAccessLogDelivery({ db: db.db, store, clock, ids: randomIds, logger: silentLogger });
      expect(await delivery.deliver()).toBe(2);
      const keys = (await store.listObjects('tgt')).objects.map((o) => o.key);
      expect(keys).toContain('logs/2026-01-01-12-00-00-00000000000000AA');
      expect(keys).toHaveLength(2);
      expect(await db.db.selectFrom('s3_access_log_records').selectAll().execute()).toEqual([]);
      const texts = [];
      for (const k of keys) {
        const chunks: Buffer[] = [];
        for await (const c of await store.readBytes(await store.object('tgt', k))) chunks.push(c as Buffer);
        texts.push(Buffer.concat(chunks).toString());
      }
      expect(texts.join('')).toMatch(/R1 REST\.GET\.OBJECT a\.txt /);
      expect(texts.join('')).toMatch(/R3 REST\.GET\.OBJECT c\.txt /);
      expect(texts.join('')).not.toContain('R2');

      // The policy withdrawn: records are dropped at delivery rather than written.
      await store.setBucketField('tgt', 'policy', null);
      recorder.served(call('src', 'd.txt', 'R4', clock.nowMs()));
      await recorder.flush();
      expect(await delivery.deliver()).toBe(0);
      expect((await store.listObjects('tgt')).objects).toHaveLength(2);
      expect(await db.db.selectFrom('s3_access_log_records').selectAll().execute()).toEqual([]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
