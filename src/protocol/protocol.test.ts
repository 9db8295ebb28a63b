// SDK as oracle: the real AWS SDK clients serialize requests that our protocols parse, and decode the responses
// our protocols serialize — no network involved.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Macie2Client, CreateClassificationJobCommand, GetMacieSessionCommand, ListTagsForResourceCommand } from '@aws-sdk/client-macie2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CloudWatchLogsClient, PutLogEventsCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { schemas } from '../models/index.js';
import { awsJson } from './aws-json.js';
import { awsQuery } from './aws-query.js';
import { restJson } from './rest-json.js';
import { assertValidInput } from './shapes.js';
import { routeService } from './route.js';
import type { Protocol, WireRequest, WireResponse } from './types.js';

const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** A request handler that hands the signed request to `onRequest` and answers with what it returns. */
function handler(onRequest: (req: WireRequest) => WireResponse) {
  return {
    async handle(request: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: unknown }) {
      const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body as string | Uint8Array);
      const pairs: [string, string][] = Object.entries(request.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v ?? ''] as [string, string]]));
      const rawQuery = new URLSearchParams(pairs).toString();
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
      const wire = { method: request.method, path: request.path, rawQuery, query: new URLSearchParams(rawQuery), headers, body };
      const res = onRequest(wire);
      const payload = typeof res.body === 'string' ? Buffer.from(res.body) : (res.body as Buffer | undefined) ?? Buffer.alloc(0);
      return { response: { statusCode: res.status, headers: res.headers, body: Readable.from([payload]) } };
    },
  };
}

function roundTrip(service: string, protocol: Protocol, output: unknown, seen: { operation?: string; input?: unknown }) {
  const schema = schemas[service]!;
  return handler((req) => {
    const route = routeService(req, schemas);
    expect(route?.service).toBe(service);
    seen.operation = protocol.operationOf(schema, req);
    seen.input = protocol.parseInput(schema, seen.operation, req);
    assertValidInput(schema, schema.operations[seen.operation]!.input?.shape, seen.input);
    return protocol.serializeOutput(schema, seen.operation, output, 'req-1');
  });
}

const config = (h: ReturnType<typeof handler>) => ({ region: 'us-east-1', credentials: creds, endpoint: 'http://127.0.0.1:4599', requestHandler: h });

describe('restJson1 (Macie2)', () => {
  it('parses a nested body, URI labels and serializes timestamps the SDK decodes', async () => {
    const seen: { operation?: string; input?: unknown } = {};
    const created = new Date('2026-11-25T10:00:00Z');
    const client = new Macie2Client(config(roundTrip('macie2', restJson, { createdAt: created, status: 'ENABLED', findingPublishingFrequency: 'ONE_HOUR', serviceRole: 'r', updatedAt: created }, seen)));
    const out = await client.send(new GetMacieSessionCommand({}));
    expect(seen.operation).toBe('GetMacieSession');
    expect(out.createdAt).toEqual(created);
    expect(out.findingPublishingFrequency).toBe('ONE_HOUR');

    const job = {
      clientToken: 'tok',
      jobType: 'SCHEDULED' as const,
      name: 'nightly',
      s3JobDefinition: { bucketDefinitions: [{ accountId: '111122223333', buckets: ['a', 'b'] }] },
      scheduleFrequency: { weeklySchedule: { dayOfWeek: 'MONDAY' as const } },
      samplingPercentage: 50,
      tags: { team: 'sec' },
    };
    const client2 = new Macie2Client(config(roundTrip('macie2', restJson, { jobId: 'j1', jobArn: 'arn' }, seen)));
    const res = await client2.send(new CreateClassificationJobCommand(job));
    expect(seen.operation).toBe('CreateClassificationJob');
    expect(seen.input).toEqual(job);
    expect(res.jobId).toBe('j1');

    const arn = 'arn:aws:macie2:us-east-1:111122223333:classification-job/j1';
    const client3 = new Macie2Client(config(roundTrip('macie2', restJson, { tags: { a: 'b' } }, seen)));
    const tags = await client3.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(seen.input).toEqual({ resourceArn: arn });
    expect(tags.tags).toEqual({ a: 'b' });
  });

  it('serializes errors the SDK maps to the modelled exception', async () => {
    const schema = schemas.macie2!;
    const client = new Macie2Client(
      config(handler(() => restJson.serializeError(schema, Object.assign(new Error('nope'), { code: 'ResourceNotFoundException', httpStatus: 404, fault: 'client', fields: {}, shape: 'ResourceNotFoundException', name: 'x' }) as never, 'r'))),
    );
    await expect(client.send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'nope', $metadata: { httpStatusCode: 404 } });
  });
});

describe('awsJson1_1 (CloudWatch Logs)', () => {
  it('parses X-Amz-Target operations with nested lists and epoch timestamps', async () => {
    const seen: { operation?: string; input?: unknown } = {};
    const client = new CloudWatchLogsClient(config(roundTrip('logs', awsJson, { nextSequenceToken: 'n' }, seen)));
    await client.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: 1700000000000, message: 'hello' }] }));
    expect(seen.operation).toBe('PutLogEvents');
    expect(seen.input).toEqual({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: 1700000000000, message: 'hello' }] });
    const client2 = new CloudWatchLogsClient(config(roundTrip('logs', awsJson, { logGroups: [{ logGroupName: 'g', creationTime: 1, storedBytes: 5 }] }, seen)));
    const out = await client2.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws' }));
    expect(out.logGroups?.[0]).toMatchObject({ logGroupName: 'g', storedBytes: 5 });
  });
});

describe('awsQuery (STS, IAM)', () => {
  it('parses form bodies and serializes XML results the SDK decodes', async () => {
    const seen: { operation?: string; input?: unknown } = {};
    const exp = new Date('2026-11-25T11:00:00Z');
    const client = new STSClient(
      config(
        roundTrip(
          'sts',
          awsQuery,
          { Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: exp }, AssumedRoleUser: { AssumedRoleId: 'AROA:x', Arn: 'arn' } },
          seen,
        ),
      ),
    );
    const out = await client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 'xy', Tags: [{ Key: 'k', Value: 'v' }], DurationSeconds: 900 }));
    expect(seen.input).toEqual({ RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 'xy', Tags: [{ Key: 'k', Value: 'v' }], DurationSeconds: 900 });
    expect(out.Credentials?.Expiration).toEqual(exp);
    expect(out.AssumedRoleUser?.AssumedRoleId).toBe('AROA:x');

    const iam = new IAMClient(config(roundTrip('iam', awsQuery, { Users: [{ Path: '/', UserName: 'a<b', UserId: 'AIDA', Arn: 'arn', CreateDate: exp }], IsTruncated: false }, seen)));
    const users = await iam.send(new ListUsersCommand({ MaxItems: 10 }));
    expect(seen.input).toEqual({ MaxItems: 10 });
    expect(users.Users?.[0]?.UserName).toBe('a<b');
  });
});
