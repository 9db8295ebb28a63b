// CPU time of the PostgreSQL backends serving one database (from /proc), for benchmarks that share the server with
// other work: only the sessions of the benchmark's own database count, not every postgres process on the machine.
// (The WAL writer and checkpointer are shared and left out.)
import pg from 'pg';
import { cpuMs } from './cpu.js';

/** Backend pid → CPU milliseconds so far, for every session of the database at `url` but this one. */
export async function backendsCpu(url: string): Promise<Map<number, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const res = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    const out = new Map<number, number>();
    for (const { pid } of res.rows) {
      try {
        out.set(pid, cpuMs(pid));
      } catch {
        // gone meanwhile
      }
    }
    return out;
  } finally {
    await c.end();
  }
}

/** CPU milliseconds the database's backends spent between two `backendsCpu` readings (new sessions count whole). */
export function backendsCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
