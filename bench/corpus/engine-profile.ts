/**
 * Compiles the whole catalog once and scans the mixed (or clean) corpus of bench/detect.ts in 5 KB documents, for a
 * CPU profile of the detection engine alone (the corpus is cached in a file so that its generation stays out of it):
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir /tmp/prof bench/corpus/engine-profile.ts [--mb 20] [--reps 1] [--clean] [--root DIR]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCorpus } from './generate.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const mb = Number(arg('mb') ?? 20);
const reps = Number(arg('reps') ?? 1);
const clean = process.argv.includes('--clean');
const root = resolve(arg('root') ?? join(import.meta.dirname, '..', '..'));
const detect = (await import(join(root, 'src/detect/index.ts'))) as typeof import('../../src/detect/index.js');
const cache = join(tmpdir(), `sift-engine-profile-${clean ? 'clean' : 'mixed'}-${mb}.json`);
if (!existsSync(cache)) {
  writeFileSync(cache, JSON.stringify([...generateCorpus({ totalChars: mb * 1e6, docChars: 5000, seed: clean ? 2 : 1, sensitive: !clean })].map((d) => d.text)));
}
const docs = JSON.parse(readFileSync(cache, 'utf8')) as string[]; // flat strings, as decoded files are
const scanner = detect.compileScanner({ managedSelector: 'ALL' });
for (const d of docs.slice(0, 2000)) scanner.scan(d);
const t0 = process.cpuUsage();
let found = 0;
for (let r = 0; r < reps; r++) for (const d of docs) found += scanner.scan(d).length;
const u = process.cpuUsage(t0);
const chars = docs.reduce((n, d) => n + d.length, 0) * reps;
console.log(`${clean ? 'clean' : 'mixed'}: ${(chars / 1e6 / ((u.user + u.system) / 1e6)).toFixed(1)} MB per CPU-second, ${found} detections`);
