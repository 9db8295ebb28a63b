import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.js';
import { deleteMacieAccountData } from './account-data.js';
import { generateFindings } from './fixtures.js';
import { FindingsFilters } from './filters.js';
import { FindingsStore } from './store.js';
import { sequentialIds, testContext, testStore } from './test-support.js';

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(async () => store.close());

describe('deleteMacieAccountData', () => {
  it('removes one account and Region’s findings and filters, leaving the others', async () => {
    const ids = sequentialIds();
    const findings = new FindingsStore(store.db, store.dialect, ids);
    const filters = new FindingsFilters(store.db, store.dialect, ids);
    const mine = testContext();
    const west = testContext(undefined, mine.accountId, 'us-west-2');
    await findings.recordMany(mine, generateFindings(20, { seed: 1 }));
    await findings.recordMany(west, generateFindings(5, { seed: 2 }).map((f) => ({ ...f, id: `w${f.id}` })));
    await filters.create(mine, { name: 'mine', action: 'NOOP', findingCriteria: { criterion: { type: { eq: ['x'] } } } });
    await deleteMacieAccountData(store.db, mine.accountId, mine.region);
    expect((await findings.list(mine, {})).findingIds).toEqual([]);
    expect((await filters.list(mine, {})).findingsFilterListItems).toEqual([]);
    expect((await findings.list(west, {})).findingIds).toHaveLength(5);
    const terms = await store.db.selectFrom('macie_finding_terms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const westTerms = await store.db.selectFrom('macie_finding_terms').select((eb) => eb.fn.countAll<number>().as('n')).where('finding_id', 'like', 'w%').executeTakeFirstOrThrow();
    expect(Number(terms.n)).toBe(Number(westTerms.n));
  });
});
