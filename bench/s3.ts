// S3 throughput: PUT and GET of one large object through Sift's S3 stack over HTTP versus copying the same file on
// local disk in the same run (ratio), then N small objects PUT, LIST, GET (objects/s), and RSS growth.
// Until the gateway serves S3 the stack is restXml + the S3 provider + the embedded store behind node:http (no
// SigV4 verification). Sizes: SIFT_BENCH_S3_MB (default 1024), SIFT_BENCH_S3_SMALL (default 10000).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ServiceError, randomIds, systemClock, type RequestContext } from '../src/common/index.js';
import { openStore } from '../src/store/index.js';
import { schema } from '../src/models/s3/index.js';
import { restXml } from '../src/protocol/rest-xml.js';
import { createS3Provider } from '../src/services/s3/index.js';
import { EmbeddedStore } from '../src/storage/index.js';

const MB = Number(process.env.SIFT_BENCH_S3_MB ?? 1024);
const SMALL = Number(process.env.SIFT_BENCH_S3_SMALL ?? 10_000);
const ACCOUNT = '111122223333';
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sift-bench-s3-'));
  const store = await openStore(join(dir, 'sift.db'));
  const provider = createS3Provider({ store: new EmbeddedStore({ db: store.db, clock: systemClock, ids: randomIds, dataDir: dir }), maxPutBytes: 5 * 1024 ** 3 }) as unknown as Record<string, (c: RequestContext, i: unknown) => Promise<unknown>>;
  const ctx: RequestContext = { accountId: ACCOUNT, region: 'us-east-1', principal: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT }, requestId: 'r', clock: systemClock, sourceIp: '127.0.0.1', userAgent: '' };
  const server = createServer(async (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const wire = { method: req.method!, path: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? '' : url.slice(q + 1), query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)), headers: req.headers, body: Buffer.alloc(0) } as Parameters<typeof restXml.parseInput>[2];
    let out;
    try {
      const op = restXml.operationOf(schema, wire);
      if (restXml.streamsInput!(schema, op)) wire.bodyStream = req;
      else {
        const parts: Buffer[] = [];
        for await (const c of req) parts.push(c as Buffer);
        wire.body = Buffer.concat(parts);
      }
      out = restXml.serializeOutput(schema, op, await provider[op[0]!.toLowerCase() + op.slice(1)]!(ctx, restXml.parseInput(schema, op, wire)), 'r');
    } catch (err) {
      out = restXml.serializeError(schema, err instanceof ServiceError ? err : new ServiceError('InternalError', String(err), 500, 'server'), 'r');
    }
    res.writeHead(out.status, out.headers);
    const body = out.body;
    if (body && typeof body === 'object' && 'pipe' in body) body.pipe(res);
    else res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));

  // A file of pseudo-random bytes, written in 8 MiB blocks.
  const src = join(dir, 'source.bin');
  const ws = createWriteStream(src);
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24;
  for (let i = 0; i < MB / 8; i++) if (!ws.write(block)) await new Promise<void>((r) => ws.once('drain', () => r()));
  await new Promise<void>((r) => ws.end(() => r()));
  const bytes = MB * 1024 * 1024;
  const rss0 = rssMb();
  let rssPeak = rss0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb())), 50);

  let t = performance.now();
  await copyFile(src, join(dir, 'copy.bin'));
  const copyS = (performance.now() - t) / 1000;

  t = performance.now();
  await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: 'large.bin', Body: createReadStream(src), ContentLength: bytes }));
  const putS = (performance.now() - t) / 1000;
  t = performance.now();
  const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'large.bin' }));
  let received = 0;
  await pipeline(got.Body as NodeJS.ReadableStream, new Writable({ write(c, _e, cb) { received += c.length; cb(); } }));
  const getS = (performance.now() - t) / 1000;
  if (received !== bytes) throw new Error(`GET returned ${received} of ${bytes} bytes`);
  const mbps = (s: number) => (MB / s).toFixed(0);
  console.log(`large object ${MB} MiB: local copy ${mbps(copyS)} MiB/s | PUT ${mbps(putS)} MiB/s (ratio ${(copyS / putS).toFixed(2)}) | GET ${mbps(getS)} MiB/s (ratio ${(copyS / getS).toFixed(2)})`);

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
  console.log(`RSS: start ${rss0.toFixed(0)} MiB, peak ${rssPeak.toFixed(0)} MiB, growth ${(rssPeak - rss0).toFixed(0)} MiB`);
  s3.destroy();
  server.close();
  await store.close();
  await writeFile(join(dir, 'done'), '');
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
