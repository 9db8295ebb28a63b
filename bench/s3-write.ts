// A large object's write path alone, in this process: ObjectFiles.write (count, MD5 on its worker, seal, DurableFileWriter
// to disk) of MB MiB fed in 64 KiB pieces, base's build (SIFT_BENCH_BASE, default /work/wt/base) against a branch's
// (SIFT_BENCH_BRANCH, default this checkout; both need `npm run build`), alternating rounds. Whole-process CPU (main
// thread, MD5 worker, libuv's pool) per GiB, min/median. No HTTP, no client: what the object data path itself costs.
//   SIFT_BENCH_S3_MB (default 256), SIFT_BENCH_AB_ROUNDS (default 5); npx tsx bench/s3-write.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';

const MB = Number(process.env.SIFT_BENCH_S3_MB ?? 256);
const ROUNDS = Number(process.env.SIFT_BENCH_AB_ROUNDS ?? 5);
const roots = { base: resolve(process.env.SIFT_BENCH_BASE ?? '/work/wt/base'), branch: resolve(process.env.SIFT_BENCH_BRANCH ?? join(import.meta.dirname, '..')) };

type Files = typeof import('../src/storage/files.js');
type Cipher = typeof import('../src/storage/object-cipher.js');

async function main() {
  const bytes = MB << 20;
  const plain = randomBytes(bytes);
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes; at += 65_536) pieces.push(plain.subarray(at, at + 65_536));
  const mods: Record<string, { files: Files; cipher: Cipher }> = {};
  for (const [k, r] of Object.entries(roots)) mods[k] = { files: await import(join(r, 'dist/storage/files.js')), cipher: await import(join(r, 'dist/storage/object-cipher.js')) };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const rows: Record<string, number[]> = { base: [], branch: [] };
  const kek = randomBytes(32);
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of r % 2 ? ['branch', 'base'] : ['base', 'branch']) {
      const dir = mkdtempSync(join(tmpdir(), 'sift-bench-s3write-'));
      try {
        const files = new mods[k]!.files.ObjectFiles(dir, { hex: (n: number) => randomBytes(n / 2).toString('hex') } as never);
        await files.open();
        const c = cpu();
        await files.write(Readable.from(pieces), bytes * 2, () => new Error('too large'), mods[k]!.cipher.newDataKey(kek), bytes);
        rows[k]!.push((cpu() - c) / (MB / 1024));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const stat = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[0]!.toFixed(2)}/${s[Math.floor((s.length - 1) / 2)]!.toFixed(2)}`;
  };
  console.log(`${MB} MiB written ${ROUNDS} times each, alternating; process CPU s/GiB min/median`);
  for (const [k, r] of Object.entries(roots)) console.log(`${k.padEnd(7)} ${r.padEnd(32)} ${stat(rows[k]!)}  (${rows[k]!.map((x) => x.toFixed(2)).join(' ')})`);
  process.exit(0); // the MD5 worker threads are unref'd, but a pool's handles may linger
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
