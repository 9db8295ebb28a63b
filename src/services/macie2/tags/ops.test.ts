import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type RequestContext } from '../../../common/index.js';
import { openStore, type Store } from '../../../store/index.js';
import { createMacie2Registration } from '../provider.js';
import { tagsOf } from './resources.js';
import type { Macie2Api } from '../../../models/macie2/index.js';

let store: Store;
const clock = new ManualClock(Date.UTC(2026, 10, 25));
const ctx = (accountId = '111122223333', region = 'us-east-1'): RequestContext => ({
  accountId, region, principal: { type: 'Root', accountId, arn: `arn:aws:iam::${accountId}:root`, principalId: accountId }, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 'test',
});
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; message: string }) => `${e.code}: ${e.message}`);

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(async () => store.close());

describe('Macie tags', () => {
  it('lists creation tags, adds, replaces and removes them on identifiers, allow lists and filters', async () => {
    const p = createMacie2Registration({ store }).provider as Partial<Macie2Api>;
    await p.enableMacie!(ctx(), {});
    const cdi = await p.createCustomDataIdentifier!(ctx(), { name: 'emp', regex: 'EMP-\\d+', tags: { team: 'hr' } });
    const al = await p.createAllowList!(ctx(), { name: 'ok', clientToken: 'c', criteria: { regex: 'X-\\d+' }, tags: { team: 'sec' } });
    const ff = await p.createFindingsFilter!(ctx(), { name: 'filter-f', action: 'NOOP', findingCriteria: { criterion: { type: { eq: ['x'] } } } });
    for (const [arn, tags] of [[`arn:aws:macie2:us-east-1:111122223333:custom-data-identifier/${cdi.customDataIdentifierId}`, { team: 'hr' }], [al.arn!, { team: 'sec' }], [ff.arn!, {}]] as const) {
      expect((await p.listTagsForResource!(ctx(), { resourceArn: arn })).tags).toEqual(tags);
      await p.tagResource!(ctx(), { resourceArn: arn, tags: { team: 'data', env: 'prod' } });
      expect((await p.listTagsForResource!(ctx(), { resourceArn: arn })).tags).toEqual({ team: 'data', env: 'prod' });
      await p.untagResource!(ctx(), { resourceArn: arn, tagKeys: ['team', 'absent'] });
      expect((await p.listTagsForResource!(ctx(), { resourceArn: arn })).tags).toEqual({ env: 'prod' });
      expect(await tagsOf(store.db, arn)).toEqual({ env: 'prod' });
    }
  });

  it('enforces 50 tags, key and value lengths and the aws: prefix, and hides other accounts’ resources', async () => {
    const p = createMacie2Registration({ store }).provider as Partial<Macie2Api>;
    await p.enableMacie!(ctx(), {});
    const ff = await p.createFindingsFilter!(ctx(), { name: 'filter-f', action: 'NOOP', findingCriteria: { criterion: { type: { eq: ['x'] } } }, tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])) });
    const arn = ff.arn!;
    expect(await code(p.tagResource!(ctx(), { resourceArn: arn, tags: { a: '1', b: '2' } }))).toBe('ValidationException: A resource can have at most 50 tags.');
    expect(await code(p.tagResource!(ctx(), { resourceArn: arn, tags: { k0: 'replaced', a: '1' } }))).toBe('ok');
    expect(await code(p.tagResource!(ctx(), { resourceArn: arn, tags: { 'aws:owner': 'x' } }))).toBe("ValidationException: Tag keys can't start with aws:, which is reserved for use by AWS.");
    expect(await code(p.tagResource!(ctx(), { resourceArn: arn, tags: { ['k'.repeat(129)]: 'x' } }))).toBe('ValidationException: Tag keys must be 1-128 characters.');
    expect(await code(p.tagResource!(ctx(), { resourceArn: arn, tags: { k: 'v'.repeat(257) } }))).toBe('ValidationException: Tag values must be 0-256 characters.');
    expect(await code(p.createFindingsFilter!(ctx(), { name: 'filter-g', action: 'NOOP', findingCriteria: { criterion: { type: { eq: ['x'] } } }, tags: { 'AWS:x': 'y' } }))).toMatch(/^ValidationException/);
    expect(await code(p.listTagsForResource!(ctx(), { resourceArn: 'arn:aws:s3:::bucket' }))).toMatch(/^ValidationException/);
    expect(await code(p.listTagsForResource!(ctx(), { resourceArn: arn.replace('111122223333', '444455556666') }))).toMatch(/^ResourceNotFoundException/);
    expect(await code(p.listTagsForResource!(ctx(), { resourceArn: arn.replace(/\/[^/]+$/, '/nosuchfilter') }))).toMatch(/^ResourceNotFoundException/);
    expect(await code(p.untagResource!(ctx(), { resourceArn: arn, tagKeys: [] }))).toMatch(/^ValidationException/);
  });
});
