import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listManagedDataIdentifiers } from '../../../detect/index.js';
import type { Store } from '../../../store/index.js';
import { identifierOps, loadCustomDataIdentifiers, MANAGED_PAGE_SIZE } from './identifiers.js';
import { sequentialIds, testContext, testStore } from '../../../findings/test-support.js';

let store: Store;
let ops: ReturnType<typeof identifierOps>;
const ctx = testContext();
beforeEach(async () => {
  store = await testStore();
  ops = identifierOps({ db: store.db, ids: sequentialIds() });
});
afterEach(async () => store.close());

describe('ListManagedDataIdentifiers', () => {
  it('pages through the whole catalog with server-chosen pages', async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await ops.listManagedDataIdentifiers(ctx, { nextToken });
      expect(out.items!.length).toBeLessThanOrEqual(MANAGED_PAGE_SIZE);
      seen.push(...out.items!.map((i) => i.id!));
      nextToken = out.nextToken;
      pages++;
    } while (nextToken);
    expect(seen).toEqual(listManagedDataIdentifiers().map((m) => m.id));
    expect(pages).toBe(Math.ceil(seen.length / MANAGED_PAGE_SIZE));
    expect(seen).toContain('CREDIT_CARD_NUMBER');
  });
  it('rejects a forged token', async () => {
    await expect(ops.listManagedDataIdentifiers(ctx, { nextToken: 'bm9wZQ' })).rejects.toMatchObject({ code: 'ValidationException' });
  });
});

describe('custom data identifiers', () => {
  const base = { name: 'employee-id', regex: 'EMP-[0-9]{6}', keywords: ['employee'], maximumMatchDistance: 20 };

  it('creates, gets with defaults and tags, and lists', async () => {
    const { customDataIdentifierId: id } = await ops.createCustomDataIdentifier(ctx, { ...base, description: 'ids', tags: { team: 'hr' } });
    const got = await ops.getCustomDataIdentifier(ctx, { id: id! });
    expect(got).toMatchObject({
      id,
      name: 'employee-id',
      regex: 'EMP-[0-9]{6}',
      keywords: ['employee'],
      ignoreWords: [],
      maximumMatchDistance: 20,
      deleted: false,
      tags: { team: 'hr' },
      arn: `arn:aws:macie2:us-east-1:111122223333:custom-data-identifier/${id}`,
      severityLevels: [{ occurrencesThreshold: 1, severity: 'MEDIUM' }],
    });
    expect(got.createdAt).toEqual(ctx.clock.now());
    const list = await ops.listCustomDataIdentifiers(ctx, {});
    expect(list.items!.map((i) => i.id)).toEqual([id]);
  });

  it('is idempotent on clientToken', async () => {
    const a = await ops.createCustomDataIdentifier(ctx, { ...base, clientToken: 't1' });
    const b = await ops.createCustomDataIdentifier(ctx, { ...base, clientToken: 't1' });
    const c = await ops.createCustomDataIdentifier(ctx, { ...base, clientToken: 't2' });
    expect(b.customDataIdentifierId).toBe(a.customDataIdentifierId);
    expect(c.customDataIdentifierId).not.toBe(a.customDataIdentifierId);
  });

  it('rejects what RE2 or Macie cannot accept, saying why', async () => {
    await expect(ops.createCustomDataIdentifier(ctx, { ...base, regex: '(a)\\1' })).rejects.toMatchObject({ code: 'ValidationException', message: expect.stringMatching(/backreference/) });
    await expect(ops.createCustomDataIdentifier(ctx, { ...base, regex: 'a'.repeat(513) })).rejects.toMatchObject({ code: 'ValidationException', message: expect.stringMatching(/512/) });
    await expect(ops.createCustomDataIdentifier(ctx, { ...base, regex: '(?<=x)y' })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(ops.createCustomDataIdentifier(ctx, { ...base, keywords: ['ab'] })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(ops.createCustomDataIdentifier(ctx, { ...base, maximumMatchDistance: 301 })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(ops.createCustomDataIdentifier(ctx, { ...base, description: 'x'.repeat(513) })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(
      ops.createCustomDataIdentifier(ctx, { ...base, severityLevels: [{ occurrencesThreshold: 10, severity: 'LOW' }, { occurrencesThreshold: 5, severity: 'HIGH' }, { occurrencesThreshold: 5, severity: 'MEDIUM' }] }),
    ).rejects.toMatchObject({ code: 'ValidationException' });
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expect(ops.createCustomDataIdentifier(ctx, { ...base, tags })).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('soft-deletes: gone from List, deleted in Get and BatchGet, not found twice', async () => {
    const { customDataIdentifierId: id } = await ops.createCustomDataIdentifier(ctx, base);
    const { customDataIdentifierId: keep } = await ops.createCustomDataIdentifier(ctx, { ...base, name: 'other' });
    await ops.deleteCustomDataIdentifier(ctx, { id: id! });
    expect((await ops.listCustomDataIdentifiers(ctx, {})).items!.map((i) => i.id)).toEqual([keep]);
    expect((await ops.getCustomDataIdentifier(ctx, { id: id! })).deleted).toBe(true);
    const batch = await ops.batchGetCustomDataIdentifiers(ctx, { ids: [keep!, id!, 'missing'] });
    expect(batch.customDataIdentifiers!.map((c) => [c.id, c.deleted])).toEqual([[keep, false], [id, true]]);
    expect(batch.notFoundIdentifierIds).toEqual(['missing']);
    await expect(ops.deleteCustomDataIdentifier(ctx, { id: id! })).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    const loaded = await loadCustomDataIdentifiers(store.db, ctx.accountId, ctx.region, [id!]);
    expect(loaded[0]).toMatchObject({ id, deleted: true, keywords: ['employee'] });
  });

  it('keeps accounts and regions apart', async () => {
    const { customDataIdentifierId: id } = await ops.createCustomDataIdentifier(ctx, base);
    const other = testContext(undefined, '444455556666');
    const west = testContext(undefined, '111122223333', 'us-west-2');
    await expect(ops.getCustomDataIdentifier(other, { id: id! })).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    await expect(ops.getCustomDataIdentifier(west, { id: id! })).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    expect((await ops.listCustomDataIdentifiers(west, {})).items).toEqual([]);
  });

  it('pages the list with keyset tokens', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await ops.createCustomDataIdentifier(ctx, { ...base, name: `n${i}` })).customDataIdentifierId!);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await ops.listCustomDataIdentifiers(ctx, { maxResults: 3, nextToken });
      seen.push(...out.items!.map((i) => i.id!));
      nextToken = out.nextToken;
    } while (nextToken);
    expect(seen.sort()).toEqual(made.sort());
  });

  it('rejects a BatchGet of more than 50 ids', async () => {
    await expect(ops.batchGetCustomDataIdentifiers(ctx, { ids: Array.from({ length: 51 }, (_, i) => `id${i}`) })).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('tests a pattern against sample text with keywords and ignore words', async () => {
    const text = 'employee EMP-123456, EMP-000000 and far away ' + ' '.repeat(60) + 'EMP-654321';
    expect((await ops.testCustomDataIdentifier(ctx, { regex: 'EMP-[0-9]{6}', sampleText: text })).matchCount).toBe(3);
    expect((await ops.testCustomDataIdentifier(ctx, { regex: 'EMP-[0-9]{6}', sampleText: text, keywords: ['employee'], maximumMatchDistance: 40 })).matchCount).toBe(2);
    expect((await ops.testCustomDataIdentifier(ctx, { regex: 'EMP-[0-9]{6}', sampleText: text, ignoreWords: ['0000'] })).matchCount).toBe(2);
    await expect(ops.testCustomDataIdentifier(ctx, { regex: 'x', sampleText: 'y'.repeat(1001) })).rejects.toMatchObject({ code: 'ValidationException' });
    const started = Date.now();
    expect((await ops.testCustomDataIdentifier(ctx, { regex: '(a+)+$', sampleText: 'a'.repeat(999) + 'b' })).matchCount).toBe(0);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
