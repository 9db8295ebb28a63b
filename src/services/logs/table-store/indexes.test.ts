// The event rows' indexes on PostgreSQL (issue 18, migration 0037): every index is written once per event, so the
// table carries only what the store's reads need: (gid, ts, seq) as the primary key (group walks, retention, group
// deletion; unique because seq is unique within a group) and (gid, stream_id, ts, seq) (GetLogEvents, stream deletion),
// the latter without B-tree deduplication (migration 0041: its keys are never equal).
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPostgresTestStore, postgresReachable } from '../../../store/test-databases.js';
import type { Store } from '../../../store/index.js';

const pg = await postgresReachable();

describe.skipIf(!pg)('logs_event_rows indexes (PostgreSQL)', () => {
  let store: Store | undefined;
  afterAll(async () => store?.close());

  it('has the (gid, ts, seq) primary key and the per-stream index, and no other', async () => {
    store ??= await openPostgresTestStore('sift_logs_indexes');
    const res = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes where tablename = 'logs_event_rows' order by indexname`.execute(store.db);
    expect(res.rows.map((r) => [r.indexname, r.indexdef.replace(/^.* USING btree /, '').replace(/ WITH \(.*\)$/, '')])).toEqual([
      ['logs_event_rows_pk', '(gid, ts, seq)'],
      ['logs_event_rows_stream', '(gid, stream_id, ts, seq)'],
    ]);
  });

  it('does not deduplicate the per-stream index (its keys are unique, the pass would only cost)', async () => {
    store ??= await openPostgresTestStore('sift_logs_indexes');
    const res = await sql<{ relname: string; reloptions: string[] | null }>`
      select relname, reloptions from pg_class where relname in ('logs_event_rows_pk', 'logs_event_rows_stream') order by relname`.execute(store.db);
    expect(res.rows).toEqual([
      { relname: 'logs_event_rows_pk', reloptions: null },
      { relname: 'logs_event_rows_stream', reloptions: ['deduplicate_items=off'] },
    ]);
  });
});
