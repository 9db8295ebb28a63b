/**
 * Writes every detection of the whole catalog and of the RECOMMENDED set over the benchmark corpora (mixed and clean
 * documents, the CSV and JSON folders through scanObject, the people corpus with its column contexts), one line per
 * scan, so that two builds of the engine can be compared byte for byte:
 *
 *   npx tsx bench/corpus/detections-digest.ts OUT.txt [--mb 4] [--root DIR]
 *
 * `--root` loads the engine from another checkout (e.g. an extracted base commit) so old and new run on the same
 * generated inputs. `cmp OLD.txt NEW.txt` must then report nothing.
 */
import { createReadStream, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeBenchFolders } from './folder.js';
import { generateCorpus } from './generate.js';
import { generatePeopleCorpus } from './people.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const out = process.argv[2];
if (!out || out.startsWith('--')) throw new Error('usage: detections-digest.ts OUT.txt [--mb N] [--root DIR]');
const mb = Number(arg('mb') ?? 4);
const root = resolve(arg('root') ?? join(import.meta.dirname, '..', '..'));
const detect = (await import(join(root, 'src/detect/index.ts'))) as typeof import('../../src/detect/index.js');
const scanMod = (await import(join(root, 'src/scan/index.ts'))) as typeof import('../../src/scan/index.js');

const lines: string[] = [];
const fmt = (ds: ReadonlyArray<{ type: string; start: number; end: number }>): string => ds.map((d) => `${d.type}@${d.start}-${d.end}`).join(' ');
for (const selector of ['ALL', 'RECOMMENDED'] as const) {
  const scanner = detect.compileScanner({ managedSelector: selector });
  // mixed and clean: bench/detect.ts's throughput corpora; eval: its quality table's labeled corpus.
  for (const [label, seed, sensitive] of [['mixed', 1, true], ['clean', 2, false], ['eval', 7, true]] as const) {
    let k = 0;
    for (const doc of generateCorpus({ totalChars: mb * 1e6, docChars: 5000, seed, sensitive })) lines.push(`${selector} ${label} ${k++} ${fmt(scanner.scan(doc.text))}`);
  }
  generatePeopleCorpus(12).forEach((doc, k) => {
    const ctx = doc.keywordContext ? { keywordContext: doc.keywordContext, separated: true } : undefined;
    lines.push(`${selector} people ${k} ${fmt(scanner.scan(doc.text, ctx))}`);
  });
  const folderRoot = join(tmpdir(), `sift-digest-${process.pid}`);
  const folders = writeBenchFolders(folderRoot, { textMb: mb / 2, csvMb: mb / 2, jsonMb: mb / 2 });
  for (const set of [folders.textMixed, folders.csv, folders.json]) {
    for (const f of readdirSync(set.dir).sort()) {
      const path = join(set.dir, f);
      const res = await scanMod.scanObject({ key: f, size: statSync(path).size, stream: createReadStream(path) }, scanner);
      lines.push(`${selector} file ${f} ${JSON.stringify(res.detections)}`);
    }
  }
  rmSync(folderRoot, { recursive: true, force: true });
}
writeFileSync(out, lines.join('\n') + '\n');
console.log(`${lines.length} scans written to ${out}`);
