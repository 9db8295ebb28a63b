import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../store/index.js';
import { createMacie2Registration } from '../provider.js';
import { FINDING_TYPES, SAMPLE_BUCKET } from '../../../findings/index.js';
import { findingOps } from './findings.js';
import { sequentialIds, testContext, testStore } from '../../../findings/test-support.js';

let store: Store;
let ops: ReturnType<typeof findingOps>;
const ctx = testContext();
beforeEach(async () => {
  store = await testStore();
  ops = findingOps({ store, ids: sequentialIds() });
});
afterEach(async () => store.close());

describe('CreateSampleFindings', () => {
  it('creates one sample of every type when none are named', async () => {
    await ops.createSampleFindings(ctx, {});
    const { findingIds } = await ops.listFindings(ctx, { maxResults: 50 });
    expect(findingIds).toHaveLength(FINDING_TYPES.length);
    const { findings } = await ops.getFindings(ctx, { findingIds: findingIds! });
    expect(new Set(findings!.map((f) => f.type))).toEqual(new Set(FINDING_TYPES));
    for (const f of findings!) {
      expect(f).toMatchObject({ sample: true, archived: false, accountId: ctx.accountId, region: ctx.region, count: 1 });
      expect(f.id).toMatch(/^[0-9a-f]{32}$/);
      expect(f.resourcesAffected!.s3Bucket!.name).toBe(SAMPLE_BUCKET);
      if (f.category === 'CLASSIFICATION') {
        expect(f.classificationDetails!.result!.status!.code).toBe('COMPLETE');
        expect(f.resourcesAffected!.s3Object!.key).toBeTruthy();
      } else {
        expect(f.policyDetails!.action!.apiCallDetails!.api).toBeTruthy();
      }
    }
    const credentials = findings!.find((f) => f.type === 'SensitiveData:S3Object/Credentials')!;
    expect(credentials.severity).toEqual({ description: 'High', score: 3 });
    expect(findings!.find((f) => f.type === 'Policy:IAMUser/S3BucketEncryptionDisabled')!.severity).toEqual({ description: 'Low', score: 1 });
    expect(findings!.find((f) => f.type === 'SensitiveData:S3Object/CustomIdentifier')!.severity!.description).toBe('Medium');
  });

  it('creates only the requested types, and each call adds new samples', async () => {
    await ops.createSampleFindings(ctx, { findingTypes: ['SensitiveData:S3Object/Personal', 'Policy:IAMUser/S3BucketPublic'] });
    await ops.createSampleFindings(ctx, { findingTypes: ['Policy:IAMUser/S3BucketPublic'] });
    const stats = await ops.getFindingStatistics(ctx, { groupBy: 'type', sortCriteria: { attributeName: 'groupKey', orderBy: 'ASC' } });
    expect(stats.countsByGroup).toEqual([
      { groupKey: 'Policy:IAMUser/S3BucketPublic', count: 2 },
      { groupKey: 'SensitiveData:S3Object/Personal', count: 1 },
    ]);
    await expect(ops.createSampleFindings(ctx, { findingTypes: ['Nope' as never] })).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('archives samples that an ARCHIVE filter matches', async () => {
    await ops.createFindingsFilter(ctx, { name: 'no-samples', action: 'ARCHIVE', findingCriteria: { criterion: { sample: { eq: ['true'] } } } });
    await ops.createSampleFindings(ctx, { findingTypes: ['SensitiveData:S3Object/Financial'] });
    const { findingIds } = await ops.listFindings(ctx, {});
    const { findings } = await ops.getFindings(ctx, { findingIds: findingIds! });
    expect(findings!.map((f) => f.archived)).toEqual([true]);
  });
});

describe('findings operations', () => {
  it('rejects more than 50 ids in GetFindings', async () => {
    await expect(ops.getFindings(ctx, { findingIds: Array.from({ length: 51 }, (_, i) => String(i)) })).rejects.toMatchObject({ code: 'ValidationException' });
  });

  it('runs the filter operations end to end', async () => {
    const { id } = await ops.createFindingsFilter(ctx, { name: 'high', action: 'NOOP', findingCriteria: { criterion: { 'severity.description': { eq: ['High'] } } } });
    await ops.updateFindingsFilter(ctx, { id: id!, description: 'High severity only' });
    expect(await ops.getFindingsFilter(ctx, { id: id! })).toMatchObject({ name: 'high', description: 'High severity only', position: 1 });
    expect((await ops.listFindingsFilters(ctx, {})).findingsFilterListItems).toHaveLength(1);
    await ops.deleteFindingsFilter(ctx, { id: id! });
    expect((await ops.listFindingsFilters(ctx, {})).findingsFilterListItems).toEqual([]);
  });

  it('is wired into the Macie provider with the identifier and allow list operations', () => {
    const { provider } = createMacie2Registration({ store, ids: sequentialIds() });
    for (const op of [
      'listFindings', 'getFindings', 'getFindingStatistics', 'createSampleFindings', 'createFindingsFilter', 'getFindingsFilter',
      'listFindingsFilters', 'updateFindingsFilter', 'deleteFindingsFilter', 'listManagedDataIdentifiers', 'createCustomDataIdentifier',
      'getCustomDataIdentifier', 'listCustomDataIdentifiers', 'batchGetCustomDataIdentifiers', 'deleteCustomDataIdentifier',
      'testCustomDataIdentifier', 'createAllowList', 'getAllowList', 'listAllowLists', 'updateAllowList', 'deleteAllowList',
      'enableMacie',
    ]) {
      expect(typeof provider[op], op).toBe('function');
    }
  });
});
