import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CriterionAdditionalProperties, Finding, FindingCriteria, SortCriteria } from '../models/macie2/index.js';
import type { Store } from '../store/index.js';
import { fieldSpec, valuesAt } from './fields.js';
import { generateFindings, seededRandom } from './fixtures.js';
import { FindingsStore } from './store.js';
import { DIALECTS, postgresReachable, ManualClock, sequentialIds, testContext } from './test-support.js';

// A reference evaluator, written from Macie's documented semantics, that the SQL translation must agree with.
function fieldValues(f: Finding, name: string): unknown[] {
  const spec = fieldSpec(name)!;
  return valuesAt(JSON.parse(JSON.stringify(f)), spec.name.split('.')).map((v) => {
    if (spec.kind === 'date') return new Date(v as string).getTime();
    if (spec.kind === 'boolean') return String(v);
    return spec.kind === 'number' ? Number(v) : String(v);
  });
}
function matches(f: Finding, criteria: FindingCriteria): boolean {
  return Object.entries(criteria.criterion ?? {}).every(([name, c]: [string, CriterionAdditionalProperties]) => {
    const spec = fieldSpec(name)!;
    const vals = fieldValues(f, name);
    const conv = (v: string) => (spec.kind === 'number' || spec.kind === 'date' ? Number(v) : v);
    if (c.eq && !vals.some((v) => c.eq!.map(conv).includes(v as never))) return false;
    if (c.neq && vals.some((v) => c.neq!.map(conv).includes(v as never))) return false;
    if (c.gt !== undefined && !vals.some((v) => (v as number) > c.gt!)) return false;
    if (c.gte !== undefined && !vals.some((v) => (v as number) >= c.gte!)) return false;
    if (c.lt !== undefined && !vals.some((v) => (v as number) < c.lt!)) return false;
    if (c.lte !== undefined && !vals.some((v) => (v as number) <= c.lte!)) return false;
    if (c.eqExactMatch) {
      const want = new Set(c.eqExactMatch);
      const have = new Set(vals.map(String));
      if (want.size !== have.size || [...want].some((w) => !have.has(w))) return false;
    }
    return true;
  });
}

for (const [dialect, open] of DIALECTS) {
describe.skipIf(dialect === 'postgres' && !(await postgresReachable()))(`findings store on ${dialect}`, () => {
  let store: Store;
  let findings: FindingsStore;
  let all: Finding[];
  const ctx = testContext(new ManualClock(Date.UTC(2026, 2, 1)));

  beforeAll(async () => {
    const opened = await open();
    if (!opened) return;
    store = opened;
    findings = new FindingsStore(store.db, store.dialect, sequentialIds());
    all = await findings.recordMany(ctx, generateFindings(600, { seed: 7 }));
    // Another account's findings never show.
    await findings.recordMany(testContext(undefined, '999988887777'), generateFindings(50, { seed: 8 }).map((f) => ({ ...f, id: `x${f.id}` })));
  });
  afterAll(async () => store?.close());

  async function listAll(criteria?: FindingCriteria, sort?: SortCriteria, pageSize = 37): Promise<string[]> {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await findings.list(ctx, { findingCriteria: criteria, sortCriteria: sort, maxResults: pageSize, nextToken });
      ids.push(...out.findingIds);
      nextToken = out.nextToken;
    } while (nextToken);
    return ids;
  }

  describe('recording', () => {
    it('fills what Macie fills', () => {
      const f = all[0]!;
      expect(f).toMatchObject({ accountId: '111122223333', region: 'us-east-1', partition: 'aws', schemaVersion: '1.0', archived: false, sample: false });
      expect(f.title).toBeTruthy();
      expect(f.severity!.score).toBe({ Low: 1, Medium: 2, High: 3 }[f.severity!.description!]);
      expect(f.createdAt).toBeInstanceOf(Date);
      expect(all.filter((x) => x.category === 'POLICY').every((x) => x.type!.startsWith('Policy:'))).toBe(true);
    });

    it('folds a recurring policy finding into the existing one', async () => {
      const clock = new ManualClock(Date.UTC(2026, 5, 1));
      const c = testContext(clock, '222233334444');
      const policy = (at: number): Finding => ({
        type: 'Policy:IAMUser/S3BucketPublic',
        resourcesAffected: { s3Bucket: { name: 'open-bucket' } },
        policyDetails: { action: { actionType: 'AWS_API_CALL', apiCallDetails: { api: 'PutBucketAcl', firstSeen: new Date(at), lastSeen: new Date(at) } } },
      });
      const first = await findings.record(c, policy(clock.nowMs()));
      expect(first.severity).toEqual({ description: 'High', score: 3 });
      clock.advance(3_600_000);
      const again = await findings.record(c, { ...policy(clock.nowMs()), updatedAt: clock.now() });
      expect(again.id).toBe(first.id);
      expect(again.count).toBe(2);
      expect(again.createdAt).toEqual(first.createdAt);
      expect(again.updatedAt).toEqual(clock.now());
      expect(again.policyDetails!.action!.apiCallDetails!.firstSeen).toEqual(first.policyDetails!.action!.apiCallDetails!.firstSeen);
      expect((await findings.list(c, {})).findingIds).toEqual([first.id]);
    });
  });

  describe('ListFindings', () => {
    it('lists only the account’s findings, newest update first, through keyset pages', async () => {
      const ids = await listAll();
      const order = new Map(all.map((f, i) => [f.id!, i]));
      const expected = [...all].sort((a, b) => b.updatedAt!.getTime() - a.updatedAt!.getTime() || order.get(b.id!)! - order.get(a.id!)!).map((f) => f.id);
      expect(ids).toEqual(expected);
    });

    const sorts: SortCriteria[] = [
      { attributeName: 'createdAt', orderBy: 'ASC' },
      { attributeName: 'severity.score', orderBy: 'DESC' },
      { attributeName: 'count', orderBy: 'ASC' },
      { attributeName: 'type', orderBy: 'DESC' },
      { attributeName: 'resourcesAffected', orderBy: 'ASC' },
      { attributeName: 'policyDetails.action.apiCallDetails.lastSeen', orderBy: 'DESC' },
    ];
    for (const sort of sorts) {
      it(`sorts by ${sort.attributeName} ${sort.orderBy}`, async () => {
        const ids = await listAll(undefined, sort, 50);
        const key = (f: Finding): string | number => {
          switch (sort.attributeName) {
            case 'createdAt': return f.createdAt!.getTime();
            case 'severity.score': return f.severity!.score!;
            case 'count': return f.count!;
            case 'type': return f.type!;
            case 'resourcesAffected': return f.resourcesAffected!.s3Object ? `${f.resourcesAffected!.s3Bucket!.name}/${f.resourcesAffected!.s3Object.key}` : f.resourcesAffected!.s3Bucket!.name!;
            default: return f.policyDetails?.action?.apiCallDetails?.lastSeen?.getTime() ?? -1;
          }
        };
        const byId = new Map(all.map((f) => [f.id!, f]));
        const keys = ids.map((id) => key(byId.get(id)!));
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(keys).toEqual(sort.orderBy === 'DESC' ? sorted.reverse() : sorted);
        expect(new Set(ids).size).toBe(all.length);
      });
    }

    const cases: Array<[string, FindingCriteria]> = [
      ['eq on a column', { criterion: { 'severity.description': { eq: ['High'] } } }],
      ['eq with several values', { criterion: { type: { eq: ['SensitiveData:S3Object/Personal', 'SensitiveData:S3Object/Financial'] } } }],
      ['neq on a column', { criterion: { category: { neq: ['POLICY'] } } }],
      ['neq on a nullable column', { criterion: { 'classificationDetails.jobId': { neq: ['00000000000000000000000000000001'] } } }],
      ['boolean column', { criterion: { archived: { eq: ['false'] }, sample: { neq: ['true'] } } }],
      ['date range', { criterion: { createdAt: { gte: Date.UTC(2026, 0, 10), lt: Date.UTC(2026, 0, 20) } } }],
      ['number range', { criterion: { count: { gt: 1, lte: 4 } } }],
      ['score eq as string', { criterion: { 'severity.score': { eq: ['2'] } } }],
      ['bucket and key', { criterion: { 'resourcesAffected.s3Bucket.name': { eq: ['bucket-001', 'bucket-002'] }, 'resourcesAffected.s3Object.key': { neq: ['nothing'] } } }],
      ['json string field', { criterion: { 'resourcesAffected.s3Object.extension': { eq: ['csv'] } } }],
      ['json number range', { criterion: { 'resourcesAffected.s3Object.size': { gte: 5_000_000 } } }],
      ['json boolean', { criterion: { 'resourcesAffected.s3Object.publicAccess': { eq: ['true'] } } }],
      ['json date', { criterion: { 'resourcesAffected.s3Object.lastModified': { lt: Date.UTC(2026, 0, 5) } } }],
      ['json neq includes missing', { criterion: { 'resourcesAffected.s3Bucket.publicAccess.effectivePermission': { neq: ['PUBLIC'] } } }],
      ['list eq', { criterion: { 'classificationDetails.result.sensitiveData.detections.type': { eq: ['USA_SOCIAL_SECURITY_NUMBER'] } } }],
      ['list eq by short name', { criterion: { 'sensitiveData.detections.type': { eq: ['NAME', 'AWS_CREDENTIALS'] } } }],
      ['list neq', { criterion: { 'sensitiveData.category': { neq: ['CREDENTIALS'] } } }],
      ['list eqExactMatch', { criterion: { 'sensitiveData.detections.type': { eqExactMatch: ['CREDIT_CARD_NUMBER'] } } }],
      ['list eqExactMatch of two', { criterion: { 'sensitiveData.category': { eqExactMatch: ['PERSONAL_INFORMATION', 'FINANCIAL_INFORMATION'] } } }],
      ['tags', { criterion: { 'resourcesAffected.s3Bucket.tags.key': { eqExactMatch: ['env', 'team'] }, 'resourcesAffected.s3Bucket.tags.value': { eq: ['prod'] } } }],
      ['custom identifiers', { criterion: { 'customDataIdentifiers.detections.name': { eq: ['custom-1'] } } }],
      ['policy actor', { criterion: { 'policyDetails.actor.userIdentity.type': { eq: ['Root'] } } }],
      ['combined', { criterion: { 'severity.description': { neq: ['Low'] }, 'sensitiveData.category': { eq: ['PERSONAL_INFORMATION'] }, createdAt: { gt: Date.UTC(2026, 0, 15) } } }],
    ];
    for (const [name, criteria] of cases) {
      it(`filters: ${name}`, async () => {
        const ids = new Set(await listAll(criteria));
        const expected = all.filter((f) => matches(f, criteria)).map((f) => f.id);
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(all.length + 1);
        expect([...ids].sort()).toEqual([...expected].sort());
      });
    }

    it('agrees with the reference on random criteria', async () => {
      const rnd = seededRandom(42);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
      for (let i = 0; i < 40; i++) {
        const criterion: Record<string, CriterionAdditionalProperties> = {};
        if (rnd() < 0.5) criterion['severity.description'] = { [pick(['eq', 'neq'])]: [pick(['Low', 'Medium', 'High'])] };
        if (rnd() < 0.5) criterion['sensitiveData.detections.type'] = { [pick(['eq', 'neq', 'eqExactMatch'])]: [pick(['NAME', 'PHONE_NUMBER', 'CREDIT_CARD_NUMBER'])] };
        if (rnd() < 0.5) criterion.createdAt = { [pick(['gt', 'gte', 'lt', 'lte'])]: Date.UTC(2026, 0, 1 + Math.floor(rnd() * 30)) };
        if (rnd() < 0.4) criterion['resourcesAffected.s3Bucket.name'] = { eq: [pick(['bucket-000', 'bucket-005', 'bucket-010'])] };
        if (rnd() < 0.3) criterion['resourcesAffected.s3Object.storageClass'] = { neq: ['STANDARD'] };
        const criteria = { criterion };
        const ids = (await listAll(criteria, undefined, 50)).sort();
        expect([JSON.stringify(criteria), ids]).toEqual([JSON.stringify(criteria), all.filter((f) => matches(f, criteria)).map((f) => f.id!).sort()]);
      }
    });

    it('rejects criteria Macie rejects, saying why', async () => {
      const bad: FindingCriteria[] = [
        { criterion: { nope: { eq: ['x'] } } },
        { criterion: { type: { gt: 3 } } },
        { criterion: { type: { eqExactMatch: ['x'] } } },
        { criterion: { 'sensitiveData.detections.type': { eqExactMatch: ['x'], eq: ['y'] } } },
        { criterion: { type: { eq: Array.from({ length: 51 }, (_, i) => `t${i}`) } } },
        { criterion: { type: { eq: [] } } },
        { criterion: { count: { eq: ['many'] } } },
        { criterion: { createdAt: { gt: 'soon' as unknown as number } } },
        { criterion: { type: {} } },
        { criterion: { 'sensitiveData.category': { eq: ['A'] }, 'classificationDetails.result.sensitiveData.category': { eq: ['B'] } } },
      ];
      for (const c of bad) await expect(findings.list(ctx, { findingCriteria: c }), JSON.stringify(c)).rejects.toMatchObject({ code: 'ValidationException' });
      await expect(findings.list(ctx, { sortCriteria: { attributeName: 'title' } })).rejects.toMatchObject({ code: 'ValidationException' });
    });

    it('accepts a token only from the query that issued it', async () => {
      const first = await findings.list(ctx, { maxResults: 5 });
      await expect(findings.list(ctx, { maxResults: 5, nextToken: first.nextToken, findingCriteria: { criterion: { type: { eq: ['x'] } } } })).rejects.toMatchObject({ code: 'ValidationException' });
      await expect(findings.list(ctx, { nextToken: 'garbage!!' })).rejects.toMatchObject({ code: 'ValidationException' });
    });
  });

  describe('GetFindings', () => {
    it('keeps the order asked for, skips unknown ids, sorts when told', async () => {
      const ids = [all[5]!.id!, 'unknown', all[1]!.id!, all[3]!.id!];
      const got = await findings.get(ctx, ids);
      expect(got.map((f) => f.id)).toEqual([all[5]!.id, all[1]!.id, all[3]!.id]);
      expect(got[0]).toEqual(all[5]);
      const sorted = await findings.get(ctx, ids, { attributeName: 'createdAt', orderBy: 'ASC' });
      const times = sorted.map((f) => f.createdAt!.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(await findings.get(testContext(undefined, '999988887777'), [all[5]!.id!])).toEqual([]);
    });
  });

  describe('GetFindingStatistics', () => {
    it('counts by each groupBy field, sorted and sized', async () => {
      const count = (key: (f: Finding) => string | undefined) => {
        const m = new Map<string, number>();
        for (const f of all) {
          const k = key(f);
          if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
        }
        return m;
      };
      const bySeverity = count((f) => f.severity!.description);
      const out = await findings.statistics(ctx, { groupBy: 'severity.description' });
      expect(new Map(out.map((g) => [g.groupKey!, g.count!]))).toEqual(bySeverity);
      expect(out.map((g) => g.count)).toEqual([...out.map((g) => g.count)].sort((a, b) => b! - a!));
      const byType = await findings.statistics(ctx, { groupBy: 'type', sortCriteria: { attributeName: 'groupKey', orderBy: 'ASC' }, size: 3 });
      expect(byType).toHaveLength(3);
      expect(byType.map((g) => g.groupKey)).toEqual([...count((f) => f.type).keys()].sort().slice(0, 3));
      const byJob = await findings.statistics(ctx, { groupBy: 'classificationDetails.jobId', findingCriteria: { criterion: { 'severity.description': { eq: ['High'] } } } });
      expect(new Map(byJob.map((g) => [g.groupKey!, g.count!]))).toEqual(count((f) => (f.severity!.description === 'High' ? f.classificationDetails?.jobId : undefined)));
      const byBucket = await findings.statistics(ctx, { groupBy: 'resourcesAffected.s3Bucket.name' });
      expect(byBucket.reduce((s, g) => s + g.count!, 0)).toBe(all.length);
      await expect(findings.statistics(ctx, { groupBy: 'title' as never })).rejects.toMatchObject({ code: 'ValidationException' });
    });
  });

});
}
