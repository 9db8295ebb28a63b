// Batched scanning of cells gives exactly what one scanner call per cell gives: same detections, same offsets, same
// order — and no keyword reaches from one cell into the next.
import { describe, expect, it } from 'vitest';
import { compileScanner, type Detection } from '../detect/index.js';
import { GroupedBatchBuilder, type Segment, type TextGroup } from '../extract/index.js';
import { SegmentBatcher } from './batch.js';

const scanner = compileScanner({ managedSelector: 'ALL' });

function cells(rows: string[][], header: string[]): Segment[] {
  const out: Segment[] = header.map((h, i) => ({ text: h, location: { kind: 'text', line: 1, column: i * 10 + 1 } }));
  rows.forEach((row, r) =>
    row.forEach((text, c) => out.push({ text, location: { kind: 'cell', row: r + 2, column: c + 1, columnName: header[c] }, keywordContext: [header[c]] })),
  );
  return out;
}

function viaBatcher(segments: Segment[], maxChars?: number): Array<[Segment, Detection[]]> {
  const got: Array<[Segment, Detection[]]> = [];
  const b = new SegmentBatcher(scanner, (s, d) => got.push([s, d]), maxChars);
  for (const s of segments) b.add(s);
  b.flush();
  return got;
}

function oneByOne(segments: Segment[]): Array<[Segment, Detection[]]> {
  return segments.flatMap((s): Array<[Segment, Detection[]]> => {
    const d = scanner.scan(s.text, s.keywordContext ? { keywordContext: s.keywordContext } : undefined);
    return d.length ? [[s, d]] : [];
  });
}

describe('SegmentBatcher', () => {
  const header = ['name', 'ssn', 'notes', 'iban'];
  const rows = Array.from({ length: 300 }, (_, i) => [
    `Person ${i}`,
    i % 7 === 0 ? '536-22-8726' : 'n/a',
    i % 11 === 0 ? 'my ssn is' : i % 13 === 0 ? '536-22-8726' : i % 17 === 0 ? 'see Authorization: Basic YWxpY2U6Y29ycmVjdC1ob3JzZQ==' : 'free text about order ' + i,
    i % 5 === 0 ? 'DE89 3704 0044 0532 0130 00' : '',
  ]);
  const segments = cells(rows, header);

  it('reports the same detections, offsets and order as one call per cell', () => {
    const expected = oneByOne(segments);
    expect(expected.length).toBeGreaterThan(50);
    expect(viaBatcher(segments)).toEqual(expected);
    // With a tiny buffer (many flushes) too.
    expect(viaBatcher(segments, 500)).toEqual(expected);
  });

  it('grouped batches (a group per column, header cells and a long cell as segments) report exactly what one call per cell does', () => {
    const long = `${'x'.repeat(3000)} ssn 536-22-8726`;
    const withLong = [...segments.slice(0, 40), { text: long, location: { kind: 'cell', row: 99, column: 3, columnName: 'notes' }, keywordContext: ['notes'] } as Segment, ...segments.slice(40)];
    const expected = oneByOne(withLong);
    for (const perBatch of [7, 100, 5000]) {
      const got: Array<[Segment, Detection[]]> = [];
      const b = new SegmentBatcher(scanner, (s, d) => got.push([s, d]));
      let builder = new GroupedBatchBuilder();
      let groups = new Map<number, TextGroup>();
      withLong.forEach((s, i) => {
        const loc = s.location;
        if (loc.kind !== 'cell') builder.segment(s);
        else {
          let g = groups.get(loc.column);
          if (!g) {
            const locs: Segment['location'][] = [];
            g = Object.assign({ keywordContext: s.keywordContext, texts: [], orders: [], location: (k: number) => locs[k] }, { locs });
            groups.set(loc.column, g);
          }
          (g as unknown as { locs: Segment['location'][] }).locs.push(loc);
          builder.text(g, s.text);
        }
        if ((i + 1) % perBatch === 0) {
          b.addGrouped(builder.take());
          builder = new GroupedBatchBuilder();
          groups = new Map();
        }
      });
      b.addGrouped(builder.take());
      b.flush();
      expect(got).toEqual(expected);
    }
  });

  it('skips clean texts it has seen under the same column (skipRepeatedClean), with exactly the same detections', () => {
    // Readers share one keyword-context array per column; cells repeat ('n/a', cities) and so do values with detections.
    const columns = ['city', 'ssn', 'note'].map((name) => [name]);
    const cities = ['Springfield', 'Portland', 'Madison'];
    const repeated: Segment[] = [];
    for (let r = 0; r < 2000; r++) {
      const texts = [cities[r % 3], r % 9 === 0 ? '536-22-8726' : 'n/a', r % 4 === 0 ? 'ok' : `order ${r}`];
      texts.forEach((text, c) => repeated.push({ text, location: { kind: 'cell', row: r + 2, column: c + 1, columnName: columns[c][0] }, keywordContext: columns[c] }));
    }
    const expected = oneByOne(repeated);
    expect(expected.length).toBeGreaterThan(200);
    const run = (skipRepeatedClean: boolean) => {
      let chars = 0;
      const counting = { scan: (text: string, ctx?: Parameters<typeof scanner.scan>[1]) => ((chars += text.length), scanner.scan(text, ctx)) };
      const got: Array<[Segment, Detection[]]> = [];
      const b = new SegmentBatcher(counting, (seg, d) => got.push([seg, d]), undefined, undefined, skipRepeatedClean);
      for (let from = 0; from < repeated.length; from += 300) {
        const builder = new GroupedBatchBuilder();
        const groups = new Map<string[], TextGroup & { locs: Segment['location'][] }>();
        for (const seg of repeated.slice(from, from + 300)) {
          let g = groups.get(seg.keywordContext!);
          if (!g) {
            const locs: Segment['location'][] = [];
            g = { keywordContext: seg.keywordContext, texts: [], orders: [], locs, location: (k: number) => locs[k] };
            groups.set(seg.keywordContext!, g);
          }
          g.locs.push(seg.location);
          builder.text(g, seg.text);
        }
        b.addGrouped(builder.take());
      }
      b.flush();
      return { got, chars };
    };
    const plain = run(false);
    const skipping = run(true);
    expect(plain.got).toEqual(expected);
    expect(skipping.got).toEqual(expected);
    // The cities, 'n/a' and 'ok' are scanned once each; the SSN (a detection every time) and the orders every time.
    expect(skipping.chars).toBeLessThan(plain.chars * 0.6);
  });

  it('lets no keyword of one cell reach a value in the next cell of its column', () => {
    const notes = viaBatcher(segments).filter(([s]) => s.location.kind === 'cell' && s.location.column === 3);
    // Only the notes that hold a whole header themselves (an anchor's look-behind stays in its own cell too).
    expect(notes.length).toBeGreaterThan(5);
    for (const [s, d] of notes) expect([s.text.startsWith('see Authorization'), d.map((x) => x.type)]).toEqual([true, ['HTTP_BASIC_AUTH_HEADER']]);
  });
});
