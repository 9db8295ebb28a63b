// Issue 3 with the aws CLI, as a new user would: mb, cp (1 KB and 50 MB, multipart above 8 MB), sync, ls, rm, rb
// and the s3api configuration calls, byte for byte.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  if (!awsCliAvailable) return;
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'sift-cli-s3-'));
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe.skipIf(!awsCliAvailable)('aws s3 against Sift (skipped when the aws CLI is not installed)', () => {
  it('copies, syncs, lists, configures and removes', { timeout: 180_000 }, async () => {
    const env = server.cliEnv();
    const run = async (...args: string[]) => {
      const r = await aws(env, [...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    await run('s3', 'mb', 's3://cli-bucket');
    writeFileSync(join(dir, 'small.txt'), randomBytes(1024));
    writeFileSync(join(dir, 'big.bin'), randomBytes(50 * 1024 * 1024));
    await run('s3', 'cp', join(dir, 'small.txt'), 's3://cli-bucket/one/small.txt', '--only-show-errors');
    await run('s3', 'cp', join(dir, 'big.bin'), 's3://cli-bucket/one/big.bin', '--only-show-errors');
    await run('s3', 'cp', 's3://cli-bucket/one/big.bin', join(dir, 'big.back'), '--only-show-errors');
    await run('s3', 'cp', 's3://cli-bucket/one/small.txt', join(dir, 'small.back'), '--only-show-errors');
    expect(sha(join(dir, 'big.back'))).toBe(sha(join(dir, 'big.bin')));
    expect(sha(join(dir, 'small.back'))).toBe(sha(join(dir, 'small.txt')));
    const head = await run('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'one/big.bin');
    expect(head.json.ETag).toMatch(/-\d+"$/); // multipart ETag: the CLI splits above 8 MB

    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'a', 'b'), { recursive: true });
    writeFileSync(join(tree, 'a', 'x.csv'), 'name,ssn\nbob,123-45-6789\n');
    writeFileSync(join(tree, 'a', 'b', 'y.json'), '{"k":1}');
    writeFileSync(join(tree, 'z.log'), 'hello\n');
    await run('s3', 'sync', tree, 's3://cli-bucket/tree', '--only-show-errors');
    const ls = await aws(env, ['s3', 'ls', '--recursive', 's3://cli-bucket/tree/']);
    expect(ls.stdout).toContain('tree/a/x.csv');
    expect(ls.stdout).toContain('tree/a/b/y.json');
    expect(ls.stdout).toContain('tree/z.log');

    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::cli-bucket', Condition: { StringEquals: { 'aws:username': 'nobody' } } }] });
    await run('s3api', 'put-bucket-policy', '--bucket', 'cli-bucket', '--policy', policy);
    expect(JSON.parse((await run('s3api', 'get-bucket-policy', '--bucket', 'cli-bucket')).json.Policy)).toEqual(JSON.parse(policy));
    const enc = await run('s3api', 'get-bucket-encryption', '--bucket', 'cli-bucket');
    expect(enc.json.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    await run('s3api', 'put-public-access-block', '--bucket', 'cli-bucket', '--public-access-block-configuration', 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true');
    expect((await run('s3api', 'get-public-access-block', '--bucket', 'cli-bucket')).json.PublicAccessBlockConfiguration.BlockPublicAcls).toBe(true);
    await run('s3api', 'put-object-tagging', '--bucket', 'cli-bucket', '--key', 'one/small.txt', '--tagging', 'TagSet=[{Key=pii,Value=yes}]');
    expect((await run('s3api', 'get-object-tagging', '--bucket', 'cli-bucket', '--key', 'one/small.txt')).json.TagSet).toEqual([{ Key: 'pii', Value: 'yes' }]);

    const rb = await aws(env, ['s3', 'rb', 's3://cli-bucket']);
    expect(rb.stderr).toContain('BucketNotEmpty');
    await run('s3', 'rm', '--recursive', 's3://cli-bucket', '--only-show-errors');
    await run('s3', 'rb', 's3://cli-bucket');
    expect((await aws(env, ['s3', 'ls'])).stdout).not.toContain('cli-bucket');
  });
});
