// CloudWatch Logs Insights end to end (issue 17 item 5) with @aws-sdk/client-cloudwatch-logs and the aws CLI: a real
// Macie job's events counted by `stats count(*) by eventType` over /aws/macie/classificationjobs; parse and
// filter … like queries returning the right rows; a KMS-keyed group queried in clear; MalformedQueryException as AWS
// shapes it; StopQuery, DescribeQueries and saved query definitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteQueryDefinitionCommand,
  DescribeQueriesCommand,
  DescribeQueryDefinitionsCommand,
  FilterLogEventsCommand,
  GetLogRecordCommand,
  GetQueryResultsCommand,
  MalformedQueryException,
  PutLogEventsCommand,
  PutQueryDefinitionCommand,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
  type ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateClassificationJobCommand, DescribeClassificationJobCommand, EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { outcome, secondAccount, userWithPolicy } from '../security/principals.js';

let server: TestServer;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  server = await startServer();
  logs = new CloudWatchLogsClient(server.clientConfig());
});
afterAll(async () => server?.close());

const JOBS_GROUP = '/aws/macie/classificationjobs';
const nowSeconds = () => Math.floor(Date.now() / 1000);
const asObject = (row: ResultField[]) => Object.fromEntries(row.map((f) => [f.field!, f.value!]));

/** Starts a query over the last hour and returns its results once it has run (no polling: the server says when). */
async function query(groups: string[], queryString: string, extra: { limit?: number } = {}) {
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupNames: groups, startTime: nowSeconds() - 3600, endTime: nowSeconds() + 60, queryString, ...extra }));
  await server.sift.logsQueries.settled(queryId!);
  const out = await logs.send(new GetQueryResultsCommand({ queryId }));
  return { queryId: queryId!, ...out, rows: (out.results ?? []).map(asObject) };
}

async function putEvents(group: string, stream: string, messages: string[], kmsKeyId?: string) {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group, ...(kmsKeyId ? { kmsKeyId } : {}) }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  const t = Date.now() - messages.length;
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ timestamp: t + i, message })) }));
}

describe('CloudWatch Logs Insights', () => {
  it('counts the events of a real Macie job with stats count(*) by eventType', { timeout: 120_000 }, async () => {
    const macie = new Macie2Client(server.clientConfig());
    const s3 = new S3Client(server.clientConfig());
    await macie.send(new EnableMacieCommand({}));
    await s3.send(new CreateBucketCommand({ Bucket: 'insights-data' }));
    await s3.send(new PutObjectCommand({ Bucket: 'insights-data', Key: 'people.csv', Body: 'name,ssn\nAnn,536-90-4399\nBo,219-09-9999\n' }));
    await s3.send(new PutObjectCommand({ Bucket: 'insights-data', Key: 'readme.txt', Body: 'nothing here\n' }));
    const { jobId } = await macie.send(
      new CreateClassificationJobCommand({ clientToken: 'insights-job', jobType: 'ONE_TIME', name: 'insights job', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['insights-data'] }] } }),
    );
    // The job runs in Sift's job workers; its status and events are read back as a client would.
    let events: Record<string, unknown>[] = [];
    for (let i = 0; i < 600; i++) {
      const job = await macie.send(new DescribeClassificationJobCommand({ jobId }));
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: JOBS_GROUP })).catch(() => undefined);
      events = (out?.events ?? []).map((e) => JSON.parse(e.message!));
      if (job.jobStatus === 'COMPLETE' && events.some((e) => e.eventType === 'JOB_COMPLETED')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(events.some((e) => e.eventType === 'JOB_COMPLETED')).toBe(true);
    const expected: Record<string, string> = {};
    for (const e of events) expected[String(e.eventType)] = String(Number(expected[String(e.eventType)] ?? 0) + 1);

    const out = await query([JOBS_GROUP], 'stats count(*) by eventType');
    expect(out.status).toBe('Complete');
    expect(Object.fromEntries(out.rows.map((r) => [r.eventType, r['count(*)']]))).toEqual(expected);
    expect(out.results![0]!.map((f) => f.field)).toEqual(['eventType', 'count(*)']);
    expect(out.statistics).toMatchObject({ recordsMatched: events.length, recordsScanned: events.length });
    expect(out.statistics!.bytesScanned).toBeGreaterThan(0);

    // JSON fields by dotted path, @logStream (the job id) and a filter on a nested field.
    const created = await query([JOBS_GROUP], 'filter eventType = "JOB_CREATED" | fields jobId, @logStream, eventType');
    expect(created.rows).toEqual([{ jobId, '@logStream': jobId, eventType: 'JOB_CREATED', '@ptr': expect.any(String) }]);
    // @ptr leads to the whole event.
    const { logRecord } = await logs.send(new GetLogRecordCommand({ logRecordPointer: created.rows[0]!['@ptr'] }));
    expect(logRecord).toMatchObject({ jobId, eventType: 'JOB_CREATED', '@logStream': jobId, '@log': `${server.accountId}:${JOBS_GROUP}`, jobName: 'insights job' });
    expect(JSON.parse(logRecord!['@message']!)).toMatchObject({ jobId, eventType: 'JOB_CREATED' });
    expect((await logs.send(new GetLogRecordCommand({ logRecordPointer: 'bm90LWEtcHRy' })).catch((e) => e)).name).toBe('InvalidParameterException');
    // unnest over the job's events: a LIST jsonParse made of two fields gives two rows per event; a MAP is a list of one.
    const pairs = await query([JOBS_GROUP], `fields jsonParse(concat('["', eventType, '","', jobId, '"]')) as pair | unnest pair into item | stats count(*) as n by item`);
    expect(Object.fromEntries(pairs.rows.map((r) => [r.item, r.n]))).toEqual({ ...expected, [jobId!]: String(events.length) });
    const whole = await query([JOBS_GROUP], 'fields jsonParse(@message) as js | unnest js into ev | fields ev.eventType as type, jsonStringify(ev) as text | display type, text');
    expect(whole.rows.length).toBe(events.length);
    for (const r of whole.rows) expect(JSON.parse(r.text!)).toMatchObject({ eventType: r.type, jobId });
    // IP address functions: no job field is an address, and an account id is in no subnet.
    const ips = await query([JOBS_GROUP], 'filter not isValidIp(jobId) and not isIpInSubnet(adminAccountId, "0.0.0.0/0") | stats count(*) as n');
    expect(ips.rows).toEqual([{ n: String(events.length) }]);
    // pattern over the job's eventType: one pattern per type (no digits in them), counts and ratios as the events say.
    const patterns = await query([JOBS_GROUP], 'pattern eventType | sort @sampleCount desc, @pattern asc');
    expect(patterns.results![0]!.map((f) => f.field)).toEqual(['@pattern', '@ratio', '@sampleCount', '@severityLabel']);
    const byType = Object.fromEntries(patterns.rows.map((r) => [r['@pattern'], r['@sampleCount']]));
    expect(byType).toEqual(expected);
    for (const r of patterns.rows) expect(Number(r['@ratio'])).toBeCloseTo(Number(r['@sampleCount']) / events.length, 5);
    // Every job event holds the job id, whose digits make it one dynamic token of the same pattern per event type.
    const messages = await query([JOBS_GROUP], 'pattern @message | stats sum(@sampleCount) as n');
    expect(messages.rows).toEqual([{ n: String(events.length) }]);
  });

  it('returns the rows of parse (glob and regex) and filter … like queries', async () => {
    await putEvents('/e2e/insights/app', 'web-1', [
      '2026-03-10T12:00:00Z INFO user=ann status=200 latency=12ms',
      '2026-03-10T12:00:01Z ERROR user=bo status=500 latency=340ms',
      '2026-03-10T12:00:02Z INFO user=cy status=404 latency=8ms',
      '2026-03-10T12:00:03Z ERROR user=ann status=503 latency=1200ms',
    ]);
    const g = ['/e2e/insights/app'];
    const errors = await query(g, 'filter @message like "ERROR" | parse @message "user=* status=* latency=*ms" as user, status, latency | sort latency desc | display user, status, latency');
    expect(errors.rows.map(({ user, status, latency }) => ({ user, status, latency }))).toEqual([
      { user: 'ann', status: '503', latency: '1200' },
      { user: 'bo', status: '500', latency: '340' },
    ]);
    expect(errors.statistics).toMatchObject({ recordsMatched: 2, recordsScanned: 4 });

    const slow = await query(g, 'parse @message /user=(?<user>\\w+) status=(?<status>\\d+) latency=(?<ms>\\d+)ms/ | filter ms > 100 and user not like /^b/ | fields user, ms');
    expect(slow.rows.map(({ user, ms }) => ({ user, ms }))).toEqual([{ user: 'ann', ms: '1200' }]);

    const byUser = await query(g, 'parse @message "user=* " as user | stats count(*) as n, max(@timestamp) as last by user | sort n desc, user asc | limit 2');
    expect(byUser.rows.map(({ user, n }) => ({ user, n }))).toEqual([
      { user: 'ann', n: '2' },
      { user: 'bo', n: '1' },
    ]);
    expect(byUser.rows[0]!.last).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);

    const newest = await query(g, 'fields @timestamp, @message | limit 1');
    expect(newest.rows[0]!['@message']).toContain('user=ann status=503');
  });

  it('queries a KMS-keyed group in clear', async () => {
    const kms = new KMSClient(server.clientConfig());
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { Service: `logs.${server.region}.amazonaws.com` }, Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'], Resource: '*' },
      ],
    };
    const keyArn = (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(policy) }))).KeyMetadata!.Arn!;
    await putEvents('/e2e/insights/secure', 's', [JSON.stringify({ eventType: 'A', affectedResource: { value: 'bucket-1' } }), JSON.stringify({ eventType: 'B', affectedResource: { value: 'bucket-2' } })], keyArn);
    const out = await query(['/e2e/insights/secure'], 'filter affectedResource.value like "bucket-2" | fields eventType, affectedResource.value');
    expect(out.rows.map(({ eventType, 'affectedResource.value': v }) => ({ eventType, v }))).toEqual([{ eventType: 'B', v: 'bucket-2' }]);
    // The stored results are sealed: the group's data is never in the database in clear.
    const stored = await server.sift.store.db.selectFrom('logs_insights_queries').select('results').where('results', 'is not', null).execute();
    expect(stored.length).toBeGreaterThan(0);
    for (const r of stored) expect(r.results).not.toContain('bucket-');
  });

  it('answers MalformedQueryException with AWS parser wording and the error location', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/e2e/insights/bad' }));
    const err = await logs
      .send(new StartQueryCommand({ logGroupName: '/e2e/insights/bad', startTime: nowSeconds() - 60, endTime: nowSeconds(), queryString: 'fields @timestamp | count()' }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(MalformedQueryException);
    expect(err.message).toMatch(/^mismatched input 'count' expecting \{/);
    expect(err.queryCompileError).toEqual({ message: err.message, location: { startCharOffset: 20, endCharOffset: 24 } });
    const after = await logs.send(new StartQueryCommand({ logGroupName: '/e2e/insights/bad', startTime: 0, endTime: nowSeconds(), queryString: 'stats count(*) by x | display y' })).catch((e) => e);
    expect(after).toBeInstanceOf(MalformedQueryException);
    expect(after.message).toBe('Unknown symbols found in or after stats: y');
    const missing = await logs.send(new StartQueryCommand({ logGroupName: '/e2e/insights/none', startTime: 0, endTime: nowSeconds(), queryString: 'fields @message' })).catch((e) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    const both = await logs.send(new StartQueryCommand({ logGroupName: '/e2e/insights/bad', logGroupNames: ['/e2e/insights/bad'], startTime: 0, endTime: 1, queryString: 'fields @message' })).catch((e) => e);
    expect(both.name).toBe('InvalidParameterException');
  });

  it('lists queries, refuses to stop a finished one, and keeps saved query definitions', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/e2e/insights/list' }));
    const done = await query(['/e2e/insights/list'], 'stats count(*)');
    expect(done.rows).toEqual([{ 'count(*)': '0' }]);
    const stop = await logs.send(new StopQueryCommand({ queryId: done.queryId })).catch((e) => e);
    expect(stop.name).toBe('InvalidParameterException');
    const listed = await logs.send(new DescribeQueriesCommand({ logGroupName: '/e2e/insights/list' }));
    expect(listed.queries).toEqual([expect.objectContaining({ queryId: done.queryId, queryString: 'stats count(*)', status: 'Complete', logGroupName: '/e2e/insights/list' })]);
    expect((await logs.send(new GetQueryResultsCommand({ queryId: 'no-such-query' })).catch((e) => e)).name).toBe('ResourceNotFoundException');

    const { queryDefinitionId } = await logs.send(new PutQueryDefinitionCommand({ name: 'macie/by-type', queryString: 'stats count(*) by eventType', logGroupNames: [JOBS_GROUP] }));
    await logs.send(new PutQueryDefinitionCommand({ name: 'other', queryString: 'fields @message' }));
    await logs.send(new PutQueryDefinitionCommand({ queryDefinitionId, name: 'macie/by-type', queryString: 'stats count(*) by eventType | sort eventType asc', logGroupNames: [JOBS_GROUP] }));
    const defs = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: 'macie/' }));
    expect(defs.queryDefinitions).toEqual([
      expect.objectContaining({ queryDefinitionId, name: 'macie/by-type', queryString: 'stats count(*) by eventType | sort eventType asc', logGroupNames: [JOBS_GROUP] }),
    ]);
    expect((await logs.send(new DeleteQueryDefinitionCommand({ queryDefinitionId }))).success).toBe(true);
    expect((await logs.send(new DeleteQueryDefinitionCommand({ queryDefinitionId })).catch((e) => e)).name).toBe('ResourceNotFoundException');
  });

  it('authorizes logs:StartQuery on every group queried, and keeps accounts apart', async () => {
    await putEvents('/e2e/insights/team-a', 's', ['{"eventType":"A"}']);
    await putEvents('/e2e/insights/team-b', 's', ['{"eventType":"B"}']);
    const creds = await userWithPolicy(server, 'insights-reader', [
      { Effect: 'Allow', Action: ['logs:StartQuery'], Resource: `arn:aws:logs:${server.region}:${server.accountId}:log-group:/e2e/insights/team-a:*` },
      { Effect: 'Allow', Action: ['logs:GetQueryResults', 'logs:DescribeQueries'], Resource: '*' },
    ]);
    const reader = new CloudWatchLogsClient(server.clientConfig(creds));
    const start = (groups: string[]) => reader.send(new StartQueryCommand({ logGroupNames: groups, startTime: 0, endTime: nowSeconds() + 60, queryString: 'stats count(*)' }));
    expect(await outcome(start(['/e2e/insights/team-a']))).toBe('ok');
    expect(await outcome(start(['/e2e/insights/team-a', '/e2e/insights/team-b']))).toBe('AccessDeniedException');

    // Another account sees neither the groups nor the queries of this one.
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: '/e2e/insights/team-a', startTime: 0, endTime: nowSeconds() + 60, queryString: 'fields @message' }));
    await server.sift.logsQueries.settled(queryId!);
    const other = new CloudWatchLogsClient(server.clientConfig((await secondAccount(server)).creds));
    expect(await outcome(other.send(new GetQueryResultsCommand({ queryId })))).toBe('ResourceNotFoundException');
    expect(await outcome(other.send(new StartQueryCommand({ logGroupName: '/e2e/insights/team-a', startTime: 0, endTime: nowSeconds(), queryString: 'fields @message' })))).toBe('ResourceNotFoundException');
    expect((await other.send(new DescribeQueriesCommand({}))).queries).toEqual([]);
  });

  it.skipIf(!awsCliAvailable)('aws logs start-query and get-query-results (skipped without the aws CLI)', async () => {
    await putEvents('/e2e/insights/cli', 's', [JSON.stringify({ eventType: 'JOB_CREATED' }), JSON.stringify({ eventType: 'SCAN_ERROR' }), JSON.stringify({ eventType: 'SCAN_ERROR' })]);
    const env = server.cliEnv();
    const started = await aws(env, ['logs', 'start-query', '--log-group-name', '/e2e/insights/cli', '--start-time', String(nowSeconds() - 3600), '--end-time', String(nowSeconds() + 60), '--query-string', 'stats count(*) by eventType | sort eventType asc']);
    expect(started.code, started.stderr).toBe(0);
    await server.sift.logsQueries.settled(started.json.queryId);
    const got = await aws(env, ['logs', 'get-query-results', '--query-id', started.json.queryId]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.json.status).toBe('Complete');
    expect(got.json.results).toEqual([
      [{ field: 'eventType', value: 'JOB_CREATED' }, { field: 'count(*)', value: '1' }],
      [{ field: 'eventType', value: 'SCAN_ERROR' }, { field: 'count(*)', value: '2' }],
    ]);
    expect(got.json.statistics).toMatchObject({ recordsMatched: 3, recordsScanned: 3 });
    const bad = await aws(env, ['logs', 'start-query', '--log-group-name', '/e2e/insights/cli', '--start-time', '0', '--end-time', '1', '--query-string', 'filter x = ']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('MalformedQueryException');
  });
});
