import { describe, expect, it } from 'vitest';
import { bucketMatches, changedSince, objectInScope, sampled, type BucketAttributes, type ScopedObject } from './scope.js';

const bucket = (over: Partial<BucketAttributes> = {}): BucketAttributes => ({
  accountId: '111122223333', name: 'reports', effectivePermission: 'NOT_PUBLIC', sharedAccess: 'NOT_SHARED', tags: [{ Key: 'team', Value: 'finance' }], ...over,
});
const obj = (over: Partial<ScopedObject> = {}): ScopedObject => ({ key: 'exports/2026/users.csv', size: 2048, lastModified: new Date('2026-03-01T10:00:00Z'), storageClass: 'STANDARD', tags: [{ Key: 'pii', Value: 'yes' }], ...over });

describe('bucketMatches (runtime criteria)', () => {
  it('ANDs the include conditions, ORs the values of one condition', () => {
    const c = { includes: { and: [{ simpleCriterion: { comparator: 'EQ' as const, key: 'S3_BUCKET_NAME' as const, values: ['logs', 'reports'] } }, { tagCriterion: { comparator: 'EQ' as const, tagValues: [{ key: 'team', value: 'finance' }] } }] } };
    expect(bucketMatches(c, bucket())).toBe(true);
    expect(bucketMatches(c, bucket({ name: 'other' }))).toBe(false);
    expect(bucketMatches(c, bucket({ tags: [{ Key: 'team', Value: 'ops' }] }))).toBe(false);
  });

  it('drops buckets matching all exclude conditions; NE negates; empty tag value matches the key alone', () => {
    const c = { excludes: { and: [{ tagCriterion: { comparator: 'EQ' as const, tagValues: [{ key: 'team', value: '' }] } }] } };
    expect(bucketMatches(c, bucket())).toBe(false);
    expect(bucketMatches(c, bucket({ tags: [] }))).toBe(true);
    const ne = { includes: { and: [{ simpleCriterion: { comparator: 'NE' as const, key: 'S3_BUCKET_EFFECTIVE_PERMISSION' as const, values: ['PUBLIC'] } }] } };
    expect(bucketMatches(ne, bucket())).toBe(true);
    expect(bucketMatches(ne, bucket({ effectivePermission: 'PUBLIC' }))).toBe(false);
  });
});

describe('objectInScope', () => {
  it('applies extension, key prefix, size and date terms', () => {
    const inc = (t: object) => ({ includes: { and: [{ simpleScopeTerm: t }] } });
    expect(objectInScope(inc({ comparator: 'EQ', key: 'OBJECT_EXTENSION', values: ['json', 'CSV'] }), obj())).toBe(true);
    expect(objectInScope(inc({ comparator: 'NE', key: 'OBJECT_EXTENSION', values: ['csv'] }), obj())).toBe(false);
    expect(objectInScope(inc({ comparator: 'STARTS_WITH', key: 'OBJECT_KEY', values: ['exports/'] }), obj())).toBe(true);
    expect(objectInScope(inc({ comparator: 'STARTS_WITH', key: 'OBJECT_KEY', values: ['logs/'] }), obj())).toBe(false);
    expect(objectInScope(inc({ comparator: 'LT', key: 'OBJECT_SIZE', values: ['2048'] }), obj())).toBe(false);
    expect(objectInScope(inc({ comparator: 'LTE', key: 'OBJECT_SIZE', values: ['2048'] }), obj())).toBe(true);
    expect(objectInScope(inc({ comparator: 'GT', key: 'OBJECT_LAST_MODIFIED_DATE', values: ['2026-02-28T00:00:00Z'] }), obj())).toBe(true);
    expect(objectInScope(inc({ comparator: 'EQ', key: 'OBJECT_LAST_MODIFIED_DATE', values: ['2026-03-01T10:00:00Z'] }), obj())).toBe(true);
  });

  it('excludes objects matching every exclude term, including object tags', () => {
    const s = { excludes: { and: [{ tagScopeTerm: { comparator: 'EQ' as const, key: 'TAG', tagValues: [{ key: 'pii', value: 'yes' }], target: 'S3_OBJECT' as const } }] } };
    expect(objectInScope(s, obj())).toBe(false);
    expect(objectInScope(s, obj({ tags: [] }))).toBe(true);
    expect(objectInScope(undefined, obj())).toBe(true);
  });
});

describe('sampling and incremental runs', () => {
  it('picks about the asked share, the same objects for one run, different ones for another', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `k${i}`);
    const a = keys.filter((k) => sampled(25, 'run-1', 'b', k));
    const again = keys.filter((k) => sampled(25, 'run-1', 'b', k));
    const b = keys.filter((k) => sampled(25, 'run-2', 'b', k));
    expect(a).toEqual(again);
    expect(a.length).toBeGreaterThan(850);
    expect(a.length).toBeLessThan(1150);
    expect(b).not.toEqual(a);
    expect(keys.every((k) => sampled(100, 'r', 'b', k))).toBe(true);
  });

  it('keeps objects changed at or after the cutoff', () => {
    const t = Date.parse('2026-03-01T10:00:00Z');
    expect(changedSince(obj(), null)).toBe(true);
    expect(changedSince(obj(), t)).toBe(true);
    expect(changedSince(obj(), t + 1)).toBe(false);
  });
});
