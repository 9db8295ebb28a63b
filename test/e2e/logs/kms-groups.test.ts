// KMS-keyed log groups end to end with the real @aws-sdk/client-cloudwatch-logs and @aws-sdk/client-kms: a key
// whose policy has the statement CloudWatch Logs documents for logs.<region>.amazonaws.com (with the
// kms:EncryptionContext:aws:logs:arn condition), a group created with it, events written and read back (GetLogEvents,
// FilterLogEvents with a pattern), no planted text anywhere under the data directory (SQLite database included),
// a disabled key stopping writes and reads, DisassociateKmsKey, and keys Logs may not use refused.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AssociateKmsKeyCommand,
  CloudWatchLogsClient,
  CreateExportTaskCommand,
  CreateLogGroupCommand,
  DescribeExportTasksCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DisassociateKmsKeyCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CancelKeyDeletionCommand, CreateKeyCommand, DisableKeyCommand, EnableKeyCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { logsExportBucketPolicy } from '../service-policies.js';
import { startServer, type TestServer } from '../harness.js';
import { outcome } from '../security/principals.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let logs: CloudWatchLogsClient;
let kms: KMSClient;

beforeAll(async () => {
  server = await startServer();
  logs = new CloudWatchLogsClient(server.clientConfig());
  kms = new KMSClient(server.clientConfig());
});
afterAll(async () => server?.close());

/** A key policy: the account's root, plus (when `logsGroups` is given) the statement CloudWatch Logs documents. */
function keyPolicy(logsGroups?: string): string {
  const statements: object[] = [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'kms:*', Resource: '*' }];
  if (logsGroups) {
    statements.push({
      Effect: 'Allow',
      Principal: { Service: `logs.${server.region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${server.region}:${server.accountId}:log-group:${logsGroups}` } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** A key policy allowing CloudWatch Logs to seal the account's query results (the query-result ARN as context). */
function resultsKeyPolicy(): string {
  const policy = JSON.parse(keyPolicy()) as { Statement: object[] };
  policy.Statement.push({
    Effect: 'Allow',
    Principal: { Service: `logs.${server.region}.amazonaws.com` },
    Action: ['kms:Decrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${server.region}:${server.accountId}:query-result:*` } },
  });
  return JSON.stringify(policy);
}

/** Runs `fields @message` over a group and answers GetQueryResults once it has run. */
async function runQuery(group: string) {
  const now = Math.floor(Date.now() / 1000);
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: group, startTime: now - 3600, endTime: now + 60, queryString: 'fields @message' }));
  await server.sift.logsQueries.settled(queryId!);
  return { queryId: queryId!, ...(await logs.send(new GetQueryResultsCommand({ queryId }))) };
}

const newKey = async (policy: string) => (await kms.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata!.Arn!;

/** Every file under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesContaining(path, text));
    else if (readFileSync(path).includes(needle)) found.push(path);
  }
  return found;
}

/** Where events are stored: data directory files, and the event rows when the events live in the database. */
async function storedContaining(text: string): Promise<string[]> {
  const found = filesContaining(server.dataDir, text);
  if (server.sift.store.dialect === 'postgres') {
    const rows = await sql<{ seq: number }>`select seq from logs_event_rows where position(${Buffer.from(text, 'utf8')}::bytea in message) > 0`.execute(server.sift.store.db);
    found.push(...rows.rows.map((r) => `logs_event_rows seq ${r.seq}`));
  }
  return found;
}

const put = (group: string, stream: string, messages: string[]) =>
  logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ timestamp: Date.now() + i, message })) }));
const read = async (group: string, stream: string) => ((await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }))).events ?? []).map((e) => e.message);

describe('KMS-keyed log groups', () => {
  it('stores the events of a keyed group encrypted and reads them back', async () => {
    const keyArn = await newKey(keyPolicy('app-*'));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'app-secure', kmsKeyId: keyArn }));
    const described = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'app-secure' }))).logGroups!;
    expect(described[0]!.kmsKeyId).toBe(keyArn);
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'app-secure', logStreamName: 's1' }));
    const planted = 'PLANTED-4f1c9e-card 4111111111111111';
    await put('app-secure', 's1', [`first ${planted}`, `second ${planted} ERROR`]);
    expect(await read('app-secure', 's1')).toEqual([`first ${planted}`, `second ${planted} ERROR`]);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: 'app-secure', filterPattern: 'ERROR' }));
    expect(filtered.events!.map((e) => e.message)).toEqual([`second ${planted} ERROR`]);
    expect(await storedContaining('PLANTED-4f1c9e')).toEqual([]);
    // The same text in a group without a key is found (the grep does look where events are stored).
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'plain' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'plain', logStreamName: 's1' }));
    await put('plain', 's1', ['PLANTED-clear-77']);
    expect((await storedContaining('PLANTED-clear-77')).length).toBeGreaterThan(0);
  });

  it('a disabled key stops writes and reads; enabling it again restores both', async () => {
    const keyArn = await newKey(keyPolicy('app-*'));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'app-disabled', kmsKeyId: keyArn }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'app-disabled', logStreamName: 's' }));
    await put('app-disabled', 's', ['before']);
    await kms.send(new DisableKeyCommand({ KeyId: keyArn }));
    expect(await outcome(put('app-disabled', 's', ['during']))).toBe('InvalidParameterException');
    expect(await outcome(read('app-disabled', 's'))).toBe('InvalidParameterException');
    expect(await outcome(logs.send(new FilterLogEventsCommand({ logGroupName: 'app-disabled' })))).toBe('InvalidParameterException');
    expect(await outcome(logs.send(new AssociateKmsKeyCommand({ logGroupName: 'app-disabled', kmsKeyId: keyArn })))).toBe('InvalidParameterException');
    await kms.send(new EnableKeyCommand({ KeyId: keyArn }));
    expect(await read('app-disabled', 's')).toEqual(['before']);
  });

  it('AssociateKmsKey keys new events; DisassociateKmsKey stores new ones clear and keeps old ones readable', async () => {
    const keyArn = await newKey(keyPolicy('app-*'));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'app-later' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'app-later', logStreamName: 's' }));
    await put('app-later', 's', ['clear-before']);
    await logs.send(new AssociateKmsKeyCommand({ logGroupName: 'app-later', kmsKeyId: keyArn }));
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'app-later' }))).logGroups![0]!.kmsKeyId).toBe(keyArn);
    await put('app-later', 's', ['PLANTED-keyed-31']);
    expect(await storedContaining('PLANTED-keyed-31')).toEqual([]);
    await logs.send(new DisassociateKmsKeyCommand({ logGroupName: 'app-later' }));
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'app-later' }))).logGroups![0]!.kmsKeyId).toBeUndefined();
    await put('app-later', 's', ['clear-after', '\u0000Kz:looks sealed']);
    expect(await read('app-later', 's')).toEqual(['clear-before', 'PLANTED-keyed-31', 'clear-after', '\u0000Kz:looks sealed']);
    expect(await outcome(logs.send(new AssociateKmsKeyCommand({ resourceIdentifier: `arn:aws:logs:${server.region}:${server.accountId}:query-result:x`, kmsKeyId: keyArn })))).toBe('InvalidParameterException');
  });

  it('seals Logs Insights results under the query-result key; a disabled or deleted key makes them unreadable', async () => {
    const resultsArn = `arn:aws:logs:${server.region}:${server.accountId}:query-result:*`;
    const keyArn = await newKey(keyPolicy('app-*'));
    // A key Logs may use only for log groups is refused for query results (the context is the query-result ARN).
    expect(await outcome(logs.send(new AssociateKmsKeyCommand({ resourceIdentifier: resultsArn, kmsKeyId: keyArn })))).toBe('AccessDeniedException');
    expect(await outcome(logs.send(new AssociateKmsKeyCommand({ resourceIdentifier: resultsArn, logGroupName: 'x', kmsKeyId: keyArn })))).toBe('InvalidParameterException');
    const resultsKey = await newKey(resultsKeyPolicy());
    await logs.send(new AssociateKmsKeyCommand({ resourceIdentifier: resultsArn, kmsKeyId: resultsKey }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'app-queried', kmsKeyId: keyArn }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'app-queried', logStreamName: 's' }));
    await put('app-queried', 's', ['PLANTED-result-77 one', 'PLANTED-result-77 two']);
    const sealed = await runQuery('app-queried');
    expect(sealed.status).toBe('Complete');
    expect(sealed.encryptionKey).toBe(resultsKey);
    expect(sealed.results!.map((r) => r.find((f) => f.field === '@message')!.value).sort()).toEqual(['PLANTED-result-77 one', 'PLANTED-result-77 two']);
    expect(filesContaining(server.dataDir, 'PLANTED-result-77')).toEqual([]);
    // Disassociating affects later queries only; the earlier results still open while the key works.
    await logs.send(new DisassociateKmsKeyCommand({ resourceIdentifier: resultsArn }));
    const later = await runQuery('app-queried');
    expect(later.encryptionKey).toBeUndefined();
    expect(later.results).toHaveLength(2);
    await kms.send(new DisableKeyCommand({ KeyId: resultsKey }));
    expect(await outcome(logs.send(new GetQueryResultsCommand({ queryId: sealed.queryId })))).toBe('InvalidParameterException');
    expect((await logs.send(new GetQueryResultsCommand({ queryId: later.queryId }))).results).toHaveLength(2);
    await kms.send(new EnableKeyCommand({ KeyId: resultsKey }));
    expect((await logs.send(new GetQueryResultsCommand({ queryId: sealed.queryId }))).results).toHaveLength(2);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: resultsKey, PendingWindowInDays: 7 }));
    expect(await outcome(logs.send(new GetQueryResultsCommand({ queryId: sealed.queryId })))).toBe('InvalidParameterException');
    // A query started while a key that Logs can no longer use is associated fails rather than storing its results otherwise.
    await kms.send(new CancelKeyDeletionCommand({ KeyId: resultsKey }));
    await kms.send(new EnableKeyCommand({ KeyId: resultsKey }));
    await logs.send(new AssociateKmsKeyCommand({ resourceIdentifier: resultsArn, kmsKeyId: resultsKey }));
    await kms.send(new DisableKeyCommand({ KeyId: resultsKey }));
    expect((await runQuery('app-queried')).status).toBe('Failed');
    await logs.send(new DisassociateKmsKeyCommand({ resourceIdentifier: resultsArn }));
  });

  it('refuses a key whose policy does not allow CloudWatch Logs, or not for this group', async () => {
    const noLogs = await newKey(keyPolicy());
    expect(await outcome(logs.send(new CreateLogGroupCommand({ logGroupName: 'app-refused', kmsKeyId: noLogs })))).toBe('AccessDeniedException');
    expect((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'app-refused' }))).logGroups).toEqual([]);
    const otherGroups = await newKey(keyPolicy('other-*'));
    expect(await outcome(logs.send(new CreateLogGroupCommand({ logGroupName: 'app-refused', kmsKeyId: otherGroups })))).toBe('AccessDeniedException');
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'app-refused' }));
    expect(await outcome(logs.send(new AssociateKmsKeyCommand({ logGroupName: 'app-refused', kmsKeyId: noLogs })))).toBe('AccessDeniedException');
    expect(await outcome(logs.send(new AssociateKmsKeyCommand({ logGroupName: 'missing', kmsKeyId: noLogs })))).toBe('ResourceNotFoundException');
  });

  it('a key pending deletion stops writes; exports and filter patterns see the messages as put', async () => {
    const keyArn = await newKey(keyPolicy('app-*'));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'app-export', kmsKeyId: keyArn }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'app-export', logStreamName: 'web' }));
    await put('app-export', 'web', ['GET /a 200', 'GET /b 500']);
    const s3 = new S3Client(server.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'keyed-exports' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'keyed-exports', Policy: logsExportBucketPolicy('keyed-exports', server.accountId, server.region) }));
    const { taskId } = await logs.send(new CreateExportTaskCommand({ logGroupName: 'app-export', from: 0, to: Date.now() + 60_000, destination: 'keyed-exports', destinationPrefix: 'exp' }));
    const deadline = Date.now() + 15_000;
    let code: string | undefined;
    while ((code = (await logs.send(new DescribeExportTasksCommand({ taskId }))).exportTasks?.[0]?.status?.code) !== 'COMPLETED' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(code).toBe('COMPLETED');
    const key = (await s3.send(new ListObjectsV2Command({ Bucket: 'keyed-exports', Prefix: `exp/${taskId}/` }))).Contents![0]!.Key!;
    const body = gunzipSync(await (await s3.send(new GetObjectCommand({ Bucket: 'keyed-exports', Key: key }))).Body!.transformToByteArray()).toString('utf8');
    expect(body.trimEnd().split('\n').map((l) => l.slice(25))).toEqual(['GET /a 200', 'GET /b 500']);
    const matched = await logs.send(new FilterLogEventsCommand({ logGroupName: 'app-export', filterPattern: '"500"' }));
    expect(matched.events!.map((e) => e.message)).toEqual(['GET /b 500']);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyArn, PendingWindowInDays: 7 }));
    expect(await outcome(put('app-export', 'web', ['after']))).toBe('InvalidParameterException');
    expect(await outcome(read('app-export', 'web'))).toBe('InvalidParameterException');
    await kms.send(new CancelKeyDeletionCommand({ KeyId: keyArn }));
    await kms.send(new EnableKeyCommand({ KeyId: keyArn }));
    expect(await read('app-export', 'web')).toEqual(['GET /a 200', 'GET /b 500']);
  });

  it('works with the aws CLI: create-log-group --kms-key-id, associate-kms-key, disassociate-kms-key', async (ctx) => {
    if (!awsCliAvailable) return ctx.skip(); // the aws CLI is not installed here
    const keyArn = await newKey(keyPolicy('cli-*'));
    const env = server.cliEnv();
    const run = async (...args: string[]) => {
      const out = await aws(env, ['logs', ...args]);
      if (out.code !== 0) throw new Error(`aws logs ${args.join(' ')} failed: ${out.stderr}`);
      return out.json;
    };
    await run('create-log-group', '--log-group-name', 'cli-keyed', '--kms-key-id', keyArn);
    await run('create-log-group', '--log-group-name', 'cli-later');
    await run('associate-kms-key', '--log-group-name', 'cli-later', '--kms-key-id', keyArn);
    const described = await run('describe-log-groups', '--log-group-name-prefix', 'cli-');
    expect(described.logGroups.map((g: any) => [g.logGroupName, g.kmsKeyId])).toEqual([['cli-keyed', keyArn], ['cli-later', keyArn]]);
    await run('disassociate-kms-key', '--log-group-name', 'cli-later');
    expect((await run('describe-log-groups', '--log-group-name-prefix', 'cli-later')).logGroups[0].kmsKeyId).toBeUndefined();
    const refused = await aws(env, ['logs', 'associate-kms-key', '--log-group-name', 'cli-later', '--kms-key-id', await newKey(keyPolicy())]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('AccessDeniedException');
  });
});
