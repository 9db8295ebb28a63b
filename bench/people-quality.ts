/**
 * Precision and recall of NAME and ADDRESS on the labeled corpus of bench/corpus/people.ts, per type and per country
 * (a detection counts when it has the label's type and overlaps it; an unmatched detection is a false positive).
 */
import type { Scanner } from '../src/detect/index.js';
import { generatePeopleCorpus } from './corpus/people.js';

export interface Counts { tp: number; fp: number; fn: number }
export const PEOPLE_SEED = 12;

export function evaluatePeople(scanner: Scanner, seed = PEOPLE_SEED, docs = 400): { byType: Map<string, Counts>; byCountry: Map<string, Counts>; labels: Map<string, number> } {
  const byType = new Map<string, Counts>([['NAME', { tp: 0, fp: 0, fn: 0 }], ['ADDRESS', { tp: 0, fp: 0, fn: 0 }]]);
  const byCountry = new Map<string, Counts>();
  const labels = new Map<string, number>();
  const bump = (key: string, field: keyof Counts): void => {
    const c = byCountry.get(key) ?? { tp: 0, fp: 0, fn: 0 };
    c[field]++;
    byCountry.set(key, c);
  };
  for (const doc of generatePeopleCorpus(seed, docs)) {
    const found = scanner.scan(doc.text, doc.keywordContext ? { keywordContext: doc.keywordContext, separated: true } : undefined).filter((d) => byType.has(d.type));
    const used = new Set<number>();
    for (const l of doc.labels) {
      labels.set(l.type, (labels.get(l.type) ?? 0) + 1);
      const k = found.findIndex((d, i) => !used.has(i) && d.type === l.type && d.start < l.end && l.start < d.end);
      const key = `${l.type} ${l.country ?? ''}`.trim();
      if (k >= 0) {
        used.add(k);
        byType.get(l.type)!.tp++;
        bump(key, 'tp');
      } else {
        byType.get(l.type)!.fn++;
        bump(key, 'fn');
      }
    }
    found.forEach((d, i) => {
      if (used.has(i) || doc.labels.some((l) => l.type === d.type && d.start < l.end && l.start < d.end)) return;
      byType.get(d.type)!.fp++;
      bump(`${d.type} (unlabeled text)`, 'fp');
    });
  }
  return { byType, byCountry, labels };
}

export const precision = (c: Counts): number => (c.tp + c.fp === 0 ? NaN : c.tp / (c.tp + c.fp));
export const recall = (c: Counts): number => (c.tp + c.fn === 0 ? NaN : c.tp / (c.tp + c.fn));
