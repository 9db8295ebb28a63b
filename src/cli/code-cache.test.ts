// The code cache's loader (issue 12): a cache is used only for the exact script bytes it was made from and only when it
// is whole; one V8 rejects still runs the script (compiled from source); a cache made after a run holds the functions
// that run compiled, and functions restored from it can still import packages. Producer and consumer run in separate
// processes, as `npm run build` and `sift scan` do (one isolate would answer from its own compilation cache).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCache, writeCacheFile } from './code-cache.js';

// A wrapped script as scripts/bundle/scan-script.mjs writes one: lazily compiled functions, an import.meta.url and a
// dynamic import of a package through the wrapper's importer.
const SCRIPT = `(function (exports, require, module, __filename, __dirname, __siftImportMeta, __siftImport) {
  function square(n) { return n * n; }
  async function loadPath() { return (await __siftImport('node:path')).basename(__filename); }
  module.exports = { answer: () => square(6) + 6, url: () => __siftImportMeta.url, loadPath };
})`;

let dir: string;
let script: string;
let cache: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-code-cache-'));
  script = join(dir, 'script.cjs');
  cache = join(dir, 'script.cjs.cache');
  writeFileSync(script, SCRIPT);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the loader in a fresh process: `write` produces the cache after a run, else it runs with the cache if any. */
const runLoader = (mode: 'write' | 'read'): { loaded: boolean; accepted?: boolean; answer?: number; url?: string; base?: string } => {
  const loader = pathToFileURL(join(import.meta.dirname, 'code-cache.ts')).href;
  const code = `
    const { runCachedScript } = await import(${JSON.stringify(loader)});
    const r = runCachedScript({ script: ${JSON.stringify(script)}, cache: ${JSON.stringify(cache)}, importMetaUrl: 'file:///sift/x.js' }, ${mode === 'write'});
    if (!r) { console.log(JSON.stringify({ loaded: false })); process.exit(0); }
    const out = { loaded: true, accepted: r.cacheAccepted, answer: r.exports.answer(), url: r.exports.url(), base: await r.exports.loadPath() };
    if (${mode === 'write'}) r.writeCache();
    console.log(JSON.stringify(out));`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
};

describe('runCachedScript', () => {
  it('writes a cache after a run that a later process takes, and its functions still import packages', () => {
    rmSync(cache, { force: true });
    expect(runLoader('read')).toEqual({ loaded: false });
    expect(runLoader('write')).toEqual({ loaded: true, answer: 42, url: 'file:///sift/x.js', base: 'script.cjs' });
    expect(runLoader('read')).toEqual({ loaded: true, accepted: true, answer: 42, url: 'file:///sift/x.js', base: 'script.cjs' });
  });

  it('runs the script from source when V8 rejects a cache that is whole and the script\'s', () => {
    writeCacheFile(cache, readFileSync(script), Buffer.from('not a V8 code cache'));
    expect(runLoader('read')).toEqual({ loaded: true, accepted: false, answer: 42, url: 'file:///sift/x.js', base: 'script.cjs' });
  });
});

describe('readCache', () => {
  it('returns the payload only for the script bytes it was made from, whole', () => {
    const file = join(dir, 'check.cache');
    const source = Buffer.from(SCRIPT);
    const payload = Buffer.from(Array.from({ length: 300 }, (_, i) => i & 0xff));
    writeCacheFile(file, source, payload);
    expect(readCache(file, source)).toEqual(payload);
    // An edit of the same length: V8 itself compares only the length.
    const edited = Buffer.from(SCRIPT.replace('square(6) + 6', 'square(7) - 7'));
    expect(edited.length).toBe(source.length);
    expect(readCache(file, edited)).toBeUndefined();
    const whole = readFileSync(file);
    for (const at of [0, 31, 32, whole.length - 1]) {
      const damaged = Buffer.from(whole);
      damaged[at] ^= 1;
      writeFileSync(file, damaged);
      expect(readCache(file, source), `byte ${at}`).toBeUndefined();
    }
    for (const length of [0, 32, whole.length - 1]) {
      writeFileSync(file, whole.subarray(0, length));
      expect(readCache(file, source), `${length} bytes`).toBeUndefined();
    }
    expect(readCache(join(dir, 'missing.cache'), source)).toBeUndefined();
  });
});
