/**
 * In-process A/B of two builds of the detection engine on the same documents, alternating between them every 50
 * documents so that the load of a shared machine weighs on both alike (MB per CPU-second of this process):
 *
 *   git archive BASE | tar -x -C /tmp/base && ln -s $PWD/node_modules /tmp/base/ && (cd /tmp/base && npm run install)
 *   npx tsx bench/corpus/engine-ab.ts --base /tmp/base [--mb 10] [--reps 2]
 *
 * Whole catalog (ALL) and RECOMMENDED, over the mixed and clean corpora of bench/detect.ts (5 KB documents).
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCorpus } from './generate.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const baseRoot = arg('base');
if (!baseRoot) throw new Error('usage: engine-ab.ts --base DIR [--mb N] [--reps N]');
const mb = Number(arg('mb') ?? 10);
const reps = Number(arg('reps') ?? 2);
type Detect = typeof import('../../src/detect/index.js');
/**
 * The base tree's sources are loaded from a temporary mirror whose node_modules is this tree's: a base tree with a
 * hard-linked copy of node_modules would load a second re2 addon from the same file, which Node.js refuses (an
 * assertion in AddEnvironmentCleanupHook). The mirror's build/ is the base tree's, so the base runs its own addon.
 */
const root = join(import.meta.dirname, '..', '..');
const mirror = mkdtempSync(join(tmpdir(), 'sift-engine-ab-'));
process.on('exit', () => rmSync(mirror, { recursive: true, force: true }));
cpSync(join(resolve(baseRoot), 'src'), join(mirror, 'src'), { recursive: true });
cpSync(join(resolve(baseRoot), 'package.json'), join(mirror, 'package.json'));
symlinkSync(join(root, 'node_modules'), join(mirror, 'node_modules'));
symlinkSync(join(resolve(baseRoot), 'build'), join(mirror, 'build'));
const base = (await import(join(mirror, 'src/detect/index.ts'))) as Detect;
const head = (await import(join(root, 'src/detect/index.ts'))) as Detect;
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const corpora = [['mixed', 1, true], ['clean', 2, false]] as const;
const docsOf = new Map(corpora.map(([name, seed, sensitive]) => [name, [...generateCorpus({ totalChars: mb * 1e6, docChars: 5000, seed, sensitive })].map((d) => Buffer.from(d.text).toString())]));
for (const selector of ['ALL', 'RECOMMENDED'] as const) {
  const scanners = [base.compileScanner({ managedSelector: selector }), head.compileScanner({ managedSelector: selector })];
  for (const [name] of corpora) {
    const docs = docsOf.get(name)!;
    const chars = docs.reduce((n, d) => n + d.length, 0);
    for (const d of docs.slice(0, 400)) for (const s of scanners) s.scan(d);
    const spent = [0, 0];
    for (let r = 0; r < reps; r++) {
      for (let i = 0; i < docs.length; i += 50) {
        const chunk = docs.slice(i, i + 50);
        const order = (i / 50 + r) % 2 === 0 ? [0, 1] : [1, 0];
        for (const side of order) {
          const t0 = cpu();
          for (const d of chunk) scanners[side].scan(d);
          spent[side] += cpu() - t0;
        }
      }
    }
    const total = (chars * reps) / 1e6;
    console.log(`${selector.padEnd(12)} ${name}: base ${(total / spent[0]).toFixed(1)} MB/s, this build ${(total / spent[1]).toFixed(1)} MB/s, ${(spent[0] / spent[1]).toFixed(2)}x`);
  }
}
