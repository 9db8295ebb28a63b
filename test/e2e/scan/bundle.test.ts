// Issue 12: `sift scan` starts from a bundled module (dist/bundles/scan, made by `npm run build`; scripts/bundle/scan.mjs)
// instead of ~90 modules. Run through bin/sift.js as a user runs it, after `npm run build`: the bundle is what loads,
// it finds the native addon and the stored automata where the unbundled modules do, a scan worker starts on it, and
// its results are the unbundled modules' byte for byte (ids and times aside). SIFT_SCAN_BUNDLE=0 runs the unbundled
// modules, as a build without the bundle does.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const bundle = join(root, 'dist', 'bundles', 'scan', 'scan-main.js');
const bin = join(root, 'bin', 'sift.js');

const sift = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });

/** JSON Lines without what differs from run to run. */
const normalized = (out: string): string[] =>
  out.split('\n').filter(Boolean).map((line) => {
    const o = JSON.parse(line) as Record<string, unknown>;
    delete o.id;
    delete o.createdAt;
    delete o.updatedAt;
    return JSON.stringify(o);
  });

/** Sift's own dist/ modules a run loaded (not packages'), from the ESM loader's debug log. */
const loadedFromDist = (stderr: string): string[] => {
  const prefix = pathToFileURL(join(root, 'dist')).href + '/';
  return [...new Set([...stderr.matchAll(/file:\/\/[^\s'",]+\.js/g)].map((m) => m[0]).filter((u) => u.startsWith(prefix)).map((u) => `dist/${u.slice(prefix.length)}`))];
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-bundle-'));
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in', 'app.log'), 'start\nuser ok\naws_secret_access_key = Zx9f8G7h6J5k4L3m2N1b0VcXzAsDfGhJkLqWeRtY\nssn 536-90-4399\n');
  writeFileSync(join(dir, 'in', 'customers.csv'), 'id,name,credit card number\n1,Ann,4556 7375 8689 9855\n2,Bo,n/a\n');
  writeFileSync(join(dir, 'in', 'payload.json'), JSON.stringify({ records: [{ ssn: '536-90-4399' }, { iban: 'DE89 3704 0044 0532 0130 00' }] }));
  writeFileSync(join(dir, 'in', 'old.log.gz'), gzipSync('passport number 123456789 ssn 536-90-4399\n'));
  // Lazily loaded readers (chunks of the bundle): an email and an HTML page.
  writeFileSync(join(dir, 'in', 'mail.eml'), 'From: a@example.com\nTo: b@example.com\nSubject: card\nContent-Type: text/plain\n\nmy card 4556 7375 8689 9855\n');
  writeFileSync(join(dir, 'in', 'page.html'), '<html><body><p>SSN: 536-90-4399</p></body></html>\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sift scan from the bundle', () => {
  it('is built by npm run build', () => {
    expect(existsSync(bundle), `${bundle} is missing: run npm run build`).toBe(true);
  });

  it('is built without esbuild\'s keepNames wrappers (a defineProperty per closure made, ~2% of a text scan)', () => {
    const dir = join(root, 'dist', 'bundles', 'scan');
    for (const name of readdirSync(dir).filter((n) => /\.c?js$/.test(n))) {
      expect(readFileSync(join(dir, name), 'utf8'), name).not.toMatch(/\b__name\(/);
    }
  });

  it('is what bin/sift.js loads for a scan, and gives the unbundled modules\' results', { timeout: 60_000 }, () => {
    const args = ['scan', '--json', '--identifiers', 'ALL', join(dir, 'in')];
    // The ES module bundle, without the code-cached script that runs in its place when built (code-cache.test.ts).
    const bundled = sift(args, { NODE_DEBUG: 'esm', SIFT_SCAN_CODE_CACHE: '0' });
    const plain = sift(args, { NODE_DEBUG: 'esm', SIFT_SCAN_BUNDLE: '0' });
    expect(bundled.status, bundled.stderr.slice(-2000)).toBe(1);
    expect(plain.status, plain.stderr.slice(-2000)).toBe(1);
    const fromBundle = loadedFromDist(bundled.stderr);
    expect(fromBundle).toContain('dist/bundles/scan/scan-main.js');
    expect(fromBundle.filter((m) => !m.startsWith('dist/bundles/scan/'))).toEqual([]);
    // The lazily loaded readers came from the bundle's chunks too (eml and markup are chunks of their own).
    expect(fromBundle.length).toBeGreaterThan(3);
    expect(loadedFromDist(plain.stderr)).toContain('dist/cli/scan-command.js');
    const records = normalized(bundled.stdout);
    expect(records.length).toBeGreaterThanOrEqual(6); // one per file, and one per archive member with detections
    expect(records).toEqual(normalized(plain.stdout));
    expect(bundled.stdout).toContain('CREDIT_CARD_NUMBER');
    expect(bundled.stdout).toContain('AWS_CREDENTIALS');
  });

  it('finds the native addon and the stored automata where the unbundled modules do', () => {
    const code = `
      const b = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const n = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/detect/engine/native.js')).href)});
      const a = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/detect/engine/automaton-cache.js')).href)});
      console.log(JSON.stringify([b.scanPaths(), { native: n.nativeCandidates() !== undefined, automatonDir: a.automatonDir() }]));`;
    const env = { ...process.env };
    delete env.SIFT_AUTOMATON_DIR;
    delete env.SIFT_NATIVE;
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env });
    expect(res.status, res.stderr).toBe(0);
    const [fromBundle, fromModules] = JSON.parse(res.stdout) as Array<{ native: boolean; automatonDir: string }>;
    expect(fromBundle).toEqual(fromModules);
    expect(fromBundle.automatonDir).toBe(join(root, 'build', 'automata'));
    expect(fromBundle.native).toBe(existsSync(join(root, 'build', 'Release', 'sift_candidates.node')));
  });

  it('starts a scan worker on the bundle', { timeout: 60_000 }, async () => {
    const worker = new Worker(pathToFileURL(bundle), { workerData: { kind: 'sift-scan-worker', selection: { managedSelector: 'ALL' } } });
    const file = join(dir, 'in', 'customers.csv');
    const result = await new Promise<any>((done, fail) => {
      worker.on('error', fail);
      worker.on('message', (msg: any) => {
        if (msg.kind === 'ready') worker.postMessage({ kind: 'scan', id: 7, path: file, size: 100 });
        else if (msg.kind === 'result' || msg.kind === 'failed') {
          worker.postMessage({ kind: 'stop' });
          done(msg);
        }
      });
    });
    await worker.terminate();
    expect(result.kind).toBe('result');
    expect(result.id).toBe(7);
    expect(result.result.detections.map((d: any) => [d.type, d.count])).toEqual([['CREDIT_CARD_NUMBER', 1]]);
  });

  it('loads re2 only for user regexes (custom identifiers, allow lists), not for a catalog scan', { timeout: 60_000 }, () => {
    const loadsRe2 = (stderr: string): boolean => /node_modules\/re2\/re2\.js/.test(stderr);
    const file = join(dir, 'in', 'app.log');
    const custom = join(dir, 'custom.json');
    writeFileSync(custom, JSON.stringify({ name: 'employee id', regex: 'EMP-[0-9]{5}' }));
    writeFileSync(join(dir, 'emp.txt'), 'id EMP-12345 here\n');
    for (const env of [{}, { SIFT_SCAN_BUNDLE: '0' }] as Array<Record<string, string>>) {
      const plain = sift(['scan', '--json', '--identifiers', 'ALL', file], { NODE_DEBUG: 'esm,module', ...env });
      expect(plain.status, plain.stderr.slice(-2000)).toBe(1);
      expect(plain.stdout).toContain('AWS_CREDENTIALS');
      expect(loadsRe2(plain.stderr)).toBe(false);
      const withCustom = sift(['scan', '--json', '--custom', custom, join(dir, 'emp.txt')], { NODE_DEBUG: 'esm,module', ...env });
      expect(withCustom.status, withCustom.stderr.slice(-2000)).toBe(1);
      expect(withCustom.stdout).toContain('employee id');
      expect(loadsRe2(withCustom.stderr)).toBe(true);
    }
  });
});
