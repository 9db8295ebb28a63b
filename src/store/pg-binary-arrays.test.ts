// The binary array parameters of batched PostgreSQL INSERTs (pg-binary-arrays.ts) read back by PostgreSQL as the same values:
// array_recv checks the header (dimensions, element type) and each element's width, so a wrong layout is an error.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPostgresTestStore, postgresReachable } from './test-databases.js';
import type { Store } from './index.js';
import { int4Array, int8Array } from './pg-binary-arrays.js';

const pg = await postgresReachable();

describe.skipIf(!pg)('binary integer arrays as PostgreSQL parameters', () => {
  let store: Store | undefined;
  afterAll(async () => store?.close());

  it('bigint[]: every safe integer the words split around, and negatives', async () => {
    store ??= await openPostgresTestStore('sift_logs_binarrays');
    const values = [0, 1, 255, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 1_765_000_000_123, Number.MAX_SAFE_INTEGER, -1, -(2 ** 32), -(2 ** 32) - 1, Number.MIN_SAFE_INTEGER];
    const res = await sql<{ v: string[] }>`select ${int8Array(values)}::bigint[]::text[] as v`.execute(store.db);
    expect(res.rows[0].v.map(Number)).toEqual(values);
  });

  it('int[]: both signs and the 32-bit ends', async () => {
    store ??= await openPostgresTestStore('sift_logs_binarrays');
    const values = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 123_456];
    const res = await sql<{ v: number[] }>`select ${int4Array(values)}::int[] as v`.execute(store.db);
    expect(res.rows[0].v).toEqual(values);
  });

  it('empty arrays and unnest order', async () => {
    store ??= await openPostgresTestStore('sift_logs_binarrays');
    const empty = await sql<{ n: number }>`select cardinality(${int8Array([])}::bigint[]) as n`.execute(store.db);
    expect(Number(empty.rows[0].n)).toBe(0);
    const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    const rows = await sql<{ v: number }>`select unnest(${int4Array(values)}::int[]) as v`.execute(store.db);
    expect(rows.rows.map((r) => r.v)).toEqual(values);
  });
});
