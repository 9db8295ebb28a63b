// Benchmark (prints figures, asserts nothing): the request-path cost of S3 server access logging. GETs of a small
// object through the whole server (SigV4, IAM, audit) with @aws-sdk/client-s3, on a bucket without logging and on
// one with logging on, alternated in rounds; CPU time (user+sys) of this process per GET. Client and server share
// the process, so the figures are per GET including the client; compare the two buckets (and the first against a
// base checkout, where there is no `served` hook at all).
// Run: npx tsx bench/s3-access-log.ts [gets=3000] [rounds=6]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { loadConfig, silentLogger } from '../src/common/index.js';
import { createSift } from '../src/gateway/index.js';

const gets = Number(process.argv[2] ?? 3000);
const rounds = Number(process.argv[3] ?? 6);
const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-access-log-'));
const sift = await createSift({ config: loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }, {}), logger: silentLogger });
const endpoint = await sift.listen();
const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: sift.root.accessKeyId, secretAccessKey: sift.root.secretAccessKey } });
const logging = process.env.SIFT_BENCH_NO_LOGGING !== '1';
for (const b of ['plain', 'logged', 'logs']) await s3.send(new CreateBucketCommand({ Bucket: b }));
for (const b of ['plain', 'logged']) await s3.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: Buffer.alloc(1024, 97) }));
if (logging) {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' }] };
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'logs', Policy: JSON.stringify(policy) }));
  await s3.send(new PutBucketLoggingCommand({ Bucket: 'logged', BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'a/' } } }));
}

async function run(Bucket: string, n: number): Promise<number> {
  const before = process.cpuUsage();
  const lanes = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < n) {
        next++;
        await (await s3.send(new GetObjectCommand({ Bucket, Key: 'k' }))).Body!.transformToByteArray();
      }
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

await run('plain', 300);
await run('logged', 300);
const totals = { plain: 0, logged: 0 };
for (let r = 0; r < rounds; r++) {
  totals.plain += await run('plain', gets);
  totals.logged += await run('logged', gets);
}
console.log(`GET CPU µs/request (user+sys, ${rounds}×${gets}, 8 in flight): no logging ${(totals.plain / rounds).toFixed(0)}, logging ${logging ? 'on' : 'off'} ${(totals.logged / rounds).toFixed(0)}, ratio ${(totals.logged / totals.plain).toFixed(3)}`);
await sift.close();
rmSync(dataDir, { recursive: true, force: true });
