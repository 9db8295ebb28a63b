// The versioned store below the API: every version keeps its own sealed file (and the orphan sweep keeps them),
// a version deleted for good loses its file, an unversioned overwrite drops the old one; the conditional-write check
// in the committing transaction turns an object that vanished in flight into 409.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, randomIds } from '../../common/index.js';
import { openStore } from '../../store/index.js';
import { EmbeddedStore } from '../../storage/index.js';
import { commitCheck } from './preconditions.js';

const ACCOUNT = '111122223333';
const put = (s: EmbeddedStore, key: string, text: string) => s.putObject('bkt', key, Readable.from([Buffer.from(text)]), { headers: {} });
const read = async (s: EmbeddedStore, key: string, versionId?: string) => {
  const chunks: Buffer[] = [];
  for await (const c of await s.readBytes(await s.object('bkt', key, versionId))) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

async function fixture() {
  const dir = mkdtempSync(join(tmpdir(), 'sift-versions-'));
  const db = await openStore(':memory:');
  const s = new EmbeddedStore({ db: db.db, clock: new ManualClock(), ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
  await s.open();
  await s.createBucket({ bucket: 'bkt', accountId: ACCOUNT, region: 'us-east-1' });
  return { dir, s, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

describe('versions in the embedded store', () => {
  it('keeps each version in its own sealed file, through the orphan sweep, until that version is deleted', async () => {
    const { dir, s, close } = await fixture();
    await s.setBucketField('bkt', 'versioning', 'Enabled');
    const v1 = await put(s, 'k', 'ssn 123-45-6789 old');
    const v2 = await put(s, 'k', 'ssn 987-65-4320 new');
    expect(readFileSync(join(dir, 'objects', v1.segments[0]!.f)).includes(Buffer.from('123-45-6789'))).toBe(false);
    expect(await s.sweepOrphans()).toBe(0);
    expect(await read(s, 'k', v1.versionId)).toBe('ssn 123-45-6789 old');
    expect(await read(s, 'k')).toBe('ssn 987-65-4320 new');
    await s.deleteObject('bkt', 'k', { versionId: v1.versionId });
    expect(existsSync(join(dir, 'objects', v1.segments[0]!.f))).toBe(false);
    expect(existsSync(join(dir, 'objects', v2.segments[0]!.f))).toBe(true);
    await close();
  });

  it('drops the replaced file of an unversioned overwrite', async () => {
    const { dir, s, close } = await fixture();
    const first = await put(s, 'k', 'one');
    await put(s, 'k', 'two');
    expect(existsSync(join(dir, 'objects', first.segments[0]!.f))).toBe(false);
    expect(first.versionId).toBeUndefined();
    await close();
  });

  it('answers 409 ConditionalRequestConflict when the If-Match object vanished before the commit, 412 when another write won', async () => {
    const { s, close } = await fixture();
    const v = await put(s, 'k', 'one');
    const ifMatch = commitCheck({ IfMatch: v.etag }, 'k')!;
    await s.deleteObject('bkt', 'k');
    await expect(s.putObject('bkt', 'k', Readable.from([Buffer.from('two')]), { headers: {}, precondition: ifMatch })).rejects.toMatchObject({ code: 'ConditionalRequestConflict', httpStatus: 409 });
    await put(s, 'k', 'winner');
    await expect(s.putObject('bkt', 'k', Readable.from([Buffer.from('late')]), { headers: {}, precondition: commitCheck({ IfNoneMatch: '*' }, 'k') })).rejects.toMatchObject({ code: 'PreconditionFailed', httpStatus: 412 });
    expect(await read(s, 'k')).toBe('winner');
    await close();
  });
});
