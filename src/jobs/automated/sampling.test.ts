import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BucketSampler, topPrefix, type ListedObject, type PreviousAnalysis } from './sampling.js';

const SUPPORTED = new Set(['csv', 'txt', 'json']);
const opts = (over: Partial<ConstructorParameters<typeof BucketSampler>[0]> = {}) => ({
  runId: 'run-1', shareBytes: 1000, maxObjects: 100, template: 'T1',
  readable: (c: string) => c === 'STANDARD',
  classifiable: (k: string) => SUPPORTED.has(k.slice(k.lastIndexOf('.') + 1)),
  ...over,
});
const obj = (key: string, size = 10, etag = 'e1', storageClass = 'STANDARD'): ListedObject => ({ key, size, etag, storageClass });

function sample(objects: ListedObject[], over = {}, previous = new Map<string, PreviousAnalysis>()) {
  const s = new BucketSampler(opts(over), previous);
  for (const o of objects) s.add(o);
  return { keys: s.select().map((o) => o.k), counts: s.counts };
}

describe('automated discovery sampling', () => {
  it('takes new and changed classifiable objects first, then other settings, then unsupported types; skips unchanged, empty and archived', () => {
    const previous = new Map<string, PreviousAnalysis>([
      ['same.csv', { etag: 'e1', template: 'T1' }],
      ['changed.csv', { etag: 'old', template: 'T1' }],
      ['other-template.csv', { etag: 'e1', template: 'T0' }],
    ]);
    const { keys, counts } = sample([obj('same.csv'), obj('changed.csv'), obj('other-template.csv'), obj('new.txt'), obj('image.bin'), obj('empty.csv', 0), obj('cold.csv', 10, 'e1', 'GLACIER')], {}, previous);
    expect(keys.slice(0, 2).sort()).toEqual(['changed.csv', 'new.txt']);
    expect(keys.slice(2)).toEqual(['other-template.csv', 'image.bin']);
    expect(counts).toEqual({ objects: 7, nonEmpty: 6, classifiableObjects: 4, classifiableBytes: 40 });
  });

  it('spreads the selection over prefixes and file types within the byte share', () => {
    const objects = [
      ...Array.from({ length: 50 }, (_, i) => obj(`logs/${i}.txt`)),
      ...Array.from({ length: 5 }, (_, i) => obj(`hr/${i}.csv`)),
      ...Array.from({ length: 5 }, (_, i) => obj(`hr/${i}.json`)),
    ];
    const { keys } = sample(objects, { shareBytes: 60 });
    expect(keys).toHaveLength(6);
    expect(new Set(keys.map((k) => `${topPrefix(k)}.${k.split('.')[1]}`))).toEqual(new Set(['logs.txt', 'hr.csv', 'hr.json']));
  });

  it('is the same for the same run (a replanned run selects the same objects) and differs between runs', () => {
    const objects = Array.from({ length: 200 }, (_, i) => obj(`p/${i}.csv`));
    expect(sample(objects, { shareBytes: 100 }).keys).toEqual(sample(objects, { shareBytes: 100 }).keys);
    expect(sample(objects, { shareBytes: 100 }).keys).not.toEqual(sample(objects, { shareBytes: 100, runId: 'run-2' }).keys);
  });

  it('never exceeds the share or the object cap, and selects each object at most once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.stringMatching(/^[a-c]{0,2}\/?[a-z]{1,4}\.(csv|txt|bin)$/), size: fc.integer({ min: 0, max: 300 }) }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 50 }),
        (list, share, max) => {
          const unique = [...new Map(list.map((o) => [o.key, o])).values()];
          const s = new BucketSampler(opts({ shareBytes: share, maxObjects: max }), new Map());
          for (const o of unique) s.add(obj(o.key, o.size));
          const picked = s.select();
          expect(picked.reduce((n, o) => n + o.s, 0)).toBeLessThanOrEqual(share);
          expect(picked.length).toBeLessThanOrEqual(max);
          expect(new Set(picked.map((o) => o.k)).size).toBe(picked.length);
          expect(picked.every((o) => o.s > 0)).toBe(true);
        },
      ),
    );
  });
});
