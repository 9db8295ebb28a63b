import { describe, expect, it } from 'vitest';
import { extractBatches, extractObject } from './extract.js';
import { segmentsOf } from './groups.js';
import { limits, streamOf } from './test-support.js';
import type { Segment } from './types.js';

/** The scan's batched events, flattened, against the one-segment-per-event shape of the same bytes. */
async function both(name: string, data: string, chunk: number, overrides = {}): Promise<{ flat: Segment[]; batched: Segment[]; batches: number[] }> {
  const flat: Segment[] = [];
  for await (const e of extractObject({ name, stream: streamOf(data, chunk) }, limits(overrides))) if (e.type === 'segment') flat.push(e.segment);
  const batched: Segment[] = [];
  const batches: number[] = [];
  for await (const e of extractBatches({ name, stream: streamOf(data, chunk) }, limits(overrides))) {
    if (e.type !== 'segments' && e.type !== 'grouped') continue;
    const segments = e.type === 'segments' ? e.segments : segmentsOf(e.batch);
    batches.push(segments.length);
    batched.push(...segments);
  }
  return { flat, batched, batches };
}

const csv = ['id,name,ssn,notes', ...Array.from({ length: 3000 }, (_, i) => `${i},Person ${i},${i % 500 === 0 ? '123-45-6789' : ''},"a ""quoted"" note, ${i}"`)].join('\r\n') + '\r\n';
const jsonl = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ id: i, customer: { name: `C${i}`, cards: [`4556737586899855`, i] }, 'odd key': 'x' })).join('\n') + '\n';
const json = JSON.stringify({ records: Array.from({ length: 2500 }, (_, i) => ({ id: i, note: `n\u00e9 ${i} \ud83d\ude00`, ssn: '123-45-6789' })) });
const text = Array.from({ length: 5000 }, (_, i) => `line ${i}: nothing to see`).join('\n');

describe('extractBatches', () => {
  for (const [name, data] of [['a.csv', csv], ['a.jsonl', jsonl], ['a.json', json], ['a.txt', text]] as const) {
    it(`${name}: the same segments, in the same order, as extractObject, in bounded batches`, async () => {
      for (const chunk of [7, 4096, 1 << 20]) {
        const { flat, batched, batches } = await both(name, data, chunk);
        expect(flat.length).toBeGreaterThan(0);
        expect(batched).toEqual(flat);
        // Text: 1024 segments per batch; CSV and JSON: 64 Ki characters or 4096 texts, checked per row and per
        // 16 KiB of JSON fed.
        expect(Math.max(...batches)).toBeLessThanOrEqual(8192);
      }
    });
  }

  it('keeps locations and keyword context of long values cut into pieces', async () => {
    const long = `id,blob\n1,${'x'.repeat(5000)} 123-45-6789 ${'y'.repeat(5000)}\n`;
    const { flat, batched } = await both('b.csv', long, 333, { maxSegmentChars: 1024, seamContextChars: 64, seamLookaheadChars: 128 });
    expect(batched).toEqual(flat);
    expect(batched.filter((s) => s.owned).length).toBeGreaterThan(5);
    expect(batched.every((s) => s.location.kind === 'text' || (s.location.kind === 'cell' && s.location.row === 2 && (s.owned === undefined || s.location.columnName === 'blob')))).toBe(true);
  });

  it('shares one keyword-context array per CSV column and per JSON path', async () => {
    const { batched } = await both('c.csv', csv, 4096);
    const ssn = batched.filter((s) => s.location.kind === 'cell' && s.location.columnName === 'ssn');
    expect(ssn.length).toBe(6);
    expect(new Set(ssn.map((s) => s.keywordContext)).size).toBe(1);
    const { batched: records } = await both('d.jsonl', jsonl, 4096);
    const names = records.filter((s) => s.location.kind === 'record' && /\.customer\.name$/.test(s.location.jsonPath));
    expect(names.length).toBe(2500);
    expect(names[0].keywordContext).toEqual(['customer', 'name']);
    expect(new Set(names.map((s) => s.keywordContext)).size).toBe(1);
  });
});
