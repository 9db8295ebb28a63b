/**
 * The CSV/TSV and JSON/JSON Lines readers alone (issue 12): `extractBatches` of a tree's built `dist/` over the bench
 * folders' files, several passes in one process, nothing scanned. For instruction counts of the readers (cachegrind)
 * and a digest of everything they extract, to compare two trees:
 *
 *   node bench/corpus/reader-stage.mjs --root /work/wt/base --dir /tmp/sift-bench-scan-ab/csv [--mb 4] [--passes 3] [--digest]
 *   valgrind --tool=cachegrind --cache-sim=no node bench/corpus/reader-stage.mjs --root . --dir … --passes 3
 *
 * Files are taken in name order until `--mb` MB, each read once into memory and handed on in 1 MiB views (what
 * `sift scan` gives the readers). `--digest` prints a SHA-256 of every segment (text, location, keyword context,
 * owned range) in reading order; two trees must print the same.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const root = resolve(arg('root', '.'));
const dir = arg('dir', '/tmp/sift-bench-scan-ab/csv');
const mb = Number(arg('mb', '4'));
const passes = Number(arg('passes', '3'));
const digest = process.argv.includes('--digest');
const { extractBatches, segmentsOf } = await import(pathToFileURL(join(root, 'dist/extract/index.js')).href);
const { defaultScanLimits } = await import(pathToFileURL(join(root, 'dist/common/limits.js')).href);

const files = [];
let total = 0;
for (const name of readdirSync(dir).sort()) {
  if (total >= mb * 1e6) break;
  const data = readFileSync(join(dir, name));
  files.push({ name, data });
  total += data.length;
}
const CHUNK = 1 << 20;
async function* chunks(data) {
  for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, Math.min(data.length, i + CHUNK));
}

const hash = digest ? createHash('sha256') : undefined;
let texts = 0;
let chars = 0;
for (let p = 0; p < passes; p++) {
  const t0 = process.cpuUsage();
  for (const f of files) {
    for await (const e of extractBatches({ name: f.name, stream: chunks(f.data), size: f.data.length }, defaultScanLimits)) {
      if (e.type === 'grouped') {
        const b = e.batch;
        texts += b.count;
        chars += b.chars;
        if (hash && p === 0) for (const s of segmentsOf(b)) hash.update(`${JSON.stringify(s)}\n`);
      } else if (e.type === 'segments') {
        texts += e.segments.length;
        if (hash && p === 0) for (const s of e.segments) hash.update(`${JSON.stringify(s)}\n`);
      } else if (e.type === 'file-end' && hash && p === 0) hash.update(`${f.name} ${JSON.stringify(e.status ?? null)}\n`);
    }
  }
  const t = process.cpuUsage(t0);
  console.log(`pass ${p}: ${(total / 1e6).toFixed(2)} MB in ${((t.user + t.system) / 1e6).toFixed(3)} CPU-s = ${(total / (t.user + t.system)).toFixed(1)} MB/CPU-s`);
}
console.log(`${files.length} files, ${(total / 1e6).toFixed(2)} MB, ${texts} texts, ${chars} chars over ${passes} passes${hash ? `, digest ${hash.digest('hex')}` : ''}`);
