import { Readable } from 'node:stream';
import { MasterKey } from '../../../common/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../store/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage, StorageError, type Storage } from '../../../storage/index.js';
import { allowListOps, loadAllowLists, parseWordsList, readWordsList, storageFromObjectStorage } from './allow-lists.js';
import { sequentialIds, testContext, testStore } from '../../../findings/test-support.js';

let store: Store;
let storage: Storage;
let dataDir: string;
let ops: ReturnType<typeof allowListOps>;
const ctx = testContext();
const jobsUsing = new Map<string, string[]>();

async function put(bucket: string, key: string, body: Buffer | string, owner = ctx.accountId, region = ctx.region) {
  if (!(await storage.embedded.findBucket(bucket))) await storage.embedded.createBucket({ bucket, accountId: owner, region });
  await storage.embedded.putObject(bucket, key, Readable.from([Buffer.from(body)]), { headers: { ContentType: 'text/plain' } });
}

beforeEach(async () => {
  store = await testStore();
  dataDir = mkdtempSync(join(tmpdir(), 'sift-allow-lists-'));
  storage = await createStorage({ store, clock: ctx.clock, ids: sequentialIds(1000), dataDir, masterKey: MasterKey.generate() });
  await put('lists', 'readme.txt', 'x');
  jobsUsing.clear();
  ops = allowListOps({
    db: store.db,
    ids: sequentialIds(),
    storageFor: storageFromObjectStorage(storage),
    jobsUsingAllowList: async (_a, _r, id) => jobsUsing.get(id) ?? [],
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const words = (bucketName: string, objectKey: string) => ({ s3WordsList: { bucketName, objectKey } });

describe('allow lists', () => {
  it('creates a regex list: 22-character id, ARN, status OK, tags', async () => {
    const out = await ops.createAllowList(ctx, { clientToken: 'a', name: 'test-cards', criteria: { regex: '4111-?1111-?1111-?1111' }, tags: { k: 'v' } });
    expect(out.id).toMatch(/^[a-z0-9]{22}$/);
    expect(out.arn).toBe(`arn:aws:macie2:us-east-1:111122223333:allow-list/${out.id}`);
    const got = await ops.getAllowList(ctx, { id: out.id! });
    expect(got).toMatchObject({ name: 'test-cards', criteria: { regex: '4111-?1111-?1111-?1111' }, status: { code: 'OK' }, tags: { k: 'v' } });
  });

  it('is idempotent on clientToken', async () => {
    const a = await ops.createAllowList(ctx, { clientToken: 'same', name: 'a', criteria: { regex: 'x' } });
    const b = await ops.createAllowList(ctx, { clientToken: 'same', name: 'a', criteria: { regex: 'x' } });
    expect(b.id).toBe(a.id);
    expect((await ops.listAllowLists(ctx, {})).allowLists).toHaveLength(1);
  });

  it('rejects bad criteria with the reason', async () => {
    await expect(ops.createAllowList(ctx, { clientToken: 'b', name: 'n', criteria: {} })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(ops.createAllowList(ctx, { clientToken: 'b', name: 'n', criteria: { regex: 'x', ...words('b', 'k') } })).rejects.toMatchObject({ code: 'ValidationException' });
    await expect(ops.createAllowList(ctx, { clientToken: 'b', name: 'n', criteria: { regex: '(?=x)' } })).rejects.toMatchObject({ code: 'ValidationException', message: expect.stringMatching(/look-ahead/) });
  });

  it('reports the real outcome of reading an S3 words list', async () => {
    await put('lists', 'ok.txt', '\ufeffJane Doe\r\n\r\n  John Roe \n');
    await put('lists', 'empty.txt', '');
    await put('lists', 'blank.txt', '\n \n\n');
    await put('lists', 'long.txt', 'y'.repeat(91));
    await put('lists', 'big.txt', Buffer.alloc(35 * 1024 * 1024 + 1, 0x61));
    await put('theirs', 'names.txt', 'Jane Doe', '444455556666');
    await put('west', 'names.txt', 'Jane Doe', ctx.accountId, 'us-west-2');
    const cases: Array<[string, string, string]> = [
      ['lists', 'ok.txt', 'OK'],
      ['lists', 'missing.txt', 'S3_OBJECT_NOT_FOUND'],
      ['nobucket', 'x.txt', 'S3_OBJECT_NOT_FOUND'],
      ['lists', 'empty.txt', 'S3_OBJECT_EMPTY'],
      ['lists', 'blank.txt', 'S3_OBJECT_EMPTY'],
      ['lists', 'big.txt', 'S3_OBJECT_OVERSIZE'],
      ['theirs', 'names.txt', 'S3_OBJECT_ACCESS_DENIED'],
      ['west', 'names.txt', 'S3_OBJECT_NOT_FOUND'],
      ['lists', 'long.txt', 'UNKNOWN_ERROR'],
    ];
    const { id } = await ops.createAllowList(ctx, { clientToken: 'one', name: 'words', criteria: words('lists', 'readme.txt') });
    for (const [bucket, key, code] of cases) {
      await ops.updateAllowList(ctx, { id: id!, name: key, criteria: words(bucket, key) });
      const got = await ops.getAllowList(ctx, { id: id! });
      expect([bucket, key, got.status!.code]).toEqual([bucket, key, code]);
      if (code !== 'OK') expect(got.status!.description).toBeTruthy();
    }
    const reader = await storage.forAccount(ctx.accountId);
    expect((await readWordsList(reader, { bucketName: 'lists', objectKey: 'ok.txt' })).words).toEqual(['Jane Doe', 'John Roe']);
    expect((await readWordsList(undefined, { bucketName: 'lists', objectKey: 'ok.txt' })).status.code).toBe('UNKNOWN_ERROR');
  });

  it('reports S3 throttling as S3_THROTTLED', async () => {
    // An external endpoint answering SlowDown reaches us as the storage part's StorageError('Unavailable').
    const reader = await storage.forAccount(ctx.accountId);
    const slow = { ...reader, readObject: async () => { throw new StorageError('Unavailable', 'Please reduce your request rate.', { operation: 'GetObject', s3Code: 'SlowDown', httpStatus: 503 }); } };
    expect((await readWordsList(slow, { bucketName: 'lists', objectKey: 'readme.txt' })).status.code).toBe('S3_THROTTLED');
  });

  it('enforces five lists of each kind', async () => {
    for (let i = 0; i < 5; i++) await ops.createAllowList(ctx, { clientToken: `r${i}`, name: `r${i}`, criteria: { regex: `x${i}` } });
    await expect(ops.createAllowList(ctx, { clientToken: 'r5', name: 'r5', criteria: { regex: 'y' } })).rejects.toMatchObject({ code: 'ServiceQuotaExceededException' });
    await ops.createAllowList(ctx, { clientToken: 'w0', name: 'w0', criteria: words('lists', 'readme.txt') });
  });

  it('updates name, description and criteria; pages the list', async () => {
    const { id } = await ops.createAllowList(ctx, { clientToken: 'u', name: 'before', description: 'd', criteria: { regex: 'a' } });
    await ops.updateAllowList(ctx, { id: id!, name: 'after', criteria: words('lists', 'readme.txt') });
    const got = await ops.getAllowList(ctx, { id: id! });
    expect(got).toMatchObject({ name: 'after', criteria: words('lists', 'readme.txt'), status: { code: 'OK' } });
    expect(got.description).toBeUndefined();
    for (let i = 0; i < 3; i++) await ops.createAllowList(ctx, { clientToken: `p${i}`, name: `p${i}`, criteria: { regex: `p${i}` } });
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ops.listAllowLists(ctx, { maxResults: 2, nextToken });
      seen.push(...page.allowLists!.map((l) => l.name!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen.sort()).toEqual(['after', 'p0', 'p1', 'p2']);
    await expect(ops.updateAllowList(ctx, { id: 'nope', name: 'x', criteria: { regex: 'x' } })).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });

  it('refuses to delete a list that running jobs use unless told to ignore them', async () => {
    const { id } = await ops.createAllowList(ctx, { clientToken: 'd', name: 'd', criteria: { regex: 'd' } });
    jobsUsing.set(id!, ['job1']);
    await expect(ops.deleteAllowList(ctx, { id: id! })).rejects.toMatchObject({ code: 'ValidationException', message: expect.stringMatching(/job1/) });
    await ops.deleteAllowList(ctx, { id: id!, ignoreJobChecks: 'true' });
    await expect(ops.getAllowList(ctx, { id: id! })).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });

  it('loads a job’s lists with words fetched, leaving out unreadable ones', async () => {
    await put('lists', 'names.txt', 'Jane Doe\nJohn Roe\n');
    const a = await ops.createAllowList(ctx, { clientToken: '1', name: 'names', criteria: words('lists', 'names.txt') });
    const b = await ops.createAllowList(ctx, { clientToken: '2', name: 'gone', criteria: words('lists', 'gone.txt') });
    const c = await ops.createAllowList(ctx, { clientToken: '3', name: 're', criteria: { regex: 'TEST-[0-9]+' } });
    const out = await loadAllowLists({ db: store.db, storageFor: storageFromObjectStorage(storage) }, ctx, [a.id!, b.id!, c.id!, 'zzz']);
    expect(out.specs).toHaveLength(2);
    expect(out.specs).toEqual(expect.arrayContaining([{ id: a.id, words: ['Jane Doe', 'John Roe'] }, { id: c.id, regex: 'TEST-[0-9]+' }]));
    expect(out.statuses[b.id!]!.code).toBe('S3_OBJECT_NOT_FOUND');
    expect(out.missing).toEqual(['zzz']);
  });

  it('parses words lists line by line', () => {
    expect(parseWordsList(Buffer.from('a b\r\nc\n\n d '))).toEqual(['a b', 'c', 'd']);
  });
});
