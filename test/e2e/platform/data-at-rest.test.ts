// Issue 10, items 1 and 2, as an attacker with a copy of the data directory and as the operator would see them:
// the directory is 0700 and every file 0600 (repaired with a warning when loosened), no secret access key and no
// byte of an uploaded object appears in clear in any file, the objects still come back byte for byte, a damaged
// object file is refused (500 InternalError, never wrong bytes), and the banner prints the root secret only on
// the start that generated it.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { loadConfig, silentLogger } from '../../../src/common/index.js';
import { createSift } from '../../../src/gateway/index.js';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
const s3 = () => new S3Client(server.clientConfig());

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

/** Every path under `dir` with its permission bits, as `ls -lR` would show them. */
function modes(dir: string): { path: string; mode: number; dir: boolean }[] {
  const out: { path: string; mode: number; dir: boolean }[] = [];
  const visit = (p: string) => {
    const st = lstatSync(p);
    out.push({ path: p, mode: st.mode & 0o777, dir: st.isDirectory() });
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
  };
  visit(dir);
  return out;
}

/** Files under `dir` that contain `needle`, found by grep -r (fixed string, binary files included). */
function grepFiles(dir: string, needle: string): string[] {
  try {
    return execFileSync('grep', ['-r', '-l', '-a', '-F', '--', needle, dir], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch (err) {
    if ((err as { status?: number }).status === 1) return [];
    throw err;
  }
}

function objectFiles(dataDir: string): string[] {
  return modes(join(dataDir, 'objects')).filter((e) => !e.dir && !e.path.includes('/.tmp/')).map((e) => e.path);
}

describe('the data directory at rest', () => {
  const planted = `PLANTED-${randomBytes(12).toString('hex')}`;
  const secrets: string[] = [];
  const dataDir = () => server.sift.deps.dataDir;

  it('holds no secret access key and no object byte in clear, and serves the objects back byte for byte', async () => {
    secrets.push(server.root.secretAccessKey);
    const iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'analyst' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'analyst' }))).AccessKey!;
    secrets.push(key.SecretAccessKey!);
    // The new key works, so its secret was stored (sealed) and is read back for SigV4.
    expect((await new STSClient(server.clientConfig({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! })).send(new GetCallerIdentityCommand({}))).Arn).toContain(':user/analyst');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust }));
    const session = (await new STSClient(server.clientConfig()).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${server.accountId}:role/reader`, RoleSessionName: 'audit' }))).Credentials!;
    secrets.push(session.SecretAccessKey!);
    expect(
      (await new STSClient(server.clientConfig({ accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! })).send(new GetCallerIdentityCommand({}))).Arn,
    ).toContain(':assumed-role/reader/audit');

    await s3().send(new CreateBucketCommand({ Bucket: 'vault' }));
    const small = Buffer.from(`name,ssn\nalice,${planted}\n`);
    const put = await s3().send(new PutObjectCommand({ Bucket: 'vault', Key: 'small.csv', Body: small }));
    expect(put.ServerSideEncryption).toBe('AES256');
    // Larger than several 64 KiB chunks, the planted value straddling a chunk boundary.
    const large = randomBytes(300_000);
    Buffer.from(planted).copy(large, 65_536 - 5);
    await s3().send(new PutObjectCommand({ Bucket: 'vault', Key: 'large.bin', Body: large }));
    const up = await s3().send(new CreateMultipartUploadCommand({ Bucket: 'vault', Key: 'multi.bin' }));
    const part1 = Buffer.concat([Buffer.alloc(5 * 1024 * 1024, 0x41), Buffer.from(planted)]);
    const part2 = Buffer.from(`tail ${planted}`);
    const e1 = (await s3().send(new UploadPartCommand({ Bucket: 'vault', Key: 'multi.bin', UploadId: up.UploadId!, PartNumber: 1, Body: part1 }))).ETag!;
    const e2 = (await s3().send(new UploadPartCommand({ Bucket: 'vault', Key: 'multi.bin', UploadId: up.UploadId!, PartNumber: 2, Body: part2 }))).ETag!;
    await s3().send(new CompleteMultipartUploadCommand({ Bucket: 'vault', Key: 'multi.bin', UploadId: up.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } }));
    await s3().send(new CopyObjectCommand({ Bucket: 'vault', Key: 'copy.csv', CopySource: 'vault/small.csv' }));

    const get = async (key: string, range?: string) => Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket: 'vault', Key: key, Range: range }))).Body!.transformToByteArray());
    // Buffer.equals: vitest's toEqual walks a buffer byte by byte, which takes minutes for megabytes.
    const same = (a: Buffer, b: Buffer) => expect(a.equals(b), `${a.length} bytes vs ${b.length} expected`).toBe(true);
    same(await get('small.csv'), small);
    same(await get('copy.csv'), small);
    same(await get('large.bin'), large);
    same(await get('large.bin', 'bytes=65000-140000'), large.subarray(65_000, 140_001));
    same(await get('multi.bin'), Buffer.concat([part1, part2]));
    same(await get('multi.bin', `bytes=${part1.length - 3}-${part1.length + 4}`), Buffer.concat([part1, part2]).subarray(part1.length - 3, part1.length + 5));
    for (const key of ['small.csv', 'copy.csv', 'multi.bin']) expect((await s3().send(new HeadObjectCommand({ Bucket: 'vault', Key: key }))).ServerSideEncryption).toBe('AES256');

    await server.sift.audit.flush();
    for (const secret of secrets) expect(grepFiles(dataDir(), secret), 'a secret access key in clear').toEqual([]);
    expect(grepFiles(dataDir(), planted), 'the planted value in clear').toEqual([]);
    // Something was written: the object files exist and are as large as the sealed data.
    expect(objectFiles(dataDir()).length).toBeGreaterThanOrEqual(5);
  });

  it('is 0700 with every file 0600 (ls -l shows nothing else)', () => {
    const entries = modes(dataDir());
    // The SQLite database lives in the data directory; on PostgreSQL (SIFT_TEST_DATABASE_URL) it is elsewhere.
    if (!process.env.SIFT_TEST_DATABASE_URL) expect(entries.some((e) => e.path.endsWith('sift.db'))).toBe(true);
    expect(entries.some((e) => e.path.endsWith('master.key'))).toBe(true);
    const wrong = entries.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(wrong).toEqual([]);
  });

  it('refuses a damaged object file with 500 InternalError instead of serving altered bytes', async () => {
    const body = Buffer.from(`account,${planted}\n`.repeat(10));
    await s3().send(new PutObjectCommand({ Bucket: 'vault', Key: 'victim.csv', Body: body }));
    const before = new Set(objectFiles(dataDir()));
    const stored = await server.sift.deps.storage.embedded.object('vault', 'victim.csv');
    const file = join(dataDir(), 'objects', stored.segments[0]!.f);
    expect(before.has(file)).toBe(true);
    const bytes = readFileSync(file);
    bytes[7] ^= 0x01;
    writeFileSync(file, bytes);
    const err = await s3()
      .send(new GetObjectCommand({ Bucket: 'vault', Key: 'victim.csv' }))
      .then(() => undefined, (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => e);
    expect(err?.name).toBe('InternalError');
    expect(err?.$metadata?.httpStatusCode).toBe(500);
  });
});

describe('starting on an existing data directory', () => {
  it('repairs loosened modes with a warning on stderr, and keeps the secrets readable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-rest-'));
    try {
      const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }, {});
      const first = await createSift({ config, logger: silentLogger });
      const root = first.root;
      expect(root.generated).toBe(true);
      await first.close();
      // credentials.json keeps the key id, never the secret.
      expect(readFileSync(join(dataDir, 'credentials.json'), 'utf8')).not.toContain(root.secretAccessKey);
      chmodSync(dataDir, 0o755);
      chmodSync(join(dataDir, 'sift.db'), 0o644);
      chmodSync(join(dataDir, 'objects'), 0o755);
      const warnings: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
      let second;
      try {
        second = await createSift({ config, logger: silentLogger });
      } finally {
        process.stderr.write = write;
      }
      expect(warnings.join('')).toMatch(/readable by others; sealed 3 path/);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'sift.db')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'objects')).mode & 0o777).toBe(0o700);
      expect(second.root).toEqual({ ...root, generated: false });
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a master key other than the one the secrets were sealed with', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-rest-'));
    try {
      const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }, {});
      await (await createSift({ config, logger: silentLogger })).close();
      const other = loadConfig({ host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' }, { SIFT_MASTER_KEY: randomBytes(32).toString('base64') });
      await expect(createSift({ config: other, logger: silentLogger })).rejects.toThrow(/master key does not open/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('sift serve', () => {
  const entry = resolve(import.meta.dirname, '..', 'sift-main.ts');
  /** Starts `sift serve`, returns its banner once printed, and stops it. */
  const banner = (dataDir: string) =>
    new Promise<string>((done, fail) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--port', '0', '--data-dir', dataDir], { env: { ...process.env, SIFT_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      proc.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Stop with Ctrl-C')) proc.kill('SIGTERM');
      });
      proc.on('exit', () => (out.includes('Stop with Ctrl-C') ? done(out) : fail(new Error(`serve did not start: ${out}`))));
    });

  it('prints the root secret only on the start that generated it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-banner-'));
    try {
      const first = await banner(dataDir);
      const secret = /export AWS_SECRET_ACCESS_KEY=(\S+)/.exec(first)?.[1];
      expect(secret).toMatch(/^[A-Za-z0-9/+]{40}$/);
      const second = await banner(dataDir);
      expect(second).not.toContain(secret!);
      expect(second).not.toMatch(/export AWS_SECRET_ACCESS_KEY=/);
      expect(second).toMatch(/AWS_SECRET_ACCESS_KEY: the root secret printed when it was generated/);
      expect(grepFiles(dataDir, secret!)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
