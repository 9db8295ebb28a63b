// A folder entry's path and absolute path come from the folder's prefixes (scan-paths.ts), equal to `join` and
// `resolve` of the folder and the name; a scan of a folder does not resolve each file's path again.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { folderPaths } from './scan-paths.js';

const calls = vi.hoisted(() => ({ resolve: 0 }));
vi.mock('node:path', async (original) => {
  const real = await original<typeof import('node:path')>();
  const resolve = (...parts: string[]) => {
    calls.resolve++;
    return real.resolve(...parts);
  };
  return { ...real, resolve, default: { ...real, resolve } };
});

const FOLDERS = ['.', './', '..', '../', 'a', 'a/', './a', './a/', 'a//b/', 'a/./b', 'a/../b', '../a/..', '/', '//', '/tmp', '/tmp/', '/tmp/../', 'a/b/c/../..', '...', '.hidden/', 'sp ace/ü'];
const NAMES = ['x', 'file.txt', '...', '.hidden', 'a\\b', 'ünï', ' lead', 'trail ', '-', '~'];

describe('folderPaths', () => {
  it('gives join(folder, name) and resolve(folder, name) for every folder spelling and entry name', () => {
    for (const folder of FOLDERS) {
      const paths = folderPaths(folder);
      for (const name of NAMES) {
        expect(paths.entry(name), `${folder} + ${name}`).toBe(path.join(folder, name));
        expect(paths.absolute(name), `${folder} + ${name}`).toBe(path.resolve(path.join(folder, name)));
      }
    }
  });
});

describe('runScan --json paths', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('names each file by its absolute path without resolving it per file', async () => {
    const { runScan } = await import('./scan-command.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'sift-scan-paths-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'sub'));
    const keys: string[] = [];
    for (let i = 0; i < 20; i++) {
      const key = path.join(dir, i % 2 ? 'sub' : '', `f${i}.txt`);
      writeFileSync(key, `file ${i}\n`);
      keys.push(key);
    }
    const writes: string[] = [];
    const out = new Writable({
      write(chunk, _enc, cb) {
        writes.push(String(chunk));
        cb();
      },
    });
    calls.resolve = 0;
    expect(await runScan([path.join(dir, '.') + '/'], { json: true }, out, out)).toBe(0);
    const resolved = calls.resolve;
    const results = writes.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { resourcesAffected: { s3Object: { key: string; path: string } } });
    expect(results.map((r) => r.resourcesAffected.s3Object.path).sort()).toEqual(keys.map((k) => path.resolve(k)).sort());
    expect(results.map((r) => r.resourcesAffected.s3Object.key).sort()).toEqual(keys.map((k) => path.join(path.join(dir, '.') + '/', path.relative(dir, k))).sort());
    // Two folders, one prefix each (the listing's), however many files.
    expect(resolved).toBeLessThanOrEqual(4);
  });
});
