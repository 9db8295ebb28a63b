// The server writes one line to its log for each failed request: request id, service, operation, error code,
// status and the caller's ARN; never a secret, a body or the error's message.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';

const lines: Array<Record<string, unknown>> = [];
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ logger: createLogger('info', (line) => lines.push(JSON.parse(line))) });
});
afterAll(async () => server?.close());

const failures = () => lines.filter((l) => l.msg === 'request failed');

describe('failed requests in the server log', () => {
  it('logs each failure once with ids and codes, and nothing secret', async () => {
    const s3 = new S3Client(server.clientConfig());
    const secretBody = 'SSN 536-22-8726 in a body that must never be logged';
    const put = await s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: secretBody })).catch((e) => e);
    expect(put.name).toBe('NoSuchBucket');
    const wrongSecret = 'w'.repeat(40);
    const forged = new S3Client(server.clientConfig({ accessKeyId: server.root.accessKeyId, secretAccessKey: wrongSecret }));
    const bad = await forged.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })).catch((e) => e);
    expect(bad.name).toBe('SignatureDoesNotMatch');
    const unsigned = await fetch(`${server.endpoint}/some-bucket`);
    expect(unsigned.status).toBe(403);

    const logged = failures();
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({
      level: 'info', service: 's3', operation: 'PutObject', code: 'NoSuchBucket', status: 404,
      principal: `arn:aws:iam::${server.accountId}:root`, requestId: put.$metadata.requestId,
    });
    expect(logged[1]).toMatchObject({ service: 's3', code: 'SignatureDoesNotMatch', status: 403, principal: null, requestId: bad.$metadata.requestId });
    expect(logged[2]).toMatchObject({ service: 's3', code: 'AccessDenied', status: 403, principal: null });
    const text = JSON.stringify(lines);
    for (const secret of [server.root.secretAccessKey, wrongSecret, '536-22-8726', 'Signature=']) expect(text).not.toContain(secret);
  });
});
