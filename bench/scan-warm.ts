/**
 * The warm pass of `sift scan` (issue 12): runScan over the same folder several times in one process, CPU (user +
 * system, every thread) per pass; the median of the passes after the first two is the warm figure.
 *   npx tsx bench/scan-warm.ts <tree> <folder> [passes = 7] [outFile]
 * <tree> must be built (dist/). outFile: the first pass's JSON Lines, normalized as scan-ab.ts compares them.
 * Profile the warm passes with `perf record -D 4000 -F 2999 -g -- node --perf-basic-prof --import tsx bench/scan-warm.ts …`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const [tree, dir, passesArg, outFile] = process.argv.slice(2);
if (!tree || !dir) throw new Error('usage: scan-warm.ts <tree> <folder> [passes] [outFile]');
const { runScan } = (await import(pathToFileURL(resolve(tree, 'dist/cli/scan-command.js')).href)) as {
  runScan(paths: string[], opts: { json?: boolean; identifiers?: string }, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number>;
};
let text = '';
const sink = (keep: boolean) => new Writable({ write(c: Buffer, _e, cb) { if (keep) text += c.toString(); cb(); } });
const passes = Number(passesArg ?? 7);
const cpu: number[] = [];
for (let p = 0; p < passes; p++) {
  text = '';
  const c0 = process.cpuUsage();
  await runScan([dir], { json: true, identifiers: 'ALL' }, sink(p === 0 && Boolean(outFile)), sink(false));
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e6);
  if (p === 0 && outFile) {
    const lines = text.split('\n').filter(Boolean).map((l) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      delete o.id;
      delete o.createdAt;
      delete o.updatedAt;
      return JSON.stringify(o);
    });
    writeFileSync(outFile, lines.sort().join('\n'));
  }
}
const warm = cpu.slice(2).sort((a, b) => a - b);
console.log(`${tree} ${dir}: warm median ${warm[warm.length >> 1]?.toFixed(3)} s CPU | passes ${cpu.map((x) => x.toFixed(3)).join(' ')}`);
