// Issue 11: `kill -9` during delivery, restart: every event stored before the crash is delivered exactly once. A real
// child server delivers every second (SIFT_TRAIL_DELIVERY_SECONDS=1) while calls keep coming and is killed with
// SIGKILL three times at random moments; afterwards every stored management event appears in exactly one record of
// one log file, and no event appears twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { openStore } from '../../../src/store/index.js';
import { startChild, type ChildServer } from '../child-server.js';
import { trailBucketPolicy } from './trail-policy.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sift-trail-crash-'));
const creds = { accessKeyId: 'AKIATRAILCRASHTEST01', secretAccessKey: 'trailcrashtesttrailcrashtesttrailcrash00' };
const ACCOUNT = '111122223333';
const env = { SIFT_DATA_DIR: dataDir, SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: ACCOUNT, SIFT_TRAIL_DELIVERY_SECONDS: '1' };
let child: ChildServer | undefined;
afterAll(async () => {
  await child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: creds, forcePathStyle: true, maxAttempts: 1 });

async function deliveredIds(endpoint: string): Promise<string[]> {
  const s3 = new S3Client(config(endpoint));
  const ids: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: 'trail', Prefix: 'AWSLogs/' })) {
    for (const o of page.Contents ?? []) {
      const body = await (await s3.send(new GetObjectCommand({ Bucket: 'trail', Key: o.Key! }))).Body!.transformToByteArray();
      for (const r of JSON.parse(gunzipSync(Buffer.from(body)).toString('utf8')).Records) ids.push(r.eventID);
    }
  }
  return ids;
}

describe('trail delivery survives kill -9', () => {
  it('delivers every stored event exactly once across three SIGKILLs', { timeout: 240_000 }, async () => {
    child = await startChild(env);
    const s3 = new S3Client(config(child.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'trail' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'trail', Policy: trailBucketPolicy({ bucket: 'trail', accountId: ACCOUNT, region: 'us-east-1', trail: 'crash' }) }));
    const ct = new CloudTrailClient(config(child.endpoint));
    await ct.send(new CreateTrailCommand({ Name: 'crash', S3BucketName: 'trail' }));
    await ct.send(new StartLoggingCommand({ Name: 'crash' }));

    for (let cycle = 0; cycle < 3; cycle++) {
      const sts = new STSClient(config(child.endpoint));
      // Calls keep coming while deliveries run every second; the kill lands somewhere among them.
      const killAfter = 1200 + Math.floor(Math.random() * 1500);
      const started = Date.now();
      const calls: Promise<unknown>[] = [];
      while (Date.now() - started < killAfter) {
        calls.push(sts.send(new GetCallerIdentityCommand({})).catch(() => undefined));
        if (calls.length % 20 === 0) await Promise.all(calls.splice(0));
      }
      await child.kill('SIGKILL');
      await Promise.all(calls);
      child = await startChild(env);
    }
    await child.kill('SIGKILL');

    // What the store holds now is what must be delivered: every management event since logging started.
    const store = await openStore(join(dataDir, 'sift.db'));
    const stored = await store.db.selectFrom('audit_events').select(['event_id', 'event_name']).where('management', '=', 1).orderBy('seq').execute();
    await store.close();
    const start = stored.findIndex((e) => e.event_name === 'StartLogging');
    const expected = stored.slice(start + 1).map((e) => e.event_id);
    expect(expected.length).toBeGreaterThan(50);

    child = await startChild(env);
    let ids: string[] = [];
    for (let i = 0; i < 400; i++) {
      ids = await deliveredIds(child.endpoint);
      const got = new Set(ids);
      if (expected.every((id) => got.has(id))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const got = new Set(ids);
    expect(expected.filter((id) => !got.has(id))).toEqual([]);
    // Exactly once: no event in two files (or twice in one).
    expect(ids.length).toBe(got.size);
  });
});
