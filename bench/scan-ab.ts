/**
 * `sift scan --json --identifiers ALL` end to end, this tree against another (a base worktree), alternated in one run
 * (issue 12): npx tsx bench/scan-ab.ts --base /tmp/sift-base [--rounds 3] [--mb 20] [--only text,csv,json,folder]. Both
 * trees must be built (dist/).
 * Figures are MB per CPU-second (user + system of the whole process, every thread, from /usr/bin/time), the median
 * of the rounds; each round swaps which tree runs first. Minor page faults per run (median) beside them: on a virtual
 * machine a fault costs 15-25 µs. The JSON Lines outputs are compared too (result ids and timestamps aside): any
 * difference in detections is reported.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchFolders } from './corpus/folder.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const base = arg('base', '');
if (!base) throw new Error('--base <worktree> is required');
const rounds = Number(arg('rounds', '3'));
const mb = Number(arg('mb', '20'));
const trees = { base, branch: join(import.meta.dirname, '..') };
// One set of folders per size: runs of other sizes side by side (other people's) would otherwise replace it mid-run.
const f = writeBenchFolders(join(tmpdir(), `sift-bench-scan-ab-${mb}`), { textMb: mb, csvMb: mb, jsonMb: mb });
// --only text,csv: the inputs whose label contains one of the words (case-insensitive); all of them by default.
const only = arg('only', '').toLowerCase().split(',').filter(Boolean);
const inputs = ([
  ['mixed text', [f.textMixed]], ['clean text', [f.textClean]], ['CSV', [f.csv]], ['JSON / JSONL', [f.json]],
  ['mixed folder (text+CSV+JSON)', [f.textMixed, f.csv, f.json]],
] as Array<[string, Array<{ dir: string; bytes: number }>]>).filter(([label]) => only.length === 0 || only.some((w) => label.toLowerCase().includes(w)));

/** Detections as text, without what differs from run to run (result ids, timestamps). */
const normalized = (out: string): string =>
  out.split('\n').filter(Boolean).map((line) => {
    const o = JSON.parse(line) as Record<string, unknown>;
    delete o.id;
    delete o.createdAt;
    delete o.updatedAt;
    return JSON.stringify(o);
  }).sort().join('\n');

const figures = new Map<string, { base: number[]; branch: number[] }>();
const faults = new Map<string, { base: number[]; branch: number[] }>();
const differs = new Set<string>();
for (let r = 0; r < rounds; r++) {
  for (const [label, sets] of inputs) {
    const bytes = sets.reduce((n, s) => n + s.bytes, 0);
    const outputs: Record<string, string> = {};
    for (const who of (r % 2 ? ['branch', 'base'] : ['base', 'branch']) as Array<'base' | 'branch'>) {
      const res = spawnSync('/usr/bin/time', ['-f', 'SIFT_TIME %U %S %R', process.execPath, join(trees[who], 'bin', 'sift.js'), 'scan', '--json', '--identifiers', 'ALL', ...sets.map((s) => s.dir)], { encoding: 'utf8', maxBuffer: 1 << 30 });
      const m = /SIFT_TIME ([0-9.]+) ([0-9.]+) ([0-9]+)/.exec(res.stderr);
      if (!m) throw new Error(`${who}: no timing (${res.stderr.slice(0, 200)})`);
      const entry = figures.get(label) ?? { base: [], branch: [] };
      entry[who].push(bytes / 1e6 / (Number(m[1]) + Number(m[2])));
      figures.set(label, entry);
      const f = faults.get(label) ?? { base: [], branch: [] };
      f[who].push(Number(m[3]));
      faults.set(label, f);
      outputs[who] = normalized(res.stdout);
    }
    if (outputs.base !== outputs.branch) differs.add(label);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`sift scan --json --identifiers ALL, MB per CPU-second, median of ${rounds} alternated rounds (${mb} MB per folder):`);
console.log(`  ${'input'.padEnd(32)}${'base'.padStart(8)}${'branch'.padStart(8)}  detections  ${'faults base'.padStart(12)}${'branch'.padStart(8)}`);
for (const [label, x] of figures) {
  const f = faults.get(label)!;
  console.log(`  ${label.padEnd(32)}${median(x.base).toFixed(1).padStart(8)}${median(x.branch).toFixed(1).padStart(8)}  ${(differs.has(label) ? 'DIFFER' : 'same').padEnd(10)}  ${String(median(f.base)).padStart(12)}${String(median(f.branch)).padStart(8)}`);
}
