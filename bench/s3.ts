// S3 throughput: PUT and GET of one large object through Sift's S3 stack over HTTP versus copying the same file on
// local disk in the same run (ratio), then N small objects PUT, LIST, GET (objects/s), and RSS growth.
// Through the real server (in a child process, s3-server.mjs: SigV4, authorization, audit; needs `npm run build`),
// with encryption at rest and, for comparison in the same run, without it. Sizes: SIFT_BENCH_S3_MB (default 1024), SIFT_BENCH_S3_SMALL (default 10000).
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { copyFile, open, writeFile } from 'node:fs/promises';
import { DurableFileWriter } from '../src/storage/durable-file.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createHash, randomBytes } from 'node:crypto';
import { start } from './gateway.js';
import { cpuMs, mainThreadCpuMs } from './cpu.js';

const MB = Number(process.env.SIFT_BENCH_S3_MB ?? 1024);
const SMALL = Number(process.env.SIFT_BENCH_S3_SMALL ?? 10_000);
/** Resident memory of a process, from /proc (Linux), in MiB. */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

type Server = Awaited<ReturnType<typeof start>>;

const CREDS = { accessKeyId: 'AKIABENCHMARKKEY0002', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0002' };

/** `env`: more of the server's environment (SIFT_BENCH_ROOT: another checkout's server; SIFT_NATIVE=0). */
export async function startServer(dataDir: string, plaintext: boolean, databaseUrl?: string, env: Record<string, string> = {}): Promise<{ sift: Server; s3: S3Client }> {
  // The real server (SigV4, IAM authorization, audit, the S3 provider, the embedded store) in a process of its own,
  // so that the client here does not share its core.
  const creds = CREDS;
  const sift = await start(
    process.execPath,
    // SIFT_BENCH_PROFILE=<dir>: a V8 CPU profile of the server, written there when it stops.
    [
      ...(process.env.SIFT_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SIFT_BENCH_PROFILE}`] : []),
      ...(process.env.SIFT_BENCH_NODE_FLAGS ? process.env.SIFT_BENCH_NODE_FLAGS.split(' ') : []),
      join(import.meta.dirname, 's3-server.mjs'),
      dataDir,
      ...(plaintext ? ['--plaintext'] : []),
    ],
    {
      SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId,
      SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey,
      SIFT_ACCOUNT_ID: '123456789012',
      SIFT_LOG_LEVEL: 'error',
      ...(databaseUrl ? { SIFT_DATABASE_URL: databaseUrl } : {}),
      // SIFT_BENCH_SERVER_GLIBC_TUNABLES: glibc malloc tunables for the server process only (e.g.
      // glibc.malloc.trim_threshold=268435456), to measure the allocator's part (design-notes, s3stream).
      ...(process.env.SIFT_BENCH_SERVER_GLIBC_TUNABLES ? { GLIBC_TUNABLES: process.env.SIFT_BENCH_SERVER_GLIBC_TUNABLES } : {}),
      ...env,
    },
    /AWS_ENDPOINT_URL=(\S+)/,
  );
  const s3 = new S3Client({
    endpoint: sift.match[1]!,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: creds,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
  return { sift, s3 };
}

export async function stop(server: { sift: Server; s3: S3Client }): Promise<void> {
  server.s3.destroy();
  server.sift.proc.kill('SIGTERM');
  await new Promise((r) => server.sift.proc.once('exit', r));
}

type Sse = Record<string, unknown>;

/**
 * SIFT_BENCH_S3_CHECKSUM=md5|crc32|crc32c|crc64nvme|sha256: the large PUT declares that digest of the file
 * (Content-MD5, or x-amz-checksum-* as a header, computed here once per file so that the client's CPU stays the same
 * across arms), for the server to verify as S3 does. Unset: none (the SDK with WHEN_REQUIRED sends none).
 */
const declaredDigests = new Map<string, Record<string, string>>();
async function declaredDigestOf(src: string): Promise<Record<string, string>> {
  const alg = process.env.SIFT_BENCH_S3_CHECKSUM;
  if (!alg) return {};
  const known = declaredDigests.get(`${alg}:${src}`);
  if (known) return known;
  let member: Record<string, string>;
  if (alg === 'md5') {
    const h = createHash('md5');
    for await (const piece of createReadStream(src, { highWaterMark: 1 << 20 })) h.update(piece as Buffer);
    member = { ContentMD5: h.digest('base64') };
  } else {
    const { createChecksum } = await import('../src/protocol/rest-xml-s3.js');
    const native = (await import('../src/storage/native-aead.js')).nativeAead();
    const kind = native && { crc32c: 1, crc64nvme: 2 }[alg];
    const state = new Uint8Array(9);
    const sum = kind ? undefined : createChecksum(alg);
    if (!kind && !sum) throw new Error(`SIFT_BENCH_S3_CHECKSUM: unknown algorithm ${alg}`);
    for await (const piece of createReadStream(src, { highWaterMark: 1 << 20 })) {
      if (kind) native.crcUpdate(kind, state, piece as Buffer);
      else sum!.update(piece as Buffer);
    }
    const value = kind ? Buffer.from(native.crcValue(kind, state)).toString('base64') : sum!.digest();
    member = { [`Checksum${alg.toUpperCase()}`]: value };
  }
  declaredDigests.set(`${alg}:${src}`, member);
  return member;
}

/** One PUT and one GET of the whole file (with `sse` request members: SSE-KMS, SSE-C); seconds each. */
export async function putGet(s3: S3Client, src: string, bytes: number, sse: Sse = {}, read: Sse = {}, pid?: number): Promise<{ putS: number; getS: number; putCpuS: number; getCpuS: number; putMainCpuS: number; getMainCpuS: number; putClientCpuS: number; getClientCpuS: number }> {
  const declared = await declaredDigestOf(src);
  const cpu = () => (pid === undefined ? 0 : cpuMs(pid) / 1000);
  const main = () => (pid === undefined ? 0 : mainThreadCpuMs(pid) / 1000);
  // This process (the client) shares the machine's cores with the server, so its CPU is part of the picture.
  const client = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let c = cpu();
  let m = main();
  let k = client();
  let t = performance.now();
  // The client reads the source in 1 MiB reads, as the disk copy it is compared with does (64 KiB reads cost the
  // client about 40% more CPU on the same cores as the server).
  await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'large.bin', Body: createReadStream(src, { highWaterMark: 1 << 20 }), ContentLength: bytes, ...declared, ...sse }));
  const putS = (performance.now() - t) / 1000;
  const putCpuS = cpu() - c;
  const putMainCpuS = main() - m;
  const putClientCpuS = client() - k;
  c = cpu();
  m = main();
  k = client();
  t = performance.now();
  const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'large.bin', ...read }));
  let received = 0;
  await pipeline(got.Body as NodeJS.ReadableStream, new Writable({ write(c, _e, cb) { received += c.length; cb(); } }));
  const getS = (performance.now() - t) / 1000;
  const getCpuS = cpu() - c;
  const getMainCpuS = main() - m;
  const getClientCpuS = client() - k;
  if (received !== bytes) throw new Error(`GET returned ${received} of ${bytes} bytes`);
  return { putS, getS, putCpuS, getCpuS, putMainCpuS, getMainCpuS, putClientCpuS, getClientCpuS };
}

/** A file of pseudo-random bytes, written in 8 MiB blocks. */
export async function sourceFile(dir: string, mb: number): Promise<string> {
  const src = join(dir, 'source.bin');
  const ws = createWriteStream(src);
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24;
  for (let i = 0; i < mb / 8; i++) if (!ws.write(block)) await new Promise<void>((r) => ws.once('drain', () => r()));
  await new Promise<void>((r) => ws.end(() => r()));
  return src;
}

/**
 * Seconds to copy `src` on local disk, the baseline of the large-object ratios. `byteCopy` reads and writes every
 * byte through streams with the write policy Sift uses for an object (DurableFileWriter: writev, background
 * fdatasync as it goes, fsync before it counts as done), so it compares a write with a write; `syncAtEndCopy` is the
 * same stream copy with one fsync at the end only; `copyFile` (with its fsync) may use copy_file_range or a reflink
 * and then moves no bytes through the process at all, so it is reported but never the baseline.
 */
export async function diskCopies(dir: string, src: string): Promise<{ byteCopyS: number; syncAtEndCopyS: number; copyFileS: number }> {
  const dst = join(dir, 'copy.bin');
  const timed = async (copy: () => Promise<void>) => {
    const t = performance.now();
    await copy();
    const s = (performance.now() - t) / 1000;
    rmSync(dst);
    return s;
  };
  const streamCopy = (syncEvery?: number) => () =>
    pipeline(createReadStream(src, { highWaterMark: 1 << 20 }), new DurableFileWriter(dst, { mode: 0o600, highWaterMark: 4 << 20, syncEvery }));
  const byteCopyS = await timed(streamCopy());
  const syncAtEndCopyS = await timed(streamCopy(0));
  const copyFileS = await timed(async () => {
    await copyFile(src, dst);
    const copied = await open(dst, 'r+');
    await copied.sync();
    await copied.close();
  });
  return { byteCopyS, syncAtEndCopyS, copyFileS };
}

/**
 * `npm run bench`'s S3 figure: one PUT and one GET of an `mb` MiB object (encryption at rest on, as served) and a
 * local disk copy of the same file, alternating copy / PUT+GET `rounds` times; the ratios use the best of each.
 */
export interface LargeObjectFigures {
  /** The baseline: a byte-for-byte stream copy written as Sift writes an object (diskCopies). */
  copyS: number;
  /** The same stream copy with a single fsync at the end. */
  syncAtEndCopyS: number;
  /** fs.copyFile and an fsync (may not move the bytes: reported, not compared). */
  copyFileS: number;
  putS: number;
  getS: number;
  /** The server's CPU seconds, all threads. */
  putCpuS: number;
  getCpuS: number;
  /** The server's main thread's CPU seconds (the rest: MD5 worker, libuv's pool, V8's helpers). */
  putMainCpuS: number;
  getMainCpuS: number;
  /** The benchmark's client's CPU seconds (it runs on the same cores). */
  putClientCpuS: number;
  getClientCpuS: number;
  /** Each round's copy / PUT and copy / GET ratio (their spread shows how noisy the machine was). */
  putRatios: number[];
  getRatios: number[];
}

export async function benchLargeObject(mb: number, databaseUrl?: string, rounds = 3): Promise<LargeObjectFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'sift-bench-s3-'));
  try {
    const src = await sourceFile(dir, mb);
    const server = await startServer(join(dir, 'server'), false, databaseUrl);
    let best: LargeObjectFigures = { copyS: Infinity, syncAtEndCopyS: Infinity, copyFileS: Infinity, putS: Infinity, getS: Infinity, putCpuS: Infinity, getCpuS: Infinity, putMainCpuS: Infinity, getMainCpuS: Infinity, putClientCpuS: Infinity, getClientCpuS: Infinity, putRatios: [], getRatios: [] };
    try {
      for (let i = 0; i < rounds; i++) {
        const copies = await diskCopies(dir, src);
        // The server's CPU seconds (user + system, /proc) for each: steadier than wall time on a shared disk.
        const r = await putGet(server.s3, src, mb * 1024 * 1024, {}, {}, server.sift.proc.pid);
        best = {
          copyS: Math.min(best.copyS, copies.byteCopyS),
          syncAtEndCopyS: Math.min(best.syncAtEndCopyS, copies.syncAtEndCopyS),
          copyFileS: Math.min(best.copyFileS, copies.copyFileS),
          putS: Math.min(best.putS, r.putS),
          getS: Math.min(best.getS, r.getS),
          putCpuS: Math.min(best.putCpuS, r.putCpuS),
          getCpuS: Math.min(best.getCpuS, r.getCpuS),
          putMainCpuS: Math.min(best.putMainCpuS, r.putMainCpuS),
          getMainCpuS: Math.min(best.getMainCpuS, r.getMainCpuS),
          putClientCpuS: Math.min(best.putClientCpuS, r.putClientCpuS),
          getClientCpuS: Math.min(best.getClientCpuS, r.getClientCpuS),
          putRatios: [...best.putRatios, copies.byteCopyS / r.putS],
          getRatios: [...best.getRatios, copies.byteCopyS / r.getS],
        };
      }
    } finally {
      await stop(server);
    }
    return best;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sift-bench-s3-'));
  const src = await sourceFile(dir, MB);
  const bytes = MB * 1024 * 1024;
  const copies = await diskCopies(dir, src);
  const copyS = copies.byteCopyS;
  let t: number;

  // Encryption at rest against the same server with it switched off (the benchmark's internal switch), same run.
  const plainServer = await startServer(join(dir, 'plain'), true);
  const plain = await putGet(plainServer.s3, src, bytes);
  await stop(plainServer);
  rmSync(join(dir, 'plain'), { recursive: true, force: true });

  const server = await startServer(join(dir, 'server'), false);
  const { sift, s3 } = server;
  const rssMb = () => rssOf(sift.proc.pid!);
  const rss0 = rssMb();
  let rssPeak = rss0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb())), 50);
  const sealed = await putGet(s3, src, bytes);
  const mbps = (s: number) => (MB / s).toFixed(0);
  console.log(`large object ${MB} MiB: local byte copy ${mbps(copyS)} MiB/s (fsync at the end only ${mbps(copies.syncAtEndCopyS)}, copyFile ${mbps(copies.copyFileS)})`);
  console.log(`  without encryption at rest: PUT ${mbps(plain.putS)} MiB/s (copy ratio ${(copyS / plain.putS).toFixed(2)}) | GET ${mbps(plain.getS)} MiB/s (copy ratio ${(copyS / plain.getS).toFixed(2)})`);
  console.log(
    `  with encryption at rest:    PUT ${mbps(sealed.putS)} MiB/s (copy ratio ${(copyS / sealed.putS).toFixed(2)}, ${(plain.putS / sealed.putS).toFixed(2)} of plaintext) | GET ${mbps(sealed.getS)} MiB/s (copy ratio ${(copyS / sealed.getS).toFixed(2)}, ${(plain.getS / sealed.getS).toFixed(2)} of plaintext)`,
  );

  // SSE-KMS and SSE-C against SSE-S3 (the run above), on the same server: the large object, then small objects.
  const kms = new KMSClient({ endpoint: sift.match[1]!, region: 'us-east-1', credentials: CREDS });
  const keyId = (await kms.send(new CreateKeyCommand({ Description: 'bench' }))).KeyMetadata!.KeyId!;
  const customer = randomBytes(32);
  const ssec = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: customer.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(customer).digest('base64') };
  const ssekms = { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyId };
  const kmsRun = await putGet(s3, src, bytes, ssekms);
  const cRun = await putGet(s3, src, bytes, ssec, ssec);
  const vs = (a: number, b: number) => (a / b).toFixed(2);
  console.log(`  SSE-KMS: PUT ${mbps(kmsRun.putS)} MiB/s (${vs(sealed.putS, kmsRun.putS)} of SSE-S3) | GET ${mbps(kmsRun.getS)} MiB/s (${vs(sealed.getS, kmsRun.getS)} of SSE-S3)`);
  console.log(`  SSE-C:   PUT ${mbps(cRun.putS)} MiB/s (${vs(sealed.putS, cRun.putS)} of SSE-S3) | GET ${mbps(cRun.getS)} MiB/s (${vs(sealed.getS, cRun.getS)} of SSE-S3)`);
  const SSE_SMALL = Math.min(SMALL, 1000);
  const smallRate = async (name: string, put: Sse, read: Sse) => {
    const body = Buffer.alloc(4096, 3);
    let t0 = performance.now();
    for (let i = 0; i < SSE_SMALL; i += 32) {
      await Promise.all(Array.from({ length: Math.min(32, SSE_SMALL - i) }, (_, j) => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `${name}/${i + j}`, Body: body, ...put }))));
    }
    const p = SSE_SMALL / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    for (let i = 0; i < SSE_SMALL; i += 32) {
      await Promise.all(Array.from({ length: Math.min(32, SSE_SMALL - i) }, async (_, j) => (await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `${name}/${i + j}`, ...read }))).Body!.transformToByteArray()));
    }
    return { put: p, get: SSE_SMALL / ((performance.now() - t0) / 1000) };
  };
  const r3 = await smallRate('sse-s3', {}, {});
  const rk = await smallRate('sse-kms', ssekms, {});
  const rc = await smallRate('sse-c', ssec, ssec);
  console.log(`${SSE_SMALL} x 4 KiB (32 in flight): SSE-S3 PUT ${r3.put.toFixed(0)} / GET ${r3.get.toFixed(0)} obj/s | SSE-KMS PUT ${rk.put.toFixed(0)} (${vs(rk.put, r3.put)}) / GET ${rk.get.toFixed(0)} (${vs(rk.get, r3.get)}) | SSE-C PUT ${rc.put.toFixed(0)} (${vs(rc.put, r3.put)}) / GET ${rc.get.toFixed(0)} (${vs(rc.get, r3.get)})`);
  kms.destroy();

  const small = Buffer.alloc(4096, 7);
  t = performance.now();
  const conc = 32;
  for (let i = 0; i < SMALL; i += conc) {
    await Promise.all(Array.from({ length: Math.min(conc, SMALL - i) }, (_, j) => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `small/${String(i + j).padStart(6, '0')}`, Body: small }))));
  }
  const sPut = (performance.now() - t) / 1000;
  t = performance.now();
  let listed = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'bench', Prefix: 'small/', ContinuationToken: token }));
    listed += page.KeyCount ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  const sList = (performance.now() - t) / 1000;
  t = performance.now();
  for (let i = 0; i < SMALL; i += conc) {
    await Promise.all(
      Array.from({ length: Math.min(conc, SMALL - i) }, async (_, j) => {
        const o = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `small/${String(i + j).padStart(6, '0')}` }));
        await o.Body!.transformToByteArray();
      }),
    );
  }
  const sGet = (performance.now() - t) / 1000;
  clearInterval(sampler);
  console.log(`${SMALL} x 4 KiB (32 in flight): PUT ${(SMALL / sPut).toFixed(0)} obj/s | LIST ${(listed / sList).toFixed(0)} keys/s (${listed} keys) | GET ${(SMALL / sGet).toFixed(0)} obj/s`);
  console.log(`server RSS: start ${rss0.toFixed(0)} MiB, peak ${rssPeak.toFixed(0)} MiB, growth ${(rssPeak - rss0).toFixed(0)} MiB`);
  await stop(server);
  await writeFile(join(dir, 'done'), '');
  rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
