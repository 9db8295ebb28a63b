import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, randomIds, MasterKey } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { createStorage, type Storage } from '../../storage/index.js';
import { FindingsStore } from '../../findings/index.js';
import { PolicyMonitor, policyConditions } from './policy-findings.js';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
let dir: string;
let store: Store;
let storage: Storage;
const clock = new ManualClock(Date.UTC(2026, 10, 25, 12));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-policy-'));
  store = await openStore(':memory:');
  storage = await createStorage({ store, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
  await store.db.insertInto('macie_sessions').values({ account_id: ACCOUNT, region: REGION, status: 'ENABLED', finding_publishing_frequency: 'FIFTEEN_MINUTES', created_at: 0, updated_at: 0 }).execute();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function policyFindings() {
  const list = await new FindingsStore(store.db, store.dialect, randomIds).list({ accountId: ACCOUNT, region: REGION, clock }, { findingCriteria: { criterion: { category: { eq: ['POLICY'] } } } });
  return new FindingsStore(store.db, store.dialect, randomIds).get({ accountId: ACCOUNT, region: REGION, clock }, list.findingIds ?? []);
}

describe('policy findings', () => {
  it('raises nothing for a new bucket (Block Public Access on by default), and S3BlockPublicAccessDisabled once the block is deleted', async () => {
    await storage.embedded.createBucket({ bucket: 'fresh-data', accountId: ACCOUNT, region: REGION });
    const monitor = new PolicyMonitor({ store, storage, ids: randomIds, clock });
    await monitor.evaluateAll();
    expect(await policyFindings()).toEqual([]);
    await storage.embedded.setBucketField('fresh-data', 'public_access_block', null);
    await monitor.evaluateAll();
    expect((await policyFindings()).map((f) => f.type)).toEqual(['Policy:IAMUser/S3BlockPublicAccessDisabled']);
  });

  it('raises a finding when a bucket becomes public, does not recount while it stays so, and updates it when it happens again', async () => {
    await storage.embedded.createBucket({ bucket: 'shared-data', accountId: ACCOUNT, region: REGION });
    await storage.embedded.setBucketField('shared-data', 'public_access_block', JSON.stringify({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false }));
    const monitor = new PolicyMonitor({ store, storage, ids: randomIds, clock });
    await monitor.evaluateAll();
    expect(await policyFindings()).toEqual([]);

    const publicPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-data/*' }] });
    await storage.embedded.setBucketField('shared-data', 'policy', publicPolicy);
    clock.advance(60_000);
    await monitor.evaluateAll();
    await monitor.evaluateAll();
    let found = await policyFindings();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ type: 'Policy:IAMUser/S3BucketPublic', count: 1, severity: { description: 'High' }, resourcesAffected: { s3Bucket: { name: 'shared-data' } } });

    await storage.embedded.setBucketField('shared-data', 'policy', null);
    clock.advance(60_000);
    await monitor.evaluateAll();
    await storage.embedded.setBucketField('shared-data', 'policy', publicPolicy);
    clock.advance(60_000);
    await monitor.evaluateAll();
    found = await policyFindings();
    expect(found).toHaveLength(1);
    expect(found[0]!.count).toBe(2);
    expect(found[0]!.updatedAt!.getTime()).toBe(clock.nowMs());
  });

  it('names each condition from the configuration', () => {
    const base = { name: 'b', ownerAccountId: ACCOUNT, region: REGION, createdAt: new Date(0), encryption: [{ SSEAlgorithm: 'AES256' }], grants: [], versioning: 'Unversioned' as const, tags: [] };
    const blocked = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    expect(policyConditions({ ...base, publicAccessBlock: blocked })).toEqual([]);
    expect(policyConditions({ ...base, publicAccessBlock: blocked, encryption: [] })).toEqual(['Policy:IAMUser/S3BucketEncryptionDisabled']);
    expect(policyConditions({ ...base })).toEqual(['Policy:IAMUser/S3BlockPublicAccessDisabled']);
    const external = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: '*' }] });
    expect(policyConditions({ ...base, publicAccessBlock: blocked, policy: external })).toEqual(['Policy:IAMUser/S3BucketSharedExternally']);
    // Replication: to the account itself or a member of its Macie organization is not external; to anyone else it is.
    const replicating = { ...base, publicAccessBlock: blocked, replication: { destinations: [{ bucket: 'copy', account: '444455556666' }] } };
    expect(policyConditions(replicating)).toEqual(['Policy:IAMUser/S3BucketReplicatedExternally']);
    expect(policyConditions(replicating, new Set([ACCOUNT, '444455556666']))).toEqual([]);
    expect(policyConditions({ ...replicating, replication: { destinations: [{ bucket: 'copy', account: ACCOUNT }] } })).toEqual([]);
  });
});
