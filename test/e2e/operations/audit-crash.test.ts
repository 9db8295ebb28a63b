// Issue 18: the audit record of an acknowledged call survives kill -9. Calls are answered, the server is killed with
// SIGKILL the moment the last answer arrives (no drain, no flush), and every answered call's record is in the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startChild, type ChildServer } from '../child-server.js';
import { ACCOUNT, ROOT, serverState } from './serve-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sift-audit-crash-'));
let state: Awaited<ReturnType<typeof serverState>> | undefined;
let child: ChildServer | undefined;
afterAll(async () => {
  await child?.kill('SIGKILL');
  await state?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: ROOT, maxAttempts: 1 });

describe('audit durability', () => {
  it('keeps the record of every acknowledged call across kill -9', { timeout: 120_000 }, async () => {
    state = await serverState(dataDir);
    const env = { ...state.env, SIFT_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey, SIFT_ACCOUNT_ID: ACCOUNT };
    const acknowledged: string[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      child = await startChild(env);
      const logs = new CloudWatchLogsClient(config(child.endpoint));
      const sts = new STSClient(config(child.endpoint));
      // Concurrent calls (one group commit or several), then a last one alone; kill as soon as it is answered.
      const answers = await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => logs.send(new CreateLogGroupCommand({ logGroupName: `crash-${cycle}-${i}` }))),
        ...Array.from({ length: 20 }, () => sts.send(new GetCallerIdentityCommand({}))),
      ]);
      const last = await logs.send(new CreateLogGroupCommand({ logGroupName: `crash-${cycle}-last` }));
      child.proc.kill('SIGKILL');
      await child.kill('SIGKILL');
      child = undefined;
      for (const a of [...answers, last]) acknowledged.push(a.$metadata.requestId!);
    }
    const store = await state.store();
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
