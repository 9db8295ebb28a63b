// IAM's change counter in the store and the credential cache that follows it: a change made through another
// connection (another process sharing the database) is seen by the next read, a read that began before a call
// never answers it, and the cache reloads exactly when the counter moved or this process changed IAM.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { openStore, type Store } from '../store/index.js';
import { createTestDatabase } from '../store/test-databases.js';
import { CredentialCache } from './credential-cache.js';
import { IamVersion } from './iam-version.js';
import type { ResolvedCredential } from './identity.js';

const opened: Store[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const c of cleanups.splice(0)) await c();
});

/** Two connections to one database, as two processes sharing it have (PostgreSQL when SIFT_TEST_DATABASE_URL is set). */
async function twoConnections(): Promise<[Store, Store]> {
  let location: string;
  if (process.env.SIFT_TEST_DATABASE_URL) {
    const db = await createTestDatabase('sift_iam_version');
    cleanups.push(() => db.drop());
    location = db.url;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'sift-iam-version-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    location = join(dir, 'sift.db');
  }
  const a = await openStore(location);
  opened.push(a);
  const b = await openStore(location);
  opened.push(b);
  return [a, b];
}

/** Holds every query result of a connection until released, so a read can be kept in flight; counts the reads. */
function gate() {
  let release!: () => void;
  let held = new Promise<void>((r) => (release = r));
  const g = {
    reads: 0,
    plugin: {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        g.reads++;
        await held;
        return args.result;
      },
    } satisfies KyselyPlugin,
    release: () => release(),
    rearm: () => (held = new Promise<void>((r) => (release = r))),
  };
  return g;
}

const credential = (secret: string): ResolvedCredential => ({ secretAccessKey: secret, policies: [], principal: { type: 'Root', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', principalId: '123456789012' } });

describe('IamVersion', () => {
  it('starts at 0 and moves with every bump, through any connection', async () => {
    const [a, b] = await twoConnections();
    const mine = new IamVersion(a.db);
    const theirs = new IamVersion(b.db);
    expect(await mine.current()).toBe('0');
    await theirs.bump();
    expect(await mine.current()).toBe('1');
    await mine.bump();
    await theirs.bump();
    expect(await mine.current()).toBe('3');
    expect(await theirs.current()).toBe('3');
  });

  it('a call made while a read is in flight waits for a read that began after it, shared with the others', async () => {
    const [a, b] = await twoConnections();
    const g = gate();
    const mine = new IamVersion(a.db.withPlugin(g.plugin));
    const early = mine.current();
    await new Promise((r) => setImmediate(r));
    // The early read has run (its result is held back) when the other process commits a change.
    await new IamVersion(b.db).bump();
    const late = [mine.current(), mine.current(), mine.current()];
    g.release();
    expect(await early).toBe('0');
    expect(await Promise.all(late)).toEqual(['1', '1', '1']);
    expect(g.reads).toBe(2); // the three late callers shared one read
  });

  it('calls that ask in the same turn of the event loop share one read', async () => {
    const [a, b] = await twoConnections();
    const g = gate();
    const mine = new IamVersion(a.db.withPlugin(g.plugin));
    await new IamVersion(b.db).bump();
    const calls = [mine.current(), mine.current(), mine.current()];
    g.release();
    expect(await Promise.all(calls)).toEqual(['1', '1', '1']);
    expect(g.reads).toBe(1);
  });
});

describe('CredentialCache following IamVersion', () => {
  it('loads once per version, again when another connection changes IAM or this process invalidates', async () => {
    const [a, b] = await twoConnections();
    const cache = new CredentialCache(new IamVersion(a.db));
    let loads = 0;
    const load = async () => credential(`secret-${++loads}`);
    expect((await cache.get('AKIA1', load))?.secretAccessKey).toBe('secret-1');
    expect((await cache.get('AKIA1', load))?.secretAccessKey).toBe('secret-1');
    await new IamVersion(b.db).bump();
    expect((await cache.get('AKIA1', load))?.secretAccessKey).toBe('secret-2');
    expect((await cache.get('AKIA1', load))?.secretAccessKey).toBe('secret-2');
    cache.invalidate();
    expect((await cache.get('AKIA1', load))?.secretAccessKey).toBe('secret-3');
    expect(loads).toBe(3);
  });

  it('keeps nothing loaded across a change this process made meanwhile', async () => {
    const [a] = await twoConnections();
    const cache = new CredentialCache(new IamVersion(a.db));
    let loads = 0;
    const first = cache.get('AKIA1', async () => {
      cache.invalidate(); // IAM changed while this load was reading the old state
      return credential(`secret-${++loads}`);
    });
    expect((await first)?.secretAccessKey).toBe('secret-1');
    expect((await cache.get('AKIA1', async () => credential(`secret-${++loads}`)))?.secretAccessKey).toBe('secret-2');
  });
});
