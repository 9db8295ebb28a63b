// The behaviour every database backend must show; sqlite.test.ts and postgres.test.ts run it.
import { describe, expect, it } from 'vitest';
import type { Store } from './dialects.js';

export function describeStoreContract(name: string, open: () => Promise<Store | undefined>) {
  describe(`store contract: ${name}`, () => {
    it('applies every migration and round-trips rows with epoch-millisecond times as numbers', async () => {
      const store = await open();
      if (!store) return;
      try {
        const t = Date.UTC(2026, 10, 25, 12, 0, 0, 123);
        await store.db.insertInto('accounts').values({ account_id: '111122223333', created_at: t }).execute();
        const row = await store.db.selectFrom('accounts').selectAll().where('account_id', '=', '111122223333').executeTakeFirstOrThrow();
        expect(row.created_at).toBe(t);
        expect(typeof row.created_at).toBe('number');
      } finally {
        await store.close();
      }
    });

    it('keeps composite keys unique and rolls back a failed transaction', async () => {
      const store = await open();
      if (!store) return;
      try {
        const policy = { account_id: '111122223333', principal_kind: 'user', principal_name: 'a', policy_name: 'p', document: '{}' };
        await store.db.insertInto('iam_inline_policies').values(policy).execute();
        await expect(store.db.insertInto('iam_inline_policies').values(policy).execute()).rejects.toThrow();
        await expect(
          store.db.transaction().execute(async (trx) => {
            await trx.insertInto('kv').values({ namespace: 'n', key: 'k', value: 'v' }).execute();
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(await store.db.selectFrom('kv').selectAll().execute()).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('orders audit events by an increasing sequence', async () => {
      const store = await open();
      if (!store) return;
      try {
        for (const id of ['e1', 'e2', 'e3']) {
          await store.db
            .insertInto('audit_events')
            .values({ event_id: id, account_id: '1', region: 'r', event_time: 1, event_name: 'X', event_source: 's', read_only: 1, username: null, access_key_id: null, management: 1, record: '{}' })
            .execute();
        }
        const rows = await store.db.selectFrom('audit_events').select(['event_id', 'seq']).orderBy('seq', 'desc').execute();
        expect(rows.map((r) => r.event_id)).toEqual(['e3', 'e2', 'e1']);
      } finally {
        await store.close();
      }
    });
  });
}
