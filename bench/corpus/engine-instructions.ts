/**
 * Instructions the detection engine executes per MB (callgrind), this tree's dist/ against another tree's, for when CPU
 * time is too noisy to compare (a loaded machine). Each tree scans the first --docs documents of the corpus of
 * engine-profile.ts (whole catalog) --low and --high times in separate processes (V8 single-threaded, so no background
 * compiler threads are counted); the difference between the two counts is --high − --low passes of scanning alone,
 * start-up and most JIT compilation cancelled out:
 *
 *   npx tsc -p tsconfig.build.json && npx tsx bench/corpus/engine-instructions.ts --base /work/wt/base [--clean] [--docs 200] [--low 2] [--high 8]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCorpus } from './generate.js';

const arg = (name: string, dflt?: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const baseRoot = arg('base');
if (!baseRoot) throw new Error('usage: engine-instructions.ts --base DIR [--clean] [--docs N] [--low N] [--high N]');
const clean = process.argv.includes('--clean');
const docs = Number(arg('docs', '200'));
const low = Number(arg('low', '2'));
const high = Number(arg('high', '8'));
const corpus = join(tmpdir(), `sift-engine-profile-${clean ? 'clean' : 'mixed'}-10.json`); // engine-profile.ts's cache
if (!existsSync(corpus)) {
  writeFileSync(corpus, JSON.stringify([...generateCorpus({ totalChars: 10e6, docChars: 5000, seed: clean ? 2 : 1, sensitive: !clean })].map((d) => d.text)));
}
const chars = (JSON.parse(readFileSync(corpus, 'utf8')) as string[]).slice(0, docs).reduce((n, d) => n + d.length, 0);
const worker = `
const [root, corpus, n, reps] = process.argv.slice(1);
const detect = await import(root + '/dist/detect/index.js');
const docs = JSON.parse((await import('node:fs')).readFileSync(corpus, 'utf8')).slice(0, Number(n));
const s = detect.compileScanner({ managedSelector: 'ALL' });
let found = 0;
for (let r = 0; r < Number(reps); r++) for (const d of docs) found += s.scan(d).length;
console.log(found);`;
/** Instructions callgrind counts for one process scanning the documents `reps` times with `root`'s engine. */
const count = (root: string, reps: number): number => {
  const run = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', '--input-type=module', '-e', worker, root, corpus, String(docs), String(reps)],
    { encoding: 'utf8' },
  );
  const m = /Collected : (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !m) throw new Error(`callgrind run failed: ${run.stderr.slice(-2000)}`);
  return Number(m[1]);
};
const trees: Array<[string, string]> = [['base', resolve(baseRoot)], ['this tree', join(import.meta.dirname, '..', '..')]];
const perMb: number[] = [];
for (const [name, root] of trees) {
  const n = (count(root, high) - count(root, low)) / (((high - low) * chars) / 1e6);
  perMb.push(n);
  console.log(`${name}: ${(n / 1e6).toFixed(1)} M instructions per MB (${clean ? 'clean' : 'mixed'}, ${docs} documents, ${high} − ${low} passes)`);
}
console.log(`this tree / base: ${(perMb[1] / perMb[0]).toFixed(3)}`);
