// Issue 12: `npm run build` writes the scan bundle also as one classic script with a V8 code cache made by a training
// scan (scripts/bundle/scan-script.mjs, scan-cache.mjs), and bin/sift.js runs `sift scan` from it (src/cli/code-cache.ts).
// Run through bin/sift.js after `npm run build`: V8 takes the cache under bin/sift.js's own flags, and every format's
// results are the ES module bundle's and the unbundled modules' (the script bundles ES module packages and answers
// pdf.js's dynamic import itself); a cache V8 rejects (other flags) still scans the same.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentFiles, unreadablePdfs } from '../document-files.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const script = join(root, 'dist', 'bundles', 'scan', 'scan-main.cjs');
const bin = join(root, 'bin', 'sift.js');

const sift = (args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) =>
  spawnSync(process.execPath, [...nodeArgs, bin, ...args], { env: { ...process.env, NODE_DEBUG: 'sift_code_cache', ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });

/** JSON Lines without what differs from run to run. */
const normalized = (out: string): string[] =>
  out.split('\n').filter(Boolean).map((line) => {
    const o = JSON.parse(line) as Record<string, unknown>;
    delete o.id;
    delete o.createdAt;
    delete o.updatedAt;
    return JSON.stringify(o);
  });

const cacheReport = (stderr: string): string | undefined => /SIFT_CODE_CACHE \d+: \S+ (accepted|rejected) by V8/.exec(stderr)?.[1];
const loadsEsBundle = (stderr: string): boolean => /dist\/bundles\/scan\/scan-main\.js/.test(stderr);

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-code-cache-'));
  mkdirSync(join(dir, 'in'));
  // Every format, the lazily loaded readers with them (pdf.js by a dynamic import; hyparquet, postal-mime and
  // htmlparser2 bundled into the script), and plain text, CSV and JSON with detections.
  for (const [name, body] of Object.entries({ ...(await documentFiles()), ...(await unreadablePdfs()) })) writeFileSync(join(dir, 'in', name), body);
  writeFileSync(join(dir, 'in', 'app.log'), 'aws_secret_access_key = Zx9f8G7h6J5k4L3m2N1b0VcXzAsDfGhJkLqWeRtY\nssn 536-90-4399\n');
  writeFileSync(join(dir, 'in', 'customers.csv'), 'id,name,credit card number\n1,Ann,4556 7375 8689 9855\n');
  writeFileSync(join(dir, 'in', 'payload.json'), JSON.stringify({ records: [{ iban: 'DE89 3704 0044 0532 0130 00' }] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sift scan with the code cache', () => {
  it('is built by npm run build', () => {
    expect(existsSync(script), `${script} is missing: run npm run build`).toBe(true);
    expect(existsSync(`${script}.cache`), `${script}.cache is missing: run npm run build`).toBe(true);
  });

  it('is taken by V8 under bin/sift.js\'s flags, and scans every format as the ES module bundle and the modules do', { timeout: 120_000 }, () => {
    const args = ['scan', '--json', '--identifiers', 'ALL', join(dir, 'in')];
    const cached = sift(args);
    const esBundle = sift(args, { SIFT_SCAN_CODE_CACHE: '0', NODE_DEBUG: 'sift_code_cache,esm' });
    const modules = sift(args, { SIFT_SCAN_BUNDLE: '0' });
    for (const run of [cached, esBundle, modules]) expect(run.status, run.stderr.slice(-2000)).toBe(1);
    expect(cacheReport(cached.stderr)).toBe('accepted');
    expect(cacheReport(esBundle.stderr)).toBeUndefined();
    expect(loadsEsBundle(esBundle.stderr)).toBe(true);
    const records = normalized(cached.stdout);
    expect(records.length).toBeGreaterThanOrEqual(17);
    expect(records).toEqual(normalized(esBundle.stdout));
    expect(records).toEqual(normalized(modules.stdout));
    // pdf.js answered (its text read), not a failed import.
    expect(cached.stdout).toContain('"pageNumber":2');
    // Nothing on stderr but the cache's debug line (no experimental-feature warnings).
    expect(cached.stderr.split('\n').filter((l) => l && !/^SIFT_CODE_CACHE \d+:/.test(l))).toEqual([]);
  });

  it('scans the same when V8 rejects the cache (another interrupt budget)', { timeout: 60_000 }, () => {
    const args = ['scan', '--json', '--identifiers', 'ALL', join(dir, 'in', 'report.pdf'), join(dir, 'in', 'mail.eml'), join(dir, 'in', 'app.log')];
    const rejected = sift(args, {}, ['--interrupt-budget=100000']);
    const plain = sift(args, { SIFT_SCAN_BUNDLE: '0' });
    expect(rejected.status, rejected.stderr.slice(-2000)).toBe(1);
    expect(cacheReport(rejected.stderr)).toBe('rejected');
    expect(normalized(rejected.stdout)).toEqual(normalized(plain.stdout));
  });

  it('is what a scan worker starts on: the same script and cache, in the same process\'s flags', { timeout: 60_000 }, () => {
    // bin/sift.js's interrupt budget set as a flag (V8's flags are the process's, so its workers share them).
    const entry = pathToFileURL(join(root, 'dist', 'bundles', 'scan', 'scan-worker.js')).href;
    const code = `
      const { Worker } = await import('node:worker_threads');
      const worker = new Worker(new URL(${JSON.stringify(entry)}), { workerData: { kind: 'sift-scan-worker', selection: { managedSelector: 'ALL' } } });
      worker.on('message', (msg) => {
        if (msg.kind === 'ready') worker.postMessage({ kind: 'scan', id: 7, path: ${JSON.stringify(join(dir, 'in', 'customers.csv'))}, size: 100 });
        else if (msg.kind === 'result' || msg.kind === 'failed') {
          console.log(JSON.stringify({ kind: msg.kind, id: msg.id, detections: msg.result?.detections.map((d) => [d.type, d.count]) }));
          worker.postMessage({ kind: 'stop' });
        }
      });`;
    const starter = join(dir, 'start-worker.mjs');
    writeFileSync(starter, code);
    const res = spawnSync(process.execPath, ['--interrupt-budget=270336', starter], {
      env: { ...process.env, NODE_DEBUG: 'sift_code_cache' },
      encoding: 'utf8',
    });
    expect(res.status, res.stderr).toBe(0);
    expect(cacheReport(res.stderr)).toBe('accepted');
    expect(JSON.parse(res.stdout)).toEqual({ kind: 'result', id: 7, detections: [['CREDIT_CARD_NUMBER', 1]] });
  });
});
