// What one audit batch (the gateway's group commit: BATCH GetMacieSession-sized records) and one IAM counter read
// cost on PostgreSQL, run back to back on one connection: CPU per statement of this process (the driver) and of its
// backend (from /proc), for the statement sent unnamed (parsed and planned by the backend every time) or named
// (parsed once per connection). N statements after as many.
//   npx tsx bench/pg-audit-batch.ts [unnamed|named] [N]
import pg from 'pg';
import { createTestDatabase } from '../src/store/test-databases.js';
import { openStore } from '../src/store/dialects.js';
import { int4Array, int8Array, textArray } from '../src/store/pg-binary-arrays.js';
import { cpuMs } from './cpu.js';

const mode = process.argv[2] === 'named' ? 'named' : 'unnamed';
const N = Number(process.argv[3] ?? 2000);
const BATCH = 12;
const database = await createTestDatabase('sift_bench_pgaudit');
const store = await openStore(database.url);
await store.close();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
const INSERT = (await import('../src/audit/event-history.js')).PG_INSERT_EVENTS_TEXT;
const READ = `select "value" from "kv" where "namespace" = $1 and "key" = $2`;
const record = JSON.stringify({ eventVersion: '1.08', padding: 'x'.repeat(700) });
let ms = Date.now();
let id = 0;
function batchParams(): unknown[] {
  const ids = Array.from({ length: BATCH }, () => `0190a1b2-c3d4-7e5f-8a9b-${String(id++).padStart(12, '0')}`);
  const times = Array.from({ length: BATCH }, () => ms++);
  const same = (v: string | null) => textArray(ids.map(() => v));
  return [textArray(ids), same('123456789012'), same('us-east-1'), int8Array(times), same('GetMacieSession'), same('macie2.amazonaws.com'), int4Array(ids.map(() => 1)), same(null), same('AKIABENCHMARKKEY0001'), int4Array(ids.map(() => 1)), same(record), textArray([]), textArray([]), textArray([])];
}
const run = async (text: string, name: string, values: unknown[]) => (mode === 'named' ? client.query({ name, text, values }) : client.query(text, values));
async function measure(label: string, one: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < N; i++) await one();
  const [own, back] = [process.cpuUsage(), cpuMs(backend)];
  for (let i = 0; i < N; i++) await one();
  const used = process.cpuUsage(own);
  console.log(`${mode} ${label}: this process ${((used.user + used.system) / N).toFixed(1)} µs, backend ${(((cpuMs(backend) - back) * 1000) / N).toFixed(1)} µs per statement`);
}
try {
  await measure('counter read', () => run(READ, 'sift_iam_version', ['sift', 'iam-version']));
  await measure(`audit batch of ${BATCH}`, () => run(INSERT, 'sift_audit_insert', batchParams()));
  if (mode === 'named') {
    // Whether the backend settled on one generic plan (no planning per execution) or plans each execution anew.
    const plans = await client.query('select name, generic_plans, custom_plans from pg_prepared_statements');
    for (const r of plans.rows) console.log(`  ${r.name}: generic plans ${r.generic_plans}, custom plans ${r.custom_plans}`);
  }
} finally {
  await client.end();
  await database.drop();
}
