// The harness the in-process A/B benches share: one measured piece of work run against two built trees, each round
// in a fresh process per tree (alternated, so the machine's load falls on both alike), CPU time per iteration after
// as many warm-up iterations, and the median of the rounds per tree.
//   npx tsx bench/<bench>.ts <treeA> <treeB> [rounds]
// A bench calls `treeAb` with its own file and a `setup` that loads the tree's compiled code (`<tree>/dist/...`) and
// returns the loop to time; the same file is run again with `--child <tree>` for each measurement.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// SIFT_BENCH_CALLGRIND=1: each child runs under valgrind's callgrind with instrumentation switched on for the timed
// iterations only; the figure is instructions per iteration (repeatable whatever the machine's load) instead of CPU µs.
const CALLGRIND = process.env.SIFT_BENCH_CALLGRIND === '1';
const control = (...args: string[]) => promisify(execFile)('callgrind_control', [...args, String(process.pid)]);

export interface TreeAbOptions {
  /** The bench's own file (`import.meta.filename`), run again as the child. */
  file: string;
  /** What one iteration is, for the report ("parse+verify"). */
  label: string;
  /** Iterations timed (after as many warm-up iterations). */
  iterations: number;
  /** Loads `tree`'s code; returns a loop running `n` iterations (throwing if an iteration gives a wrong answer). */
  setup(tree: string): Promise<(n: number) => void | Promise<void>>;
  /** Called in the child after the measurement (closing servers the setup started). */
  teardown?(): Promise<void>;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** CPU microseconds per iteration in this process, for `tree`. */
async function child(options: TreeAbOptions, tree: string): Promise<number> {
  const run = await options.setup(tree);
  await run(options.iterations); // warm-up
  // Asynchronously: valgrind takes the command while this process runs (a blocked one would never answer).
  if (CALLGRIND) await control('--instr=on');
  const before = process.cpuUsage();
  await run(options.iterations);
  const used = process.cpuUsage(before);
  if (CALLGRIND) {
    await control('--dump');
    await control('--instr=off');
  }
  await options.teardown?.();
  return (used.user + used.system) / options.iterations;
}

/** Runs the bench: as the child when started with `--child <tree>`, else the alternated rounds over two trees. */
export async function treeAb(options: TreeAbOptions, argv = process.argv.slice(2)): Promise<Record<string, number[]>> {
  if (argv[0] === '--child') {
    console.log((await child(options, argv[1]!)).toFixed(3));
    return {};
  }
  const [a, b, rounds = '3'] = argv;
  if (!a || !b) throw new Error(`usage: npx tsx ${options.file} <treeA> <treeB> [rounds]`);
  const results: Record<string, number[]> = { [a]: [], [b]: [] };
  for (let r = 0; r < Number(rounds); r++) {
    for (const tree of [a, b]) {
      if (!CALLGRIND) {
        results[tree]!.push(Number(execFileSync(process.execPath, [...process.execArgv, options.file, '--child', tree], { encoding: 'utf8' }).trim()));
        continue;
      }
      const dir = mkdtempSync(join(tmpdir(), 'sift-tree-ab-'));
      try {
        execFileSync('valgrind', ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', `--callgrind-out-file=${join(dir, 'cg.%p')}`, process.execPath, ...process.execArgv, options.file, '--child', tree], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        let instructions = 0;
        for (const f of readdirSync(dir)) instructions += Number(/^totals:\s+(\d+)/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1] ?? 0);
        results[tree]!.push(instructions / options.iterations);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const unit = CALLGRIND ? 'instructions' : 'µs CPU';
  const show = (x: number) => (CALLGRIND ? `${(x / 1000).toFixed(1)}k` : x.toFixed(2));
  for (const tree of [a, b]) console.log(`${tree}: ${unit} per ${options.label} ${results[tree]!.map(show).join(' / ')} (median ${show(median(results[tree]!))})`);
  return results;
}
