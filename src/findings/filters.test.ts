import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../models/macie2/index.js';
import type { Store } from '../store/index.js';
import { FindingsFilters } from './filters.js';
import { FindingsStore } from './store.js';
import { DIALECTS, postgresReachable, sequentialIds, testContext } from './test-support.js';

for (const [dialect, open] of DIALECTS) {
describe.skipIf(dialect === 'postgres' && !(await postgresReachable()))(`findings filters on ${dialect}`, () => {
  let store: Store;
  let filters: FindingsFilters;
  let findings: FindingsStore;
  const ctx = testContext();
  beforeEach(async () => {
    store = (await open())!;
    const ids = sequentialIds();
    filters = new FindingsFilters(store.db, store.dialect, ids);
    findings = new FindingsStore(store.db, store.dialect, ids);
  });
  afterEach(async () => store?.close());

  const crit = (type: string) => ({ criterion: { type: { eq: [type] } } });
  async function order(): Promise<string[]> {
    const items = (await filters.list(ctx, {})).findingsFilterListItems!;
    return items.map((i) => i.name!);
  }

  describe('findings filters', () => {
    it('creates, gets and lists with ARN, tags and positions', async () => {
      const a = await filters.create(ctx, { name: 'alpha', action: 'NOOP', findingCriteria: crit('x'), tags: { t: '1' }, description: 'd' });
      expect(a.arn).toBe(`arn:aws:macie2:us-east-1:111122223333:findings-filter/${a.id}`);
      expect(await filters.get(ctx, a.id)).toEqual({ action: 'NOOP', arn: a.arn, description: 'd', findingCriteria: crit('x'), id: a.id, name: 'alpha', position: 1, tags: { t: '1' } });
      await filters.create(ctx, { name: 'beta', action: 'ARCHIVE', findingCriteria: crit('y') });
      await filters.create(ctx, { name: 'first', action: 'NOOP', findingCriteria: crit('z'), position: 1 });
      await filters.create(ctx, { name: 'last', action: 'NOOP', findingCriteria: crit('z'), position: 99 });
      expect(await order()).toEqual(['first', 'alpha', 'beta', 'last']);
      expect((await filters.get(ctx, a.id)).position).toBe(2);
    });

    it('moves and deletes keeping positions contiguous', async () => {
      const made = [];
      for (const name of ['aaa', 'bbb', 'ccc', 'ddd']) made.push(await filters.create(ctx, { name, action: 'NOOP', findingCriteria: crit(name) }));
      await filters.update(ctx, { id: made[3]!.id, position: 1 });
      expect(await order()).toEqual(['ddd', 'aaa', 'bbb', 'ccc']);
      await filters.update(ctx, { id: made[3]!.id, position: 3 });
      expect(await order()).toEqual(['aaa', 'bbb', 'ddd', 'ccc']);
      await filters.delete(ctx, made[1]!.id);
      expect(await order()).toEqual(['aaa', 'ddd', 'ccc']);
      expect(await Promise.all(made.filter((_, i) => i !== 1).map(async (m) => (await filters.get(ctx, m.id)).position))).toEqual([1, 3, 2]);
      await expect(filters.get(ctx, made[1]!.id)).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
    });

    it('updates fields, keeps names unique, checks input', async () => {
      const a = await filters.create(ctx, { name: 'one', action: 'NOOP', findingCriteria: crit('x') });
      await filters.create(ctx, { name: 'two', action: 'NOOP', findingCriteria: crit('x') });
      await filters.update(ctx, { id: a.id, name: 'uno', action: 'ARCHIVE', findingCriteria: crit('y'), description: 'now' });
      expect(await filters.get(ctx, a.id)).toMatchObject({ name: 'uno', action: 'ARCHIVE', findingCriteria: crit('y'), description: 'now' });
      await expect(filters.update(ctx, { id: a.id, name: 'two' })).rejects.toMatchObject({ code: 'ConflictException' });
      await expect(filters.create(ctx, { name: 'two', action: 'NOOP', findingCriteria: crit('x') })).rejects.toMatchObject({ code: 'ConflictException' });
      await expect(filters.create(ctx, { name: 'ab', action: 'NOOP', findingCriteria: crit('x') })).rejects.toMatchObject({ code: 'ValidationException' });
      await expect(filters.create(ctx, { name: 'bad', action: 'NOOP', findingCriteria: { criterion: { nope: { eq: ['x'] } } } })).rejects.toMatchObject({ code: 'ValidationException' });
      await expect(filters.create(ctx, { name: 'bad', action: 'DROP' as never, findingCriteria: crit('x') })).rejects.toMatchObject({ code: 'ValidationException' });
      const again = await filters.create(ctx, { name: 'tok', action: 'NOOP', findingCriteria: crit('x'), clientToken: 'c1' });
      expect((await filters.create(ctx, { name: 'tok', action: 'NOOP', findingCriteria: crit('x'), clientToken: 'c1' })).id).toBe(again.id);
    });

    it('pages the list', async () => {
      for (let i = 0; i < 7; i++) await filters.create(ctx, { name: `filter-${i}`, action: 'NOOP', findingCriteria: crit('x') });
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const out = await filters.list(ctx, { maxResults: 3, nextToken });
        names.push(...out.findingsFilterListItems!.map((i) => i.name!));
        nextToken = out.nextToken;
      } while (nextToken);
      expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `filter-${i}`));
    });

    it('archives matching findings as they arrive (ARCHIVE only, never NOOP)', async () => {
      await filters.create(ctx, { name: 'hide-test-bucket', action: 'ARCHIVE', findingCriteria: { criterion: { 'resourcesAffected.s3Bucket.name': { eq: ['test-bucket'] } } } });
      await filters.create(ctx, { name: 'hide-low-names', action: 'ARCHIVE', findingCriteria: { criterion: { 'sensitiveData.detections.type': { eqExactMatch: ['NAME'] }, 'severity.description': { eq: ['Low'] } } } });
      await filters.create(ctx, { name: 'saved-view', action: 'NOOP', findingCriteria: crit('SensitiveData:S3Object/Financial') });
      const finding = (bucket: string, type: string, count: number): Finding => ({
        type: type === 'NAME' ? 'SensitiveData:S3Object/Personal' : 'SensitiveData:S3Object/Financial',
        resourcesAffected: { s3Bucket: { name: bucket }, s3Object: { key: `${type}.csv` } },
        classificationDetails: { result: { sensitiveData: [{ category: type === 'NAME' ? 'PERSONAL_INFORMATION' : 'FINANCIAL_INFORMATION', detections: [{ type, count }] }] } },
      });
      const [inTest, lowName, manyNames, card] = await findings.recordMany(ctx, [
        finding('test-bucket', 'CREDIT_CARD_NUMBER', 1),
        finding('prod', 'NAME', 1),
        finding('prod', 'NAME', 5),
        finding('prod', 'CREDIT_CARD_NUMBER', 1),
      ]);
      expect([inTest!.archived, lowName!.archived, manyNames!.archived, card!.archived]).toEqual([true, true, false, false]);
      expect(lowName!.severity!.description).toBe('Low');
      expect(manyNames!.severity!.description).toBe('Medium');
      const visible = await findings.list(ctx, { findingCriteria: { criterion: { archived: { eq: ['false'] } } } });
      expect(visible.findingIds.sort()).toEqual([manyNames!.id, card!.id].sort());
      // Another account's filters don't apply here.
      const other = testContext(undefined, '555566667777');
      expect((await findings.record(other, finding('test-bucket', 'NAME', 1))).archived).toBe(false);
    });
  });

});
}
