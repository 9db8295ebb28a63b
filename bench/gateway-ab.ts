// The gateway figure (bench/gateway.ts: server CPU per authenticated GetMacieSession call, Sift against a bare Node
// server in the same run) for two built trees, alternated round by round so the machine's load falls on both alike;
// per round and the medians. SIFT_BENCH_POSTGRES=1 for PostgreSQL (a fresh database per run), SIFT_BENCH_WARMUP_MS
// and SIFT_BENCH_DURATION_MS as for bench/gateway.ts.
//   npx tsx bench/gateway-ab.ts <treeA> <treeB> [rounds]
import { benchGateway, cpuPerCall } from './gateway.js';

const [a, b, rounds = '3'] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: npx tsx bench/gateway-ab.ts <treeA> <treeB> [rounds]');
const { createTestDatabase } = await import('../src/store/test-databases.js');
const durationMs = Number(process.env.SIFT_BENCH_DURATION_MS ?? 5000);
type Row = { sift: number[]; bare: number[]; ratio: number[]; backends: number[]; transactions: number[] };
const row0 = (): Row => ({ sift: [], bare: [], ratio: [], backends: [], transactions: [] });
const results: Record<string, Row> = { [a]: row0(), [b]: row0() };
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
for (let r = 0; r < Number(rounds); r++) {
  for (const tree of r % 2 === 0 ? [a, b] : [b, a]) {
    const database = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench_gateway_ab') : undefined;
    try {
      const g = await benchGateway(durationMs, 32, database?.url, tree);
      const row = results[tree]!;
      row.sift.push(cpuPerCall(g.sift));
      row.bare.push(cpuPerCall(g.bare));
      row.ratio.push(cpuPerCall(g.sift) / cpuPerCall(g.bare));
      // On PostgreSQL also its backends' CPU per call, and committed transactions per call.
      const pgs = g.sift.postgres;
      const pgText = pgs ? `; PostgreSQL ${((pgs.backendsMs * 1000) / g.sift.requests).toFixed(0)} µs/call, ${(pgs.transactions / g.sift.requests).toFixed(3)} transactions/call` : '';
      if (pgs) {
        row.backends.push((pgs.backendsMs * 1000) / g.sift.requests);
        row.transactions.push(pgs.transactions / g.sift.requests);
      }
      console.log(`round ${r + 1} ${tree}: Sift ${cpuPerCall(g.sift).toFixed(0)} µs/call (main ${((g.sift.mainMs * 1000) / g.sift.requests).toFixed(0)}), bare ${cpuPerCall(g.bare).toFixed(0)} µs/call: ${(cpuPerCall(g.sift) / cpuPerCall(g.bare)).toFixed(2)}x, ${g.sift.rps.toFixed(0)} calls/s${pgText} (errors ${g.sift.errors})`);
    } finally {
      await database?.drop();
    }
  }
}
for (const tree of [a, b]) {
  const x = results[tree]!;
  console.log(`${tree}: Sift ${x.sift.map((v) => v.toFixed(0)).join(' / ')} µs/call (median ${median(x.sift).toFixed(0)}); bare median ${median(x.bare).toFixed(0)}; ratio ${x.ratio.map((v) => v.toFixed(2)).join(' / ')} (median ${median(x.ratio).toFixed(2)}x)` +
      (x.backends.length ? `; PostgreSQL ${x.backends.map((v) => v.toFixed(0)).join(' / ')} µs/call (median ${median(x.backends).toFixed(0)}), transactions/call median ${median(x.transactions).toFixed(3)}` : ''));
}
