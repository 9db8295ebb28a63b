// Issue 2, end to end: every kind of bad request gets AWS's error, in the dialect of the service called, and the
// server neither buffers an oversized body nor falls over.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { EnableMacieCommand, GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { signedRequest } from '../signed-fetch.js';

let server: TestServer;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  server = await startServer({ clock });
  await new Macie2Client(server.clientConfig()).send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await server?.close();
});

const macieRequest = (opts: { method: string; path: string; body?: string; headers?: Record<string, string> }) =>
  signedRequest(server.endpoint, { service: 'macie2', region: server.region, credentials: server.root, headers: { 'content-type': 'application/json', ...opts.headers }, ...opts });

describe('authentication failures', () => {
  it('a wrong secret gets SignatureDoesNotMatch (query) and InvalidSignatureException (JSON)', async () => {
    const bad = { accessKeyId: server.root.accessKeyId, secretAccessKey: 'x'.repeat(40) };
    await expect(new STSClient(server.clientConfig(bad)).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    await expect(new Macie2Client(server.clientConfig(bad)).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
  });

  it('an unknown access key gets InvalidClientTokenId (query) and UnrecognizedClientException (JSON)', async () => {
    const unknown = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) };
    await expect(new STSClient(server.clientConfig(unknown)).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(new Macie2Client(server.clientConfig(unknown)).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('a request signed 20 minutes ago is refused for clock skew', async () => {
    const skewed = { ...server.clientConfig(), systemClockOffset: -20 * 60 * 1000 };
    await expect(new Macie2Client(skewed).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    await expect(new STSClient(skewed).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  it('an unsigned request gets MissingAuthenticationToken', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const u = new URL(server.endpoint);
      const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve({ status: r.statusCode!, body }));
      });
      req.on('error', reject);
      req.end('Action=GetCallerIdentity&Version=2011-06-15');
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it('an expired session token gets ExpiredToken', async () => {
    await new IAMClient(server.clientConfig()).send(
      new CreateRoleCommand({
        RoleName: 'short',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: server.accountId }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    await new IAMClient(server.clientConfig()).send(
      new PutRolePolicyCommand({ RoleName: 'short', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }),
    );
    const out = await new STSClient(server.clientConfig()).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${server.accountId}:role/short`, RoleSessionName: 'brief', DurationSeconds: 900 }),
    );
    const temp = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    await new STSClient(server.clientConfig(temp)).send(new GetCallerIdentityCommand({}));
    clock.advance(16 * 60 * 1000);
    const later = (c: object) => ({ ...c, systemClockOffset: 16 * 60 * 1000 });
    try {
      await expect(new STSClient(later(server.clientConfig(temp))).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken' });
      await expect(new Macie2Client(later(server.clientConfig(temp))).send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
    } finally {
      clock.advance(-16 * 60 * 1000);
    }
  });
});

describe('malformed requests', () => {
  it('malformed JSON gets a 400 with the service error, not a crash', async () => {
    const res = await macieRequest({ method: 'POST', path: '/findings', body: '{"maxResults": ' });
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('ValidationException');
  });

  it('malformed JSON to an awsJson service gets SerializationException', async () => {
    const res = await signedRequest(server.endpoint, {
      service: 'logs',
      region: server.region,
      credentials: server.root,
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).__type).toBe('SerializationException');
  });

  it('a missing required member and a wrong enum value are ValidationExceptions naming the member', async () => {
    const missing = await macieRequest({ method: 'POST', path: '/findings/describe', body: '{}' });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body).message).toContain("Value null at 'findingIds' failed to satisfy constraint: Member must not be null");
    const badEnum = await macieRequest({ method: 'PATCH', path: '/macie', body: '{"status":"SLEEPING"}' });
    expect(badEnum.status).toBe(400);
    expect(badEnum.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(JSON.parse(badEnum.body).message).toContain('Member must satisfy enum value set: [PAUSED, ENABLED]');
  });

  it('a missing required query parameter is a ValidationError in XML', async () => {
    const res = await signedRequest(server.endpoint, {
      service: 'sts',
      region: server.region,
      credentials: server.root,
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=x',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>ValidationError</Code>');
    expect(res.body).toContain("Value null at 'RoleArn'");
  });

  it('a 1 GB body to a JSON API is refused at once, without being read', async () => {
    const u = new URL(server.endpoint);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: u.hostname, port: u.port, method: 'POST', path: '/findings', headers: { 'content-type': 'application/json', 'content-length': String(1024 ** 3), authorization: 'AWS4-HMAC-SHA256 Credential=' + server.root.accessKeyId + '/20260101/us-east-1/macie2/aws4_request, SignedHeaders=host, Signature=00' } },
        (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode!, body }));
        },
      );
      req.on('error', () => undefined); // the server may close the socket while we are still writing
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && req.write(chunk)) sent++;
        if (sent < 64) req.once('drain', pump);
      };
      pump();
      setTimeout(() => reject(new Error('no answer within 10 s')), 10_000).unref();
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([403, 413]).toContain(res.status);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    // still serving
    expect((await new STSClient(server.clientConfig()).send(new GetCallerIdentityCommand({}))).Account).toBe(server.accountId);
  });

  it('an unknown operation answers an error, never a crash', async () => {
    const res = await macieRequest({ method: 'GET', path: '/no-such-thing' });
    expect(res.status).toBe(404);
  });
});

describe('bodies AWS refuses to read', () => {
  const logsRequest = (headers: Record<string, string>, body: string | Uint8Array) =>
    signedRequest(server.endpoint, { service: 'logs', region: server.region, credentials: server.root, method: 'POST', path: '/', headers: { 'x-amz-target': 'Logs_20140328.CreateLogGroup', ...headers }, body });
  // {"logGroupName":"bad<0xff><0xfe>"}: not UTF-8, and never to be stored as U+FFFD.
  const invalidUtf8 = Buffer.concat([Buffer.from('{"logGroupName":"bad'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);

  it('invalid UTF-8 in a JSON body: SerializationException (awsJson), ValidationException (restJson); nothing created', async () => {
    const logs = await logsRequest({ 'content-type': 'application/x-amz-json-1.1' }, invalidUtf8);
    expect(logs.status).toBe(400);
    expect(JSON.parse(logs.body)).toMatchObject({ __type: 'SerializationException' });
    const macie = await signedRequest(server.endpoint, { service: 'macie2', region: server.region, credentials: server.root, method: 'POST', path: '/allow-lists', headers: { 'content-type': 'application/json' }, body: Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xc3]), Buffer.from('","criteria":{"regex":"x"},"clientToken":"t"}')]) });
    expect(macie.status).toBe(400);
    expect(macie.headers['x-amzn-errortype']).toMatch(/^ValidationException/);
    const described = await logsRequest({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' }, '{}');
    expect(JSON.parse(described.body).logGroups).toEqual([]);
  });

  it('a Logs request with Content-Type text/plain is refused as an unknown operation', async () => {
    const res = await logsRequest({ 'content-type': 'text/plain' }, '{"logGroupName":"plain"}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ __type: 'UnknownOperationException' });
    const ok = await logsRequest({ 'content-type': 'application/x-amz-json-1.1' }, '{"logGroupName":"json-ok"}');
    expect(ok.status).toBe(200);
  });
});
