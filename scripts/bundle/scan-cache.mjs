// Produces the scan script's V8 code cache (src/cli/code-cache.ts) by a training scan: bin/sift.js, run as a user runs
// it (so under the same V8 flags, which V8 requires of a cache), compiles the script from source, scans a few small
// files of the common formats and then writes the cache of everything compiled so far: the bundle's top level and
// the functions a scan of text, CSV, JSON, gzip, email and HTML compiles lazily. A function the training did not run
// is compiled on its first call, as without a cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A few files of each common format, with detections of several kinds (so the rules' validators run too). */
function writeTrainingFiles(dir) {
  const lines = [];
  for (let i = 0; i < 4000; i++) {
    lines.push(i % 50 === 0
      ? `2024-05-0${i % 9 + 1} user${i}@example.com paid with 4556 7375 8689 9855, ssn 536-90-4399, phone +1 202 555 01${i % 90 + 10}`
      : `2024-05-01T10:${String(i % 60).padStart(2, '0')}:00Z INFO request ${i} served in ${i % 97} ms for John Smith`);
  }
  const text = `${lines.join('\n')}\n`;
  writeFileSync(join(dir, 'app.log'), text);
  writeFileSync(join(dir, 'notes.txt'), 'aws_secret_access_key = Zx9f8G7h6J5k4L3m2N1b0VcXzAsDfGhJkLqWeRtY\nIBAN DE89 3704 0044 0532 0130 00\n');
  writeFileSync(join(dir, 'old.log.gz'), gzipSync(text.slice(0, 20_000)));
  const rows = ['id,name,email,credit card number,ssn'];
  for (let i = 0; i < 500; i++) rows.push(`${i},Mary Jones,m${i}@example.org,4556 7375 8689 9855,536-90-4399`);
  writeFileSync(join(dir, 'customers.csv'), `${rows.join('\n')}\n`);
  const records = Array.from({ length: 300 }, (_, i) => ({ id: i, name: 'Ann Lee', email: `a${i}@example.net`, card: '4556737586899855', note: 'ok' }));
  writeFileSync(join(dir, 'records.json'), JSON.stringify({ records }));
  writeFileSync(join(dir, 'events.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'));
  writeFileSync(join(dir, 'mail.eml'), 'From: a@example.com\nTo: b@example.com\nSubject: card\nContent-Type: text/plain\n\nmy card 4556 7375 8689 9855\n');
  writeFileSync(join(dir, 'page.html'), '<html><body><p>SSN: 536-90-4399</p><p>Mary Jones</p></body></html>\n');
}

/** Runs the training scan with bin/sift.js; returns whether the cache was written. */
export function produceScanCache(root, cacheFile) {
  const dir = mkdtempSync(join(tmpdir(), 'sift-scan-cache-'));
  try {
    mkdirSync(join(dir, 'in'));
    writeTrainingFiles(join(dir, 'in'));
    const env = { ...process.env, SIFT_SCAN_CODE_CACHE: 'write' };
    // V8 flags from NODE_OPTIONS would go into the cache's flag hash and have it rejected by a plain `sift scan`.
    delete env.NODE_OPTIONS;
    const res = spawnSync(process.execPath, [join(root, 'bin', 'sift.js'), 'scan', '--json', '--identifiers', 'ALL', join(dir, 'in')], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    // A scan that finds something exits with 1.
    if (res.status !== 0 && res.status !== 1) console.warn(`bundle-scan: the code cache's training scan failed: ${res.stderr}`);
    return existsSync(cacheFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
