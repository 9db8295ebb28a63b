/**
 * NAME and ADDRESS quality on the people corpus (npx tsx bench/people.ts [--seed 12] [--docs 400] [--show-errors]):
 * precision and recall per type and per country, whole catalog.
 */
import { compileScanner } from '../src/detect/index.js';
import { generatePeopleCorpus } from './corpus/people.js';
import { evaluatePeople, PEOPLE_SEED, precision, recall } from './people-quality.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const seed = arg('seed', PEOPLE_SEED);
const docs = arg('docs', 400);
const scanner = compileScanner({ managedSelector: 'ALL' });
const { byType, byCountry, labels } = evaluatePeople(scanner, seed, docs);
const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');
console.log(`NAME / ADDRESS on the people corpus (seed ${seed}, ${docs} scans), all identifiers:`);
for (const [type, c] of byType) console.log(`  ${type.padEnd(28)} labels ${String(labels.get(type) ?? 0).padStart(5)}  precision ${f(precision(c))}  recall ${f(recall(c))}  (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})`);
console.log('Per country (NAME: origin of the name; fp rows: detections on unlabeled text):');
for (const [key, c] of [...byCountry].sort()) console.log(`  ${key.padEnd(28)} recall ${f(recall(c))}  (tp ${c.tp}, fn ${c.fn}, fp ${c.fp})`);
if (process.argv.includes('--show-errors')) {
  for (const doc of generatePeopleCorpus(seed, docs)) {
    const found = scanner.scan(doc.text, doc.keywordContext ? { keywordContext: doc.keywordContext, separated: true } : undefined).filter((d) => d.type === 'NAME' || d.type === 'ADDRESS');
    for (const l of doc.labels) if (!found.some((d) => d.type === l.type && d.start < l.end && l.start < d.end)) console.log('MISS', l.type, l.country, JSON.stringify(doc.text.slice(l.start, l.end)));
    for (const d of found) if (!doc.labels.some((l) => l.type === d.type && d.start < l.end && l.start < d.end)) console.log('FP  ', d.type, JSON.stringify(doc.text.slice(d.start, d.end)));
  }
}
