// A/B of a large object's PUT and GET between this checkout's server and another's (SIFT_BENCH_BASE, default
// /work/wt/base, built), in the same run: the arms alternate round by round (A B / B A ...), each PUT+GET next to a
// byte-for-byte disk copy of the same file (the ratio's baseline, as bench/s3.ts). The figure to trust on a loaded
// machine is CPU per GiB (server all threads, its main thread, the client); min and median over the rounds.
//   SIFT_BENCH_S3_MB (default 256), SIFT_BENCH_AB_ROUNDS (default 4), SIFT_BENCH_S3_CHECKSUM (bench/s3.ts: a declared digest),
//   SIFT_BENCH_AB_POSTGRES=1: each arm's server on a fresh PostgreSQL database (SIFT_TEST_DATABASE_URL) instead of SQLite,
//   SIFT_BENCH_AB_FALLBACK=1 adds a third arm: the branch with SIFT_NATIVE=0 (node:crypto);
//   SIFT_BENCH_BRANCH: the branch's built tree (default this checkout; a copy of dist/ and build/ beside a
//   node_modules link lets the source change while a run goes on).
//   npm run build && npx tsx bench/s3-ab.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase } from '../src/store/test-databases.js';
import { diskCopies, putGet, sourceFile, startServer, stop } from './s3.js';

const MB = Number(process.env.SIFT_BENCH_S3_MB ?? 256);
const ROUNDS = Number(process.env.SIFT_BENCH_AB_ROUNDS ?? 4);
const BASE = resolve(process.env.SIFT_BENCH_BASE ?? '/work/wt/base');
const BRANCH: Record<string, string> = {
  ...(process.env.SIFT_BENCH_BRANCH ? { SIFT_BENCH_ROOT: resolve(process.env.SIFT_BENCH_BRANCH) } : {}),
  // SIFT_BENCH_AB_BRANCH_ENV="NAME=value ...": more environment for the branch's server alone.
  ...Object.fromEntries((process.env.SIFT_BENCH_AB_BRANCH_ENV ?? '').split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
};

interface Row { putCpu: number; putMain: number; putClient: number; getCpu: number; getMain: number; getClient: number; putRatio: number; getRatio: number; putS: number; getS: number }

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sift-bench-s3ab-'));
  try {
    const src = await sourceFile(dir, MB);
    const bytes = MB * 1024 * 1024;
    const arms: { name: string; env: Record<string, string> }[] = [
      { name: `base (${BASE})`, env: { SIFT_BENCH_ROOT: BASE } },
      { name: 'branch', env: { ...BRANCH } },
      ...(process.env.SIFT_BENCH_AB_FALLBACK === '1' ? [{ name: 'branch SIFT_NATIVE=0', env: { ...BRANCH, SIFT_NATIVE: '0' } }] : []),
    ];
    const servers = [];
    const dbs: { drop(): Promise<void> }[] = [];
    for (const [i, arm] of arms.entries()) {
      const db = process.env.SIFT_BENCH_AB_POSTGRES === '1' ? await createTestDatabase('sift_bench_s3ab') : undefined;
      if (db) dbs.push(db);
      servers.push(await startServer(join(dir, `server${i}`), false, db?.url, arm.env));
    }
    const rows: Row[][] = arms.map(() => []);
    try {
      for (let r = 0; r < ROUNDS; r++) {
        const order = arms.map((_, i) => i);
        if (r % 2 === 1) order.reverse();
        for (const i of order) {
          const copy = (await diskCopies(dir, src)).byteCopyS;
          const x = await putGet(servers[i]!.s3, src, bytes, {}, {}, servers[i]!.sift.proc.pid);
          const gib = MB / 1024;
          const row: Row = {
            putCpu: x.putCpuS / gib, putMain: x.putMainCpuS / gib, putClient: x.putClientCpuS / gib,
            getCpu: x.getCpuS / gib, getMain: x.getMainCpuS / gib, getClient: x.getClientCpuS / gib,
            putRatio: copy / x.putS, getRatio: copy / x.getS, putS: x.putS, getS: x.getS,
          };
          rows[i]!.push(row);
          console.log(`round ${r + 1} ${arms[i]!.name}: copy ${copy.toFixed(2)} s | PUT ${x.putS.toFixed(2)} s, server ${row.putCpu.toFixed(2)} (main ${row.putMain.toFixed(2)}) client ${row.putClient.toFixed(2)} CPU s/GiB, ratio ${row.putRatio.toFixed(2)} | GET ${x.getS.toFixed(2)} s, server ${row.getCpu.toFixed(2)} (main ${row.getMain.toFixed(2)}) client ${row.getClient.toFixed(2)} CPU s/GiB, ratio ${row.getRatio.toFixed(2)}`);
        }
      }
    } finally {
      for (const s of servers) await stop(s);
      for (const db of dbs) await db.drop();
    }
    const stat = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `${s[0]!.toFixed(2)}/${s[Math.floor((s.length - 1) / 2)]!.toFixed(2)}`;
    };
    const maxStat = (xs: number[]) => {
      const s = [...xs].sort((a, b) => b - a);
      return `${s[0]!.toFixed(2)}/${s[Math.floor((s.length - 1) / 2)]!.toFixed(2)}`;
    };
    console.log(`\n${MB} MiB, ${ROUNDS} rounds${process.env.SIFT_BENCH_AB_POSTGRES === '1' ? ', PostgreSQL' : ', SQLite'}; CPU s/GiB as min/median, copy ratios as max/median`);
    for (const [i, arm] of arms.entries()) {
      const rs = rows[i]!;
      const col = (k: keyof Row) => rs.map((x) => x[k]);
      console.log(
        `${arm.name.padEnd(28)} PUT server ${stat(col('putCpu'))} main ${stat(col('putMain'))} client ${stat(col('putClient'))} ratio ${maxStat(col('putRatio'))} | GET server ${stat(col('getCpu'))} main ${stat(col('getMain'))} client ${stat(col('getClient'))} ratio ${maxStat(col('getRatio'))}`,
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
