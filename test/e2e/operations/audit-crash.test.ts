// Issue 18: the audit record of an acknowledged call survives kill -9. Calls are answered, the server is killed with
// SIGKILL the moment the last answer arrives (no drain, no flush), and every answered call's record is in the store.
import { describe, expect, it } from 'vitest';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { crashRig } from './serve-process.js';

const rig = crashRig('audit-crash');

describe('audit durability', () => {
  it('keeps the record of every acknowledged call across kill -9', { timeout: 120_000 }, async () => {
    const acknowledged: string[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      const child = await rig.start();
      const logs = new CloudWatchLogsClient(rig.config(child.endpoint));
      const sts = new STSClient(rig.config(child.endpoint));
      // Concurrent calls (one group commit or several), then a last one alone; kill as soon as it is answered.
      const answers = await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => logs.send(new CreateLogGroupCommand({ logGroupName: `crash-${cycle}-${i}` }))),
        ...Array.from({ length: 20 }, () => sts.send(new GetCallerIdentityCommand({}))),
      ]);
      const last = await logs.send(new CreateLogGroupCommand({ logGroupName: `crash-${cycle}-last` }));
      await rig.killNow();
      for (const a of [...answers, last]) acknowledged.push(a.$metadata.requestId!);
    }
    const store = await rig.store();
    try {
      const rows = await store.db.selectFrom('audit_events').select('record').where('event_name', 'in', ['CreateLogGroup', 'GetCallerIdentity']).execute();
      const stored = new Set(rows.map((r) => JSON.parse(r.record).requestID as string));
      expect(acknowledged).toHaveLength(123);
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
