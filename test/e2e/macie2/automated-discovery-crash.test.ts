// Issue 16: automated discovery's run survives `kill -9` as a job's does. The server is killed while the first run
// is part way through one bucket's objects and started again on the same data directory: the run carries on and
// every object ends up analysed once, with exactly one finding each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnableMacieCommand, GetFindingsCommand, GetResourceProfileCommand, Macie2Client, paginateListFindings, paginateListResourceProfileArtifacts, UpdateAutomatedDiscoveryConfigurationCommand } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startChild, type ChildServer } from '../child-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sift-ad-crash-'));
const creds = { accessKeyId: 'AKIAADCRASHTEST00001', secretAccessKey: 'adcrashtestadcrashtestadcrashtest0000000' };
const env = { SIFT_DATA_DIR: dataDir, SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: '111122223333' };
let child: ChildServer | undefined;
afterAll(async () => {
  await child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: creds, forcePathStyle: true, maxAttempts: 1 });
const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832', '4024007198964305'];
const OBJECTS = 300;
const csv = (i: number) => ['id,name,credit card number,notes', ...Array.from({ length: 300 }, (_, r) => `${r},Person ${i}-${r},${r % 50 === 0 ? CARDS[(i + r) % 4] : 'n/a'},${'lorem ipsum '.repeat(4)}`)].join('\n') + '\n';

async function artifacts(macie: Macie2Client): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const p of paginateListResourceProfileArtifacts({ client: macie }, { resourceArn: 'arn:aws:s3:::ad-crash' })) out.push(...p.artifacts!.map((a) => a.arn!));
  } catch (err) {
    if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
  }
  return out;
}

describe('an automated discovery run survives kill -9', () => {
  it('finishes after a restart with every object analysed once', { timeout: 180_000 }, async () => {
    child = await startChild(env);
    let macie = new Macie2Client(config(child.endpoint));
    await macie.send(new EnableMacieCommand({}));
    const s3 = new S3Client(config(child.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'ad-crash' }));
    for (let i = 0; i < OBJECTS; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => s3.send(new PutObjectCommand({ Bucket: 'ad-crash', Key: `part-${String(i + j).padStart(4, '0')}.csv`, Body: csv(i + j) }))));
    }
    await macie.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED' }));
    for (;;) {
      const n = (await artifacts(macie)).length;
      if (n > 0 && n < OBJECTS - 20) break;
      expect(n).toBeLessThan(OBJECTS - 20);
      await new Promise((r) => setTimeout(r, 5));
    }
    await child.kill('SIGKILL');

    child = await startChild(env);
    macie = new Macie2Client(config(child.endpoint));
    for (let i = 0; (await artifacts(macie)).length < OBJECTS; i++) {
      expect(i).toBeLessThan(1200);
      await new Promise((r) => setTimeout(r, 100));
    }
    const keys = await artifacts(macie);
    expect(new Set(keys).size).toBe(OBJECTS);
    const ids: string[] = [];
    for await (const page of paginateListFindings({ client: macie }, { findingCriteria: { criterion: { 'classificationDetails.originType': { eq: ['AUTOMATED_SENSITIVE_DATA_DISCOVERY'] } } } })) ids.push(...page.findingIds!);
    const found: string[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const { findings } = await macie.send(new GetFindingsCommand({ findingIds: ids.slice(i, i + 50) }));
      found.push(...findings!.map((f) => f.resourcesAffected!.s3Object!.key!));
    }
    expect(found.length).toBe(OBJECTS);
    expect(new Set(found).size).toBe(OBJECTS);
    const profile = await macie.send(new GetResourceProfileCommand({ resourceArn: 'arn:aws:s3:::ad-crash' }));
    expect(profile.statistics).toMatchObject({ totalItemsClassified: OBJECTS, totalItemsSensitive: OBJECTS });
    expect(profile.sensitivityScore).toBeGreaterThan(50);
  });
});
