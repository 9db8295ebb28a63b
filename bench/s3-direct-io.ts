// Would O_DIRECT pay for an object's file writes? A large PUT's second-largest server cost (after MD5) is the kernel
// copying written bytes into the page cache (`copy_folio_from_iter_atomic` on libuv's pool, bench/s3-put-threads.ts
// with PERF). This writes MB MiB from memory to a new file, fsynced at the end, alternating rounds: (a) as Sift writes
// an object (DurableFileWriter: 4 MiB writev, background fdatasync every 32 MiB) and (b) with O_DIRECT, 4 MiB aligned
// writes, DEPTH of them in flight (positional), then fsync. Reports wall seconds and this process's CPU seconds
// (user + system, which includes the pool's writes) per GiB. Aligned memory: Node gives no address, so a buffer's
// aligned view is found by probing O_DIRECT writes at 16-byte steps (a bench's shortcut, not a way to ship it).
//   SIFT_BENCH_S3_MB (default 1024), SIFT_BENCH_ROUNDS (default 3), SIFT_BENCH_DEPTH (default 4); npx tsx bench/s3-direct-io.ts
import { closeSync, constants, fsync, mkdtempSync, openSync, rmSync, unlinkSync, write, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { DurableFileWriter } from '../src/storage/durable-file.js';

const MB = Number(process.env.SIFT_BENCH_S3_MB ?? 1024);
const ROUNDS = Number(process.env.SIFT_BENCH_ROUNDS ?? 3);
const DEPTH = Number(process.env.SIFT_BENCH_DEPTH ?? 4);
const BLOCK = 4 << 20;
const pwrite = promisify(write);

/** A view of `bytes` bytes that O_DIRECT accepts (probed: see above). */
function alignedBuffer(dir: string, bytes: number): Buffer {
  const probe = join(dir, 'probe');
  const backing = Buffer.allocUnsafeSlow(bytes + 4096);
  for (let at = 0; at < 4096; at += 16) {
    closeSync(openSync(probe, 'w', 0o600));
    const fd = openSync(probe, constants.O_WRONLY | constants.O_DIRECT);
    try {
      writeSync(fd, backing, at, 4096, 0);
      return backing.subarray(at, at + bytes).fill(0x5a);
    } catch {
      // not aligned here
    } finally {
      closeSync(fd);
      unlinkSync(probe);
    }
  }
  throw new Error('no O_DIRECT-aligned view found (does this file system support O_DIRECT?)');
}

async function timed(work: () => Promise<void>): Promise<{ wallS: number; cpuS: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  await work();
  const d = process.cpuUsage(c);
  return { wallS: (performance.now() - t) / 1000, cpuS: (d.user + d.system) / 1e6 };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sift-bench-directio-'));
  try {
    const bytes = MB << 20;
    const blocks = Array.from({ length: DEPTH }, () => alignedBuffer(dir, BLOCK));
    const out = join(dir, 'object');
    const buffered = () =>
      pipeline(
        Readable.from((function* () {
          for (let at = 0; at < bytes; at += BLOCK) yield blocks[(at / BLOCK) % DEPTH]!;
        })()),
        new DurableFileWriter(out, { mode: 0o600, highWaterMark: 4 << 20 }),
      );
    const direct = async () => {
      const fd = openSync(out, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_DIRECT, 0o600);
      try {
        let next = 0;
        await Promise.all(blocks.map(async (block) => {
          while (next < bytes) {
            const at = next;
            next += BLOCK;
            await pwrite(fd, block, 0, BLOCK, at);
          }
        }));
        await promisify(fsync)(fd);
      } finally {
        closeSync(fd);
      }
    };
    const rows: Record<string, { wallS: number; cpuS: number }[]> = { buffered: [], direct: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const k of r % 2 ? ['direct', 'buffered'] : ['buffered', 'direct']) {
        rows[k]!.push(await timed(k === 'buffered' ? buffered : direct));
        rmSync(out);
      }
    }
    const gib = MB / 1024;
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    for (const [k, rs] of Object.entries(rows)) {
      console.log(
        `${(k === 'direct' ? `O_DIRECT x${DEPTH}` : 'DurableFileWriter').padEnd(18)} wall s/GiB ${rs.map((x) => (x.wallS / gib).toFixed(2)).join(' ')} (median ${(med(rs.map((x) => x.wallS)) / gib).toFixed(2)}) | CPU s/GiB ${rs.map((x) => (x.cpuS / gib).toFixed(2)).join(' ')} (median ${(med(rs.map((x) => x.cpuS)) / gib).toFixed(2)})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
