import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from './scan-command.js';
import { compareAsLocale, compareRootAscii, defaultCollatesAsRoot, isRootAscii, ROOT_ORDER } from '../common/collation.js';
import { sortNames } from './scan-order.js';

/** ICU's English collator: what localeCompare uses under an English default locale. */
const english = new Intl.Collator('en-US');
const sign = (n: number): number => Math.sign(n);
const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

/** Deterministic pseudo-random generator (xorshift), so a failure repeats. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('folder listing order without the collator (scan-order)', () => {
  it('has every printable ASCII character, in the order ICU sorts them', () => {
    expect(new Set(ROOT_ORDER).size).toBe(ROOT_ORDER.length);
    expect(ROOT_ORDER.length).toBe(printable.length - 26); // upper-case letters share their lower case's weight
    expect(printable.every(isRootAscii)).toBe(true);
    for (const bad of ['\t', '\u007f', '\u00e9', 'a\u0000', 'x\u0130']) expect(isRootAscii(bad)).toBe(false);
    expect([...printable].sort(english.compare)).toEqual([...printable].sort(compareRootAscii));
  });

  it('compares every pair of one- and two-character names as ICU does', () => {
    const names = [...printable, ...printable.flatMap((a) => printable.map((b) => a + b))];
    const sorted = [...names].sort(english.compare);
    expect([...names].sort(compareRootAscii)).toEqual(sorted);
    for (let i = 1; i < sorted.length; i++) expect(compareRootAscii(sorted[i - 1], sorted[i])).toBeLessThan(0);
  });

  it('compares random names (prefixes, case, digits, punctuation) as ICU does', () => {
    const next = random(0x5eed);
    const alphabet = 'aAbBzZ09_-. ~$@';
    const pick = (n: number) => Array.from({ length: n }, () => (next() < 0.5 ? alphabet : ROOT_ORDER + 'QXY')[Math.floor(next() * (next() < 0.5 ? alphabet.length : ROOT_ORDER.length + 3))]).join('');
    for (let k = 0; k < 20_000; k++) {
      const a = pick(1 + Math.floor(next() * 8));
      // Often a near neighbour: the same letters in other cases, a prefix, one more character.
      const r = next();
      const b = r < 0.3 ? [...a].map((c) => (next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('') : r < 0.5 ? a.slice(0, Math.floor(next() * a.length)) : r < 0.6 ? a + pick(1) : pick(1 + Math.floor(next() * 8));
      expect(sign(compareRootAscii(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(english.compare(a, b)));
      expect(sign(compareAsLocale(a, b))).toBe(sign(a.localeCompare(b)));
    }
  });

  it('sorts a folder as localeCompare does, and falls back to it for other names and locales', () => {
    const names = ['doc-00010.log', 'doc-0001.conf', 'Doc-00002.eml', 'doc_1', 'doc.1', 'a b', 'README', 'readme.md', '~x', '$y', 'Z'];
    const entries = names.map((name) => ({ name }));
    const expected = [...names].sort((a, b) => a.localeCompare(b));
    expect(sortNames([...entries], () => true).map((e) => e.name)).toEqual(expected);
    expect(sortNames([...entries], () => false).map((e) => e.name)).toEqual(expected);
    // A name outside printable ASCII: localeCompare, whatever the locale says.
    let asked = 0;
    const accented = [...names, 'été', 'Ærø'];
    expect(sortNames(accented.map((name) => ({ name })), () => { asked++; return true; }).map((e) => e.name)).toEqual([...accented].sort((a, b) => a.localeCompare(b)));
    expect(asked).toBe(0);
  });

  it('takes the fast path under English default locales only', () => {
    // The test process's own default is English here (C.UTF-8 / en_US); others are checked in child processes.
    expect(defaultCollatesAsRoot({})).toBe(/^en/.test(new Intl.Collator().resolvedOptions().locale));
    expect(defaultCollatesAsRoot({ LANG: 'en_US.UTF-8@collation=phonebook' })).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'sift-scan-order-'));
    try {
      const probe = join(dir, 'probe.mjs');
      writeFileSync(probe, `import { defaultCollatesAsRoot } from ${JSON.stringify(new URL('../common/collation.ts', import.meta.url).href)};\nprocess.stdout.write(String(defaultCollatesAsRoot()));\n`);
      const run = (env: Record<string, string>) =>
        spawnSync(process.execPath, ['--import', 'tsx', probe], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', cwd: process.cwd() }).stdout;
      expect(run({ LANG: 'C.UTF-8' })).toBe('true');
      expect(run({ LC_ALL: 'POSIX' })).toBe('true');
      expect(run({ LANG: 'en_GB.UTF-8' })).toBe('true');
      // Danish sorts "aa" after "z" and upper case first; German, and a locale ICU lacks, are not taken either.
      expect(run({ LANG: 'da_DK.UTF-8' })).toBe('false');
      expect(run({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'da_DK.UTF-8' })).toBe('false');
      expect(run({ LANG: 'de_DE.UTF-8' })).toBe('false');
      expect(run({ LANG: 'xx_YY.UTF-8' })).toBe('false');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists a folder of ASCII names in localeCompare order without calling it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-scan-order-'));
    const names = ['b.txt', 'B.txt', 'a-1.txt', 'a_1.txt', 'a.1.txt', 'A1.txt', '10.txt', '9.txt'];
    const original = String.prototype.localeCompare;
    let calls = 0;
    try {
      for (const n of names) writeFileSync(join(dir, n), `${n}\n`);
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'x.txt'), 'x\n');
      let out = '';
      const sink = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
      String.prototype.localeCompare = function (this: string, ...args: Parameters<typeof original>) {
        calls++;
        return original.apply(this, args);
      };
      expect(await runScan([dir], { json: true }, sink, sink)).toBe(0);
      String.prototype.localeCompare = original;
      expect(calls).toBe(0);
      // One result per file, in listing order: the folder's entries as localeCompare sorts them (sub/ in its place).
      const keys = out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { resourcesAffected: { s3Object: { key: string } } }).resourcesAffected.s3Object.key);
      const expected = [...names, 'sub'].sort((a, b) => a.localeCompare(b)).map((n) => (n === 'sub' ? join(dir, 'sub', 'x.txt') : join(dir, n)));
      expect(keys).toEqual(expected);
    } finally {
      String.prototype.localeCompare = original;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
