// The object cipher alone, in this process: sealing MB MiB fed in 64 KiB pieces (as a PUT's body arrives) and opening
// a sealed file of that size (a GET's batches), with base's object-cipher (SIFT_BENCH_BASE/dist, node:crypto) against
// this checkout's native cipher (per chunk buffers, and pooled slabs given back as a file writer would), alternating
// rounds. CPU (user+sys) per GiB and minor page faults per MiB, min/median.
//   SIFT_BENCH_S3_MB (default 256), SIFT_BENCH_AB_ROUNDS (default 5); needs `npm run build` in base.
//   npx tsx bench/s3-cipher.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as mine from '../src/storage/object-cipher.js';

const MB = Number(process.env.SIFT_BENCH_S3_MB ?? 256);
const ROUNDS = Number(process.env.SIFT_BENCH_AB_ROUNDS ?? 5);
const BASE = resolve(process.env.SIFT_BENCH_BASE ?? '/work/wt/base');

const minflt = () => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[7]);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function main() {
  const base = (await import(join(BASE, 'dist/storage/object-cipher.js'))) as typeof mine;
  const dir = mkdtempSync(join(tmpdir(), 'sift-bench-cipher-'));
  try {
    const bytes = MB << 20;
    const plain = randomBytes(bytes);
    const key = randomBytes(32);
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes; at += 65_536) pieces.push(plain.subarray(at, at + 65_536));
    // The sealed file, for the opening arms (node:crypto's output: the format is the same either way).
    const sealedParts: Buffer[] = [];
    const s0 = new base.ChunkSealer(key);
    for (const p of pieces) s0.update(p, (b) => sealedParts.push(b));
    s0.end((b) => sealedParts.push(b));
    const file = join(dir, 'sealed');
    writeFileSync(file, Buffer.concat(sealedParts));
    sealedParts.length = 0;

    let sink = 0;
    const arms: { name: string; run: () => Promise<void> | void }[] = [
      {
        name: 'seal base (node:crypto)',
        run: () => {
          const s = new base.ChunkSealer(key);
          const out = (b: Buffer) => void (sink += b.length);
          for (const p of pieces) s.update(p, out);
          s.end(out);
        },
      },
      {
        name: 'seal native, chunk buffers',
        run: () => {
          const s = new mine.ChunkSealer(key);
          const out = (b: Buffer) => void (sink += b.length);
          for (const p of pieces) s.update(p, out);
          s.end(out);
        },
      },
      {
        name: 'seal native, pooled slabs',
        run: () => {
          const s = new mine.ChunkSealer(key, { slabs: true });
          const out = (b: Buffer) => {
            sink += b.length;
            mine.releaseSealed([b]);
          };
          for (const p of pieces) s.update(p, out);
          s.end(out);
        },
      },
      {
        name: 'open base (node:crypto)',
        run: async () => {
          for await (const batch of base.decryptBatches(file, key, bytes, 0, bytes - 1)) for (const b of batch) sink += b.length;
        },
      },
      {
        name: 'open native',
        run: async () => {
          for await (const batch of mine.decryptBatches(file, key, bytes, 0, bytes - 1)) for (const b of batch) sink += b.length;
        },
      },
      {
        name: 'open native, reused buffers',
        run: async () => {
          for await (const batch of mine.decryptBatches(file, key, bytes, 0, bytes - 1, undefined, () => true)) {
            for (const b of batch) {
              sink += b.length;
              mine.releasePlain(b);
            }
          }
        },
      },
    ];
    const rows = arms.map(() => ({ cpu: [] as number[], faults: [] as number[] }));
    for (let r = 0; r < ROUNDS; r++) {
      const order = arms.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const i of order) {
        const c = cpu();
        const f = minflt();
        await arms[i]!.run();
        rows[i]!.cpu.push((cpu() - c) / (MB / 1024));
        rows[i]!.faults.push((minflt() - f) / MB);
      }
    }
    const stat = (xs: number[], d = 2) => {
      const s = [...xs].sort((a, b) => a - b);
      return `${s[0]!.toFixed(d)}/${s[Math.floor((s.length - 1) / 2)]!.toFixed(d)}`;
    };
    console.log(`${MB} MiB, ${ROUNDS} rounds alternating; CPU s/GiB and minor faults/MiB as min/median (${sink} bytes through)`);
    for (const [i, arm] of arms.entries()) console.log(`${arm.name.padEnd(28)} CPU ${stat(rows[i]!.cpu)} s/GiB, faults ${stat(rows[i]!.faults, 1)}/MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
