// `sift accounts create` against a running server's data directory: the printed root keys work at once;
// `sift accounts isolate` marks the account isolated for the server (what jobs read).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { ManualClock } from '../../../src/common/index.js';
import { refused, startServer, type TestServer } from '../harness.js';
import { sift } from '../sift-cli.js';

let server: TestServer;
beforeAll(async () => {
  // The server's clock stands still: no cache of its can expire on its own while the command runs.
  server = await startServer({ clock: new ManualClock(Date.now()) });
});
afterAll(async () => server.close());

it.skipIf(!!process.env.SIFT_TEST_DATABASE_URL)('creates a standalone account whose root keys work, and isolates it', async () => {
  const dataDir = server.sift.deps.dataDir;
  const created = await sift(['accounts', 'create', '--name', 'standalone', '--email', 'standalone@example.com', '--data-dir', dataDir]);
  expect(created.code, created.stderr).toBe(0);
  const accountId = /^account (\d{12}) /.exec(created.stdout)?.[1];
  const accessKeyId = /AWS_ACCESS_KEY_ID=(\S+)/.exec(created.stdout)?.[1];
  const secretAccessKey = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(created.stdout)?.[1];
  expect(accountId).toBeDefined();
  const who = await new STSClient(server.clientConfig({ accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! })).send(new GetCallerIdentityCommand({}));
  expect(who.Account).toBe(accountId);

  const dup = await sift(['accounts', 'create', '--name', 'again', '--email', 'STANDALONE@example.com', '--data-dir', dataDir]);
  expect(dup.code).not.toBe(0);
  expect(dup.stderr).toContain('already exists');

  expect(await server.sift.accounts.condition(accountId!, 'us-east-1')).toBeUndefined();
  const standaloneIam = new IAMClient(server.clientConfig({ accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! }));
  await standaloneIam.send(new ListUsersCommand({})); // the server now holds the key's resolved credential
  const isolated = await sift(['accounts', 'isolate', accountId!, '--data-dir', dataDir]);
  expect(isolated.code, isolated.stderr).toBe(0);
  expect(await server.sift.accounts.condition(accountId!, 'us-east-1')).toBe('isolated');
  // The command is another process: the running server refuses the account's next call all the same.
  const denied = await refused(standaloneIam.send(new ListUsersCommand({})));
  expect(denied.status).toBe(403);
  expect(denied.message).toContain('is isolated');
  const missing = await sift(['accounts', 'isolate', '999999999999', '--data-dir', dataDir]);
  expect(missing.code).not.toBe(0);
}, 180_000);
