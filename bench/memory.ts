/**
 * Streaming memory benchmark (issue 12): scans generated inputs of any size without holding them, and reports the peak
 * resident set size of the process. The data is generated on the fly in 1 MiB chunks (nothing is written to disk):
 *
 *  - `line`: one single line of `--gb` GB (words, digits and an SSN-shaped value every ~64 KB, no newline at all);
 *  - `csv`: a customer CSV of `--gb` GB (name, email, card, notes columns).
 *
 * npm run bench:memory -- [--gb 5] [--kinds line,csv] [--identifiers ALL]
 * At 5 GB each kind takes several minutes (it runs at scan speed): it is not part of the test suite.
 * Goal: peak RSS ≤ 300 MB for any input size.
 */
import { compileScanner } from '../src/detect/index.js';
import { scanObject } from '../src/scan/index.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const gb = Number(arg('gb', '5'));
const kinds = arg('kinds', 'line,csv').split(',');
const identifiers = arg('identifiers', 'ALL');
const CHUNK = 1 << 20;

/** A small deterministic generator (the same bytes every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = ['order', 'shipped', 'invoice', 'customer', 'status', 'pending', 'account', 'review', 'total', 'the', 'and', 'with', 'for', 'Mary', 'Smith'];

/** One single line of `total` bytes: no newline anywhere. */
async function* singleLine(total: number): AsyncGenerator<Uint8Array> {
  const r = rng(1);
  let made = 0;
  let sinceValue = 0;
  while (made < total) {
    let s = '';
    while (s.length < CHUNK) {
      if (sinceValue > 65_536) {
        s += ` ssn 123-45-${String(1000 + Math.floor(r() * 8999))} `;
        sinceValue = 0;
      }
      const w = WORDS[Math.floor(r() * WORDS.length)];
      s += r() < 0.1 ? `${w} ${Math.floor(r() * 1e6)} ` : `${w} `;
      sinceValue += w.length + 1;
    }
    const chunk = Buffer.from(s.slice(0, Math.min(CHUNK, total - made)), 'latin1');
    made += chunk.length;
    yield chunk;
  }
}

/** A CSV of about `total` bytes. */
async function* csv(total: number): AsyncGenerator<Uint8Array> {
  const r = rng(2);
  let made = 0;
  let row = 0;
  const header = Buffer.from('id,customer,email,card,notes,amount\n');
  made += header.length;
  yield header;
  const first = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer'];
  const last = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia'];
  while (made < total) {
    const rows: string[] = [];
    let length = 0;
    while (length < CHUNK) {
      row++;
      const name = `${first[Math.floor(r() * first.length)]} ${last[Math.floor(r() * last.length)]}`;
      const line = `${row},${name},${name.toLowerCase().replace(' ', '.')}@example.com,${row % 500 === 0 ? '4556737586899855' : 'n/a'},"repeat customer, order ${Math.floor(r() * 99999)}",${Math.floor(r() * 9999)}.${Math.floor(r() * 90) + 10}\n`;
      rows.push(line);
      length += line.length;
    }
    const chunk = Buffer.from(rows.join(''), 'latin1');
    made += chunk.length;
    yield chunk;
  }
}

const scanner = compileScanner(identifiers === 'ALL' ? { managedSelector: 'ALL' } : {});
const mb = (n: number): string => (n / 1024 / 1024).toFixed(0);
for (const kind of kinds) {
  const bytes = Math.round(gb * 1e9);
  const source = kind === 'csv' ? csv(bytes) : singleLine(bytes);
  let peak = 0;
  let seen = 0;
  let nextReport = 1e9;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = await scanObject({ key: kind === 'csv' ? 'big.csv' : 'big.txt', stream: source }, scanner, {}, {
    onBytes: (n) => {
      seen += n;
      peak = Math.max(peak, process.memoryUsage.rss());
      if (seen >= nextReport) {
        console.log(`  ${kind}: ${(seen / 1e9).toFixed(1)} GB, RSS ${mb(process.memoryUsage.rss())} MB`);
        nextReport += 1e9;
      }
    },
  });
  const cpu = process.cpuUsage(c0);
  const seconds = (cpu.user + cpu.system) / 1e6;
  const counts = result.detections.map((d) => `${d.type}×${d.count}`).join(', ');
  console.log(
    `${kind}: ${(seen / 1e9).toFixed(2)} GB, status ${result.status.code}, ${((performance.now() - t0) / 1000).toFixed(0)} s wall, ` +
      `${(seen / 1e6 / seconds).toFixed(1)} MB per CPU-second; peak RSS ${mb(peak)} MB sampled, ` +
      `${mb(process.resourceUsage().maxRSS * 1024)} MB process maximum; ${counts || 'nothing found'}`,
  );
}
