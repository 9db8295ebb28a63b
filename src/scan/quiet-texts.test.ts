// The scan's quiet texts (ReaderContext.quiet from its scanner) leave the detections of a JSON scan as they were: JSON
// and JSON Lines whose member names hold names, emails, card numbers and keys (and the batch separator) give the same
// detections at the same locations, in the same order, with and without them; only names with nothing in them go.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../common/seeded-random.js';
import { defaultScanLimits } from '../common/limits.js';
import { compileScanner, type Detection } from '../detect/index.js';
import { readJsonBatches, type ReaderContext, type Segment } from '../extract/index.js';
import { SegmentBatcher } from './batch.js';
import { quietTexts } from './quiet-texts.js';
import { scanObject } from './scan-object.js';

const scanner = compileScanner({ managedSelector: 'ALL' });

const NAMES = ['id', 'customer', 'john.smith@example.com', '4111 1111 1111 1111', 'John Smith', 'AKIAIOSFODNN7EXAMPLE', 'ssn', 'a\\u001eb', 'note', 'Maria Garcia', '536-22-8726'];
// 536228726 is a social security number only under a keyword ("ssn"), quiet elsewhere: values are asked about with
// their names as keyword context, per name path.
const VALUES = ['"ok"', '12', '"Robert Williams"', '"jane.doe@example.org"', '"4111-1111-1111-1111"', 'true', '"536-22-8726"', '"x\\u001ey"', '536228726', '"536228726"'];

function documentOf(seed: number, lines: boolean): string {
  const r = seededRandom(seed);
  const pick = (from: string[]) => from[Math.floor(r() * from.length)];
  const records = Array.from({ length: 400 }, () => `{"${pick(NAMES)}": ${pick(VALUES)}, "id": {"${pick(NAMES)}": [${pick(VALUES)}, {"${pick(NAMES)}": ${pick(VALUES)}}]}}`);
  return lines ? records.join('\n') + '\n' : `{"records": [${records.join(',\n')}]}`;
}

async function detections(doc: string, lines: boolean, quiet: ReaderContext['quiet']): Promise<Array<[Segment, Detection[]]>> {
  const got: Array<[Segment, Detection[]]> = [];
  const batcher = new SegmentBatcher(scanner, (s, d) => got.push([s, d]));
  const ctx: ReaderContext = { partial: () => {}, ...(quiet ? { quiet } : {}) };
  for await (const batch of readJsonBatches(Readable.from([Buffer.from(doc)]), defaultScanLimits, ctx, lines)) batcher.addGrouped(batch);
  batcher.flush();
  return got;
}

describe('quietTexts', () => {
  it('answers for names with and without detections, and never for the separator', () => {
    const quiet = quietTexts(scanner);
    expect(quiet('customer')).toBe(true);
    expect(quiet('John Smith')).toBe(false);
    expect(quiet('a\u001eb')).toBe(false);
  });

  it('answers for a value with its keyword context', () => {
    const quiet = quietTexts(scanner);
    expect(quiet('536228726', ['note'])).toBe(true);
    expect(quiet('536228726', ['id', 'ssn'])).toBe(false);
  });

  it('leaves a JSON scan’s detections as they were, JSON and JSON Lines', async () => {
    for (const lines of [false, true]) {
      for (const seed of [1, 2, 3]) {
        const doc = documentOf(seed, lines);
        const before = await detections(doc, lines, undefined);
        expect(await detections(doc, lines, quietTexts(scanner))).toEqual(before);
        expect(before.some(([s]) => s.location.kind === 'record' && s.location.jsonPath === '')).toBe(true);
        expect(before.some(([s, d]) => s.text === '536228726' && d.some((x) => x.type === 'USA_SOCIAL_SECURITY_NUMBER'))).toBe(true);
      }
    }
  });

  it('is what scanObject reads JSON with: names with detections are still reported', async () => {
    const result = await scanObject({ key: 'a.jsonl', stream: Readable.from([Buffer.from('{"John Smith": 1, "customer": "x"}\n')]) }, scanner);
    expect(result.detections.map((d) => [d.type, d.count])).toEqual([['NAME', 1]]);
  });
});
