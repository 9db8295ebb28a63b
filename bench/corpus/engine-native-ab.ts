/**
 * A/B of the native candidate pass alone (build/Release/sift_candidates.node of this tree against another tree's), on
 * the whole catalog's automaton and the mixed and clean corpora of engine-ab.ts, timed alternately every 50 documents
 * (CPU time of this process, so the load of a shared machine weighs on both alike; the best of the rounds is reported
 * too). The other tree's addon gets the tables of a prefilter without the word table (every literal in the automaton),
 * this tree's those of the prefilter as it runs (with the word table and the IBAN check when the addon takes them). Before timing, for
 * every document: both addons on the first tables must report the same events, and scanners compiled both ways the
 * same detections:
 *
 *   npx tsx bench/corpus/engine-native-ab.ts --base /work/wt/base [--mb 10] [--rounds 5] [--same]
 *
 * --same: both addons get this tree's tables (word table and IBAN check too), for a change to the pass itself.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { compileScanner } from '../../src/detect/index.js';
import { nativeCandidates, type NativeCandidates } from '../../src/detect/engine/native.js';
import { generateCorpus } from './generate.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const baseRoot = arg('base');
if (!baseRoot) throw new Error('usage: engine-native-ab.ts --base DIR [--mb N] [--rounds N]');
const mb = Number(arg('mb') ?? 10);
const rounds = Number(arg('rounds') ?? 5);
const same = process.argv.includes('--same');

const head = nativeCandidates();
if (!head) throw new Error('this tree has no native addon (npx node-gyp rebuild)');
const base = createRequire(import.meta.url)(join(resolve(baseRoot), 'build/Release/sift_candidates.node')) as NativeCandidates;
type CompileArgs = Parameters<NativeCandidates['compile']>;
// The prefilter compiles its automaton on the first scan: keep the arguments it gives the addon.
const compile = head.compile;
const compiled = (wordTable: boolean): { args: CompileArgs; scanner: ReturnType<typeof compileScanner> } => {
  let args: CompileArgs | undefined;
  const lib = head as { -readonly [K in keyof NativeCandidates]: NativeCandidates[K] };
  const had = lib.wordTable;
  lib.wordTable = wordTable ? had : false;
  lib.compile = (...a: CompileArgs) => {
    args = a;
    return compile(...a);
  };
  const scanner = compileScanner({ managedSelector: 'ALL' });
  scanner.scan('warm up');
  lib.compile = compile;
  lib.wordTable = had;
  if (!args) throw new Error('the prefilter did not compile a native automaton');
  return { args, scanner };
};
const whole = compiled(false);
const head_ = compiled(true);
const libs = [base, head];
// Without the IBAN check's table either (the 12th argument), which an older addon ignores.
const baseArgs = same ? head_.args : (whole.args.slice(0, 11) as CompileArgs);
const handles = [base.compile(...baseArgs), head.compile(...head_.args)];
const sameTables = head.compile(...baseArgs);
const events = [new Int32Array(3 << 16), new Int32Array(3 << 16)];
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
for (const [name, seed, sensitive] of [['mixed', 1, true], ['clean', 2, false]] as const) {
  const docs = [...generateCorpus({ totalChars: mb * 1e6, docChars: 5000, seed, sensitive })].map((d) => Buffer.from(d.text).toString());
  const chars = docs.reduce((n, d) => n + d.length, 0);
  let eventsSeen = 0;
  for (const d of docs) {
    const n = [base.scan(handles[0], d, events[0]), head.scan(sameTables, d, events[1])];
    if (n[0] !== n[1] || events[0].subarray(0, 3 * n[0]).some((v, k) => v !== events[1][k])) throw new Error(`${name}: the two builds report different events`);
    if (JSON.stringify(whole.scanner.scan(d)) !== JSON.stringify(head_.scanner.scan(d))) throw new Error(`${name}: the word table changes detections`);
    eventsSeen += n[0];
  }
  const best = [Infinity, Infinity];
  const total = [0, 0];
  for (let r = 0; r < rounds; r++) {
    const spent = [0, 0];
    for (let i = 0; i < docs.length; i += 50) {
      const order = (i / 50 + r) % 2 === 0 ? [0, 1] : [1, 0];
      for (const side of order) {
        const t0 = cpu();
        for (let k = i; k < i + 50 && k < docs.length; k++) libs[side].scan(handles[side], docs[k], events[side]);
        spent[side] += cpu() - t0;
      }
    }
    for (const s of [0, 1]) {
      best[s] = Math.min(best[s], spent[s]);
      total[s] += spent[s];
    }
  }
  const mbs = (t: number, n: number): string => ((chars * n) / 1e6 / t).toFixed(0);
  console.log(
    `${name}: ${eventsSeen} events (identical), detections identical; base ${mbs(total[0], rounds)} MB/s (best round ${mbs(best[0], 1)}), ` +
      `this build ${mbs(total[1], rounds)} MB/s (best ${mbs(best[1], 1)}), ${(total[0] / total[1]).toFixed(2)}x`,
  );
}
