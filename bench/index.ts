// `npm run bench`: each figure of issue 18 as a ratio against its baseline measured in the same run, on SQLite and on
// PostgreSQL (a fresh database on SIFT_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
// skipped, saying so, when none answers), then PostgreSQL against SQLite.
//   gateway: server CPU per authenticated GetMacieSession call against a bare Node server's (goal ≤ 2×)
//   S3: PUT and GET of one large object (SIFT_BENCH_S3_MB, default 256 MiB) against a local byte-for-byte disk copy
//   written as Sift writes an object, best of 3 each (goal ≥ 0.5×)
//   logs: PutLogEvents events/s through the API (goal ≥ 150k/s) in agent-sized batches, events per server-CPU-second,
//   and against a bare server answering the same pre-signed calls
//   logs reads (PostgreSQL only): FilterLogEvents, GetLogEvents and Insights' scan, CPU per event against segment files
// The other benchmarks have their own scripts: bench:detect, bench:logs, bench:jobs, bench:formats, bench:accounts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, postgresReachable } from '../src/store/test-databases.js';
import { benchGateway, cpuPerCall } from './gateway.js';
import { benchIngest } from './ingest.js';
import { benchLargeObject } from './s3.js';

const MB = Number(process.env.SIFT_BENCH_S3_MB ?? 256);
const EVENTS = Number(process.env.SIFT_BENCH_INGEST ?? 400_000);
const SECONDS = Number(process.env.SIFT_BENCH_SECONDS ?? 5);

interface Figures {
  gatewayCpuRatio: number;
  gatewayTimeRatio: number;
  putRatio: number;
  getRatio: number;
  eventsPerSecond: number;
  ingestRatio: number;
}

// Each server gets a database of its own (its master key seals that database's secrets).
async function run(backend: string, fresh: () => Promise<string | undefined>): Promise<Figures> {
  console.log(`\n== ${backend}`);
  const g = await benchGateway(SECONDS * 1000, 32, await fresh());
  console.log(
    `gateway     server CPU ${cpuPerCall(g.sift).toFixed(0)} µs/call vs bare ${cpuPerCall(g.bare).toFixed(0)} µs/call: ${(cpuPerCall(g.sift) / cpuPerCall(g.bare)).toFixed(2)}x (goal ≤ 2x); ` +
      `${g.sift.rps.toFixed(0)} vs ${g.bare.rps.toFixed(0)} calls/s (${(g.bare.rps / g.sift.rps).toFixed(2)}x time per call); p99 ${g.sift.p99Ms.toFixed(1)} vs ${g.bare.p99Ms.toFixed(1)} ms; errors ${g.sift.errors + g.bare.errors}`,
  );
  const s = await benchLargeObject(MB, await fresh());
  const mbps = (sec: number) => (MB / sec).toFixed(0);
  console.log(
    `S3 ${MB} MiB  disk byte copy ${mbps(s.copyS)} MiB/s (fsync at the end only ${mbps(s.syncAtEndCopyS)}, copyFile ${mbps(s.copyFileS)}: not compared) | PUT ${mbps(s.putS)} MiB/s: ${(s.copyS / s.putS).toFixed(2)}x of the copy | GET ${mbps(s.getS)} MiB/s: ${(s.copyS / s.getS).toFixed(2)}x of the copy (goal ≥ 0.5x); server CPU ${(s.putCpuS / (MB / 1024)).toFixed(2)} s/GiB PUT, ${(s.getCpuS / (MB / 1024)).toFixed(2)} s/GiB GET`,
  );
  const l = await benchIngest(EVENTS, { databaseUrl: await fresh() });
  console.log(
    `logs        PutLogEvents ${Math.round(l.sift.eventsPerSecond).toLocaleString('en-US')} events/s (goal ≥ 150,000: ${(l.sift.eventsPerSecond / 150_000).toFixed(2)}x) vs bare server ${Math.round(l.bare.eventsPerSecond).toLocaleString('en-US')}: ${(l.sift.eventsPerSecond / l.bare.eventsPerSecond).toFixed(2)}x; server CPU ${l.sift.cpuUsPerEvent.toFixed(2)} vs ${l.bare.cpuUsPerEvent.toFixed(2)} µs/event (${Math.round(l.sift.eventsPerCpuSecond).toLocaleString("en-US")} events per server-CPU-second)`,
  );
  return {
    gatewayCpuRatio: cpuPerCall(g.sift) / cpuPerCall(g.bare),
    gatewayTimeRatio: g.bare.rps / g.sift.rps,
    putRatio: s.copyS / s.putS,
    getRatio: s.copyS / s.getS,
    eventsPerSecond: l.sift.eventsPerSecond,
    ingestRatio: l.sift.eventsPerSecond / l.bare.eventsPerSecond,
  };
}

const sqlite = await run('SQLite', async () => undefined);
if (await postgresReachable()) {
  const dbs: Array<{ drop(): Promise<void> }> = [];
  try {
    const pg = await run('PostgreSQL', async () => {
      const db = await createTestDatabase('sift_bench');
      dbs.push(db);
      return db.url;
    });
    // Each figure on PostgreSQL against SQLite (goal: within 2x, i.e. ≥ 0.5 where higher is better).
    console.log('\n== PostgreSQL against SQLite (same run)');
    console.log(`gateway CPU ratio ${pg.gatewayCpuRatio.toFixed(2)} vs ${sqlite.gatewayCpuRatio.toFixed(2)}: PostgreSQL costs ${(pg.gatewayCpuRatio / sqlite.gatewayCpuRatio).toFixed(2)}x (goal ≤ 2x)`);
    console.log(`S3 PUT ${(pg.putRatio / sqlite.putRatio).toFixed(2)}x and GET ${(pg.getRatio / sqlite.getRatio).toFixed(2)}x of SQLite's throughput (goal ≥ 0.5x)`);
    console.log(`logs ${(pg.eventsPerSecond / sqlite.eventsPerSecond).toFixed(2)}x of SQLite's events/s (goal ≥ 0.5x)`);
    // The Logs read paths, store against store (bench/pg-read.ts): the same events in PostgreSQL's table and in the
    // segment files a SQLite deployment keeps them in.
    console.log('\n== Logs reads, PostgreSQL against segment files (bench/pg-read.ts; goal ≤ 2x CPU per event)');
    const read = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'pg-read.ts')], { stdio: 'inherit', env: { SIFT_BENCH_EVENTS: '100000', SIFT_BENCH_REPS: '2', ...process.env } });
    if (read.status !== 0) console.log(`bench/pg-read.ts failed (exit ${read.status})`);
  } finally {
    for (const db of dbs) await db.drop();
  }
} else {
  console.log('\nPostgreSQL: skipped, no server answers at SIFT_TEST_DATABASE_URL');
}
