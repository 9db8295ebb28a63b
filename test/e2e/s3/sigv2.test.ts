// S3's legacy Signature Version 2, as real clients make it: `aws s3 presign` (the CLI v1 signs presigned URLs with
// SigV2 unless told otherwise) and the CLI's s3api calls with `signature_version = s3` (the Authorization: AWS
// header). A legitimate user gets the object; a tampered, expired or wrongly keyed request gets S3's own error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/common/index.js';
import { aws, awsCliAvailable } from '../aws-cli.js';
import { startServer, type TestServer } from '../harness.js';

const clock = new ManualClock(Date.now());
let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer({ clock });
  dir = mkdtempSync(join(tmpdir(), 'sift-sigv2-'));
  const s3 = new S3Client(server.clientConfig());
  await s3.send(new CreateBucketCommand({ Bucket: 'shared' }));
  await s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'reports/q3 summary.txt', Body: 'quarterly numbers', ContentType: 'text/plain' }));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!awsCliAvailable)('S3 SigV2', () => {
  it('a URL from `aws s3 presign` fetches the object; tampered or expired it gets S3 errors', { timeout: 120_000 }, async () => {
    const presign = await aws(server.cliEnv(), ['s3', 'presign', 's3://shared/reports/q3 summary.txt', '--expires-in', '300']);
    expect(presign.code, presign.stderr).toBe(0);
    const url = presign.stdout.trim();
    expect(url).toContain('AWSAccessKeyId=');
    expect(url).toContain('Signature=');
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('quarterly numbers');

    const tampered = await fetch(url.replace('q3%20summary', 'q4%20summary'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const otherKey = await fetch(url.replace(/AWSAccessKeyId=[^&]+/, 'AWSAccessKeyId=AKIAUNKNOWNUNKNOWN00'));
    expect(otherKey.status).toBe(403);
    expect(await otherKey.text()).toContain('<Code>InvalidAccessKeyId</Code>');

    clock.advance(10 * 60_000);
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code>\s*<Message>Request has expired<\/Message>/);
    clock.advance(-10 * 60_000);
  });

  it('the CLI with signature_version = s3 (Authorization: AWS header) puts, lists and gets objects', { timeout: 120_000 }, async () => {
    const config = join(dir, 'config');
    writeFileSync(config, '[default]\ns3 =\n    signature_version = s3\n');
    const env = { ...server.cliEnv(), AWS_CONFIG_FILE: config };
    const body = join(dir, 'body.txt');
    writeFileSync(body, 'signed the old way');
    const put = await aws(env, ['s3api', 'put-object', '--bucket', 'shared', '--key', 'v2/obj.txt', '--body', body, '--content-type', 'text/plain', '--metadata', 'owner=ops']);
    expect(put.code, put.stderr).toBe(0);
    const listed = await aws(env, ['s3api', 'list-objects-v2', '--bucket', 'shared', '--prefix', 'v2/']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json.Contents.map((c: { Key: string }) => c.Key)).toEqual(['v2/obj.txt']);
    const out = join(dir, 'out.txt');
    const got = await aws(env, ['s3api', 'get-object', '--bucket', 'shared', '--key', 'v2/obj.txt', out]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.json.Metadata).toEqual({ owner: 'ops' });

    const wrong = await aws({ ...env, AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) }, ['s3api', 'head-bucket', '--bucket', 'shared']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/403|Forbidden/);
  });
});
