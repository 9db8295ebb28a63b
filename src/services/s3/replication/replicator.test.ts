// Replication is durable: the outbox row is written in the transaction that commits the version (PENDING), so a
// process that dies before replicating leaves it to the next one, which replicates it once; a repeated attempt
// changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, randomIds, silentLogger } from '../../../common/index.js';
import { EmbeddedStore } from '../../../storage/index.js';
import { openStore, type Store } from '../../../store/index.js';
import { createReplicator } from './replicator.js';
import type { ReplicationRoles } from './role.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/replication`;
const roles: ReplicationRoles = {
  async policiesOf(accountId, roleName) {
    return {
      role: { accountId, roleName, roleId: 'AROAEXAMPLE', path: '/', arn: ROLE, maxSessionDuration: 3600, createdAt: new Date(0), assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) },
      policies: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:ReplicateObject'], Resource: '*' }] })],
    };
  },
};
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function open(dir: string, masterKey: MasterKey, clock: ManualClock): Promise<{ store: Store; embedded: EmbeddedStore; replicator: ReturnType<typeof createReplicator> }> {
  const store = await openStore(join(dir, 'sift.db'));
  const embedded = new EmbeddedStore({ db: store.db, clock, ids: randomIds, dataDir: dir, masterKey });
  await embedded.open();
  const replicator = createReplicator({ store, embedded, roles, clock, ids: randomIds, logger: silentLogger });
  embedded.setVersionHook(replicator.onVersionWritten);
  return { store, embedded, replicator };
}

describe('replicator', () => {
  it('replicates after a restart what was written before it, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-replication-'));
    dirs.push(dir);
    const key = MasterKey.generate();
    const clock = new ManualClock(1_700_000_000_000);
    const first = await open(dir, key, clock);
    for (const b of ['src', 'dst']) {
      await first.embedded.createBucket({ bucket: b, accountId: ACCOUNT, region: 'us-east-1' });
      await first.embedded.setBucketField(b, 'versioning', 'Enabled');
    }
    const config = { Role: ROLE, Rules: [{ ID: 'r', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } }] };
    await first.embedded.setBucketField('src', 'replication', JSON.stringify(config));
    const obj = await first.embedded.putObject('src', 'k', Readable.from([Buffer.from('data')]), { headers: { Metadata: { a: '1' } } });
    expect((await first.embedded.object('src', 'k')).replicationStatus).toBe('PENDING');
    await first.store.close(); // killed before any attempt

    const second = await open(dir, key, clock);
    expect(await second.replicator.runDue()).toBe(1);
    expect((await second.embedded.object('src', 'k')).replicationStatus).toBe('COMPLETED');
    const replica = await second.embedded.object('dst', 'k', obj.versionId);
    expect(replica.replicationStatus).toBe('REPLICA');
    expect(replica.headers.Metadata).toEqual({ a: '1' });
    expect(await second.replicator.runDue()).toBe(0);
    // Writing the same replica again is a no-op.
    expect(await second.embedded.writeReplica(await second.embedded.object('src', 'k'), { bucket: 'dst' })).toBe('exists');
    const versions = await second.embedded.listVersions('dst', { maxKeys: 10 });
    expect(versions.entries).toHaveLength(1);
    await second.store.close();
  });
});
