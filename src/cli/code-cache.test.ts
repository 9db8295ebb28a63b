// The code cache's loader (issue 12): a cache is used only with the build of the script it was made from (the seal the
// script ends with) and only when it is whole; one V8 rejects still runs the script (compiled from source); a cache made after a run holds the functions
// that run compiled, and functions restored from it can still import packages. Producer and consumer run in separate
// processes, as `npm run build` and `sift scan` do (one isolate would answer from its own compilation cache).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCache, scriptSeal, sealScript, writeCacheFile } from './code-cache.js';

// A wrapped script as scripts/bundle/scan-script.mjs writes one: lazily compiled functions, an import.meta.url and a
// dynamic import of a package through the wrapper's importer.
const SCRIPT = sealScript(`(function (exports, require, module, __filename, __dirname, __siftImportMeta, __siftImport) {
  function square(n) { return n * n; }
  async function loadPath() { return (await __siftImport('node:path')).basename(__filename); }
  module.exports = { answer: () => square(6) + 6, url: () => __siftImportMeta.url, loadPath };
})`);

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
    writeCacheFile(cache, scriptSeal(readFileSync(script))!, Buffer.from('not a V8 code cache'));
    expect(runLoader('read')).toEqual({ loaded: true, accepted: false, answer: 42, url: 'file:///sift/x.js', base: 'script.cjs' });
  });
});

describe('scriptSeal', () => {
  it('is the SHA-256 of the text sealScript sealed, and undefined for a script without a whole seal line', () => {
    const text = '(function () {})';
    const sealed = Buffer.from(sealScript(text));
    expect(scriptSeal(sealed)?.toString('hex')).toBe(createHash('sha256').update(text).digest('hex'));
    expect(scriptSeal(Buffer.from(text))).toBeUndefined();
    expect(scriptSeal(sealed.subarray(0, sealed.length - 1))).toBeUndefined();
    expect(scriptSeal(sealed.subarray(1))).toBeDefined();
    expect(scriptSeal(Buffer.from(sealed.toString().replace(/=([0-9a-f])/, '=g')))).toBeUndefined();
    expect(scriptSeal(Buffer.alloc(0))).toBeUndefined();
  });

  it('is required: an unsealed script is not run from a cache', () => {
    const unsealed = join(dir, 'unsealed.cjs');
    writeFileSync(unsealed, SCRIPT.slice(0, SCRIPT.lastIndexOf('\n//#')));
    const code = `
      const { runCachedScript } = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'code-cache.ts')).href)});
      console.log(runCachedScript({ script: ${JSON.stringify(unsealed)}, cache: ${JSON.stringify(cache)}, importMetaUrl: 'file:///x' }, true) === undefined);`;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(res.stdout.trim(), res.stderr).toBe('true');
  });
});

describe('readCache', () => {
  it('returns the payload only for the seal it was written with, and only whole', () => {
    const file = join(dir, 'check.cache');
    const seal = scriptSeal(Buffer.from(SCRIPT))!;
    const payload = Buffer.from(Array.from({ length: 300 }, (_, i) => i & 0xff));
    writeCacheFile(file, seal, payload);
    expect(readCache(file, seal)).toEqual(payload);
    // Another build of the script (another seal).
    expect(readCache(file, scriptSeal(Buffer.from(sealScript(SCRIPT.replace('square(6) + 6', 'square(7) - 7'))))!)).toBeUndefined();
    const whole = readFileSync(file);
    for (const at of [0, 31, 32, whole.length - 1]) {
      const damaged = Buffer.from(whole);
      damaged[at] ^= 1;
      writeFileSync(file, damaged);
      expect(readCache(file, seal), `byte ${at}`).toBeUndefined();
    }
    for (const length of [0, 32, whole.length - 1]) {
      writeFileSync(file, whole.subarray(0, length));
      expect(readCache(file, seal), `${length} bytes`).toBeUndefined();
    }
    expect(readCache(join(dir, 'missing.cache'), seal)).toBeUndefined();
  });
});
