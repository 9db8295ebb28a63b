// Batched scanning of cells gives exactly what one scanner call per cell gives: same detections, same offsets, same
// order — and no keyword reaches from one cell into the next.
import { describe, expect, it } from 'vitest';
import { compileScanner, RECORD_SEPARATOR, type Detection } from '../detect/index.js';
import { GroupedBatchBuilder, TEXT_SEPARATOR, type Segment, type TextGroup } from '../extract/index.js';
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

  const long = `${'x'.repeat(3000)} ssn 536-22-8726`;
  const withLong = [...segments.slice(0, 40), { text: long, location: { kind: 'cell', row: 99, column: 3, columnName: 'notes' }, keywordContext: ['notes'] } as Segment, ...segments.slice(40)];

  /** `withLong` as grouped batches of `perBatch` texts (a group per column); `send` sees each batch's groups first. */
  function viaGroups(perBatch: number, send: (groups: Array<{ group: TextGroup; texts: string[] }>) => void = () => {}): Array<[Segment, Detection[]]> {
    const got: Array<[Segment, Detection[]]> = [];
    const b = new SegmentBatcher(scanner, (s, d) => got.push([s, d]));
    let builder = new GroupedBatchBuilder();
    let groups = new Map<number, { group: TextGroup; texts: string[]; locs: Segment['location'][] }>();
    const take = (): void => {
      send([...groups.values()]);
      b.addGrouped(builder.take());
      builder = new GroupedBatchBuilder();
      groups = new Map();
    };
    withLong.forEach((s, i) => {
      const loc = s.location;
      if (loc.kind !== 'cell') builder.segment(s);
      else {
        let g = groups.get(loc.column);
        if (!g) {
          const texts: string[] = [];
          const locs: Segment['location'][] = [];
          g = { group: { keywordContext: s.keywordContext, texts, orders: [], location: (k: number) => locs[k] }, texts, locs };
          groups.set(loc.column, g);
        }
        g.locs.push(loc);
        builder.text(g.group, s.text);
      }
      if ((i + 1) % perBatch === 0) take();
    });
    take();
    b.flush();
    return got;
  }

  it('grouped batches (a group per column, header cells and a long cell as segments) report exactly what one call per cell does', () => {
    const expected = oneByOne(withLong);
    for (const perBatch of [7, 100, 5000]) expect(viaGroups(perBatch)).toEqual(expected);
  });

  it('scans a group its reader joined (JoinedTexts) as it scans the same texts one by one', () => {
    const expected = oneByOne(withLong);
    for (const perBatch of [7, 100, 5000]) {
      let joins = 0;
      let longReads = 0;
      const got = viaGroups(perBatch, (groups) => {
        // Each group's texts joined here, as a reader that joins them hands them on; `texts` read only for a group
        // with a long text (scanned on its own, as without joining).
        for (const { group, texts } of groups) {
          const cells = new Int32Array(3 * texts.length);
          for (let k = 0, at = 0; k < texts.length; at += texts[k].length + 1, k++) cells.set([at, 0, group.orders[k]], 3 * k);
          const longest = Math.max(...texts.map((t) => t.length));
          group.joined = () => (joins++, { text: texts.join(TEXT_SEPARATOR), cells, count: texts.length, longest });
          Object.defineProperty(group, 'texts', { get: () => (longest <= 2048 ? expect.unreachable('texts read') : (longReads++, texts)) });
        }
      });
      expect(got).toEqual(expected);
      expect([joins > 0, longReads > 0]).toEqual([true, true]);
    }
    expect(TEXT_SEPARATOR).toBe(RECORD_SEPARATOR);
  });

  it('releases a grouped batch once, after reading its groups', () => {
    const b = new SegmentBatcher(scanner, () => {});
    const builder = new GroupedBatchBuilder();
    const reads: string[] = [];
    const group: TextGroup = { keywordContext: ['ssn'], texts: [], orders: [], location: () => (reads.push('location'), { kind: 'cell', row: 2, column: 1 }) };
    builder.text(group, '536-22-8726');
    const batch = builder.take();
    batch.release = () => void reads.push('release');
    b.addGrouped(batch);
    b.flush();
    expect(reads).toEqual(['location', 'release']);
  });

  it('lets no keyword of one cell reach a value in the next cell of its column', () => {
    const notes = viaBatcher(segments).filter(([s]) => s.location.kind === 'cell' && s.location.column === 3);
    // Only the notes that hold a whole header themselves (an anchor's look-behind stays in its own cell too).
    expect(notes.length).toBeGreaterThan(5);
    for (const [s, d] of notes) expect([s.text.startsWith('see Authorization'), d.map((x) => x.type)]).toEqual([true, ['HTTP_BASIC_AUTH_HEADER']]);
  });
});
