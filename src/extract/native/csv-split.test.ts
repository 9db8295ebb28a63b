// The native data-row pass (csv-split.c) against the JavaScript row loop it replaces: on random and mutated CSV, TSV
// and `;`/`|` text, read in random chunks with random segment limits, both readers must hand on the same batches
// (cut at the same places) with the same texts, orders, locations, keyword contexts and segments, and report the
// same issues. Seeded, so a failure reproduces.
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../common/seeded-random.js';
import { readDelimitedBatches, type DelimitedOptions } from '../csv.js';
import { limits as limitsOf } from '../test-support.js';
import type { ScanLimits } from '../../common/index.js';
import type { ReaderContext } from '../types.js';
import type { GroupedBatch } from '../groups.js';
import { CELL_INTS, csvSplitPass, GATHER_META_INTS, Slot, type CsvSplitPass } from './csv-split.js';

const ATOMS = ['a', 'bc', 'Ann Lee', '123-45-6789', 'x'.repeat(9), 'y'.repeat(23), '\u00e9', '\u0142', '\u{1F600}', ' ', '"', '""', '\n', '\r\n', '\r', ''];
const NOISE = ['"', '""', ',', '\t', ';', '|', '\n', '\r', '\r\n', 'z', '\u00e9'];

/** Random delimited text: mostly well-formed rows, every odd case sprinkled in, then maybe mutated or cut short. */
function documentOf(r: () => number, d: string): string {
  const pick = (): string => (r() < 0.1 ? d : ATOMS[Math.floor(r() * ATOMS.length)]);
  const cell = (): string => {
    const x = r();
    if (x < 0.15) return '';
    if (x < 0.45) return `"${Array.from({ length: Math.floor(r() * 4) }, pick).join('').replace(/"/g, r() < 0.7 ? '""' : '"')}"${r() < 0.05 ? 'tail' : ''}`;
    if (x < 0.5) return Array.from({ length: Math.floor(r() * 6) }, pick).join('');
    return Array.from({ length: 1 + Math.floor(r() * 3) }, () => ATOMS[Math.floor(r() * 6)]).join('');
  };
  const width = 1 + Math.floor(r() * 6);
  const rows: string[] = [];
  for (let k = 2 + Math.floor(r() * 40); k >= 0; k--) rows.push(Array.from({ length: r() < 0.8 ? width : Math.floor(r() * (width + 3)) }, cell).join(d));
  const nl = ['\n', '\r\n', '\r'][Math.floor(r() * 3)];
  let doc = rows.join(nl) + (r() < 0.5 ? nl : '');
  for (let m = r() < 0.5 ? 0 : 1 + Math.floor(r() * 4); m > 0; m--) {
    const at = Math.floor(r() * (doc.length + 1));
    const noise = NOISE[Math.floor(r() * NOISE.length)];
    const op = r();
    doc = op < 0.33 ? doc.slice(0, at) + doc.slice(at + 1) : op < 0.66 ? doc.slice(0, at) + noise + doc.slice(at) : doc.slice(0, at) + noise + doc.slice(at + 1);
  }
  return r() < 0.1 ? doc.slice(0, Math.floor(r() * doc.length)) : doc;
}

/** The document's bytes in random chunks (the decoder's chunks follow them). */
function chunksOf(r: () => number, doc: string): Buffer[] {
  const bytes = Buffer.from(doc);
  const max = [1, 3, 17, 200, 1 << 16][Math.floor(r() * 5)];
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(r() * max);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

/** Everything the reader handed on, batch by batch, and the issues it reported. */
async function trace(chunks: Buffer[], limits: ScanLimits, options: DelimitedOptions, native: CsvSplitPass | null): Promise<unknown[]> {
  const out: unknown[] = [];
  const issues: string[] = [];
  const ctx: ReaderContext = { partial: (code, message) => void issues.push(`${code} ${message}`) };
  for await (const b of readDelimitedBatches(Readable.from(chunks), limits, options, ctx, native)) {
    for (const g of b.groups) {
      // A group joined by the native pass says its count and longest text right (the scan trusts them).
      const joined = g.joined?.();
      if (joined) expect([joined.count, joined.longest, joined.text]).toEqual([g.texts.length, Math.max(...g.texts.map((t) => t.length)), g.texts.join('\u001e')]);
    }
    out.push({
      count: b.count,
      chars: b.chars,
      segments: b.segments,
      segmentOrders: b.segmentOrders,
      groups: b.groups.map((g) => ({ keywordContext: g.keywordContext, texts: g.texts, orders: g.orders, locations: g.texts.map((_, i) => g.location(i)) })),
    });
  }
  out.push(issues);
  return out;
}

async function collect(chunks: Buffer[], native: CsvSplitPass | null): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of readDelimitedBatches(Readable.from(chunks), limitsOf(), { delimiter: ',', quoting: true }, undefined, native)) out.push(b);
  return out;
}

const OPTIONS: DelimitedOptions[] = [
  { delimiter: ',', quoting: true },
  { delimiter: '\t', quoting: false },
  { delimiter: ';', quoting: true },
  { delimiter: '|', quoting: false },
];

describe.runIf(csvSplitPass() !== undefined)('native CSV row pass', () => {
  it('is what the reader uses by default', async () => {
    // Without it the comparisons below would compare the JavaScript loop with itself.
    const calls: number[] = [];
    const pass = csvSplitPass()!;
    const spy: CsvSplitPass = { split: (u, s, c) => (calls.push(s[Slot.From]), pass.split(u, s, c)), gather: (...a) => pass.gather(...a) };
    const doc = [Buffer.from('a,b\n1,2\n3,"4"\n')];
    expect(await trace(doc, limitsOf(), OPTIONS[0], spy)).toEqual(await trace(doc, limitsOf(), OPTIONS[0], null));
    expect(calls.length).toBeGreaterThan(0);
  });

  it('reads a chunk’s Latin-1 bytes when every character is at most U+00FF, else its UTF-16', async () => {
    const pass = csvSplitPass()!;
    const widths: number[] = [];
    const spy: CsvSplitPass = { split: (u, s, c) => (widths.push(u.BYTES_PER_ELEMENT), pass.split(u, s, c)), gather: (...a) => pass.gather(...a) };
    for (const doc of ['a,b\n1,Zo\u00eb\n', 'a,b\n1,Zo\u0142o\n']) {
      const chunks = [Buffer.from(doc)];
      expect(await trace(chunks, limitsOf(), OPTIONS[0], spy)).toEqual(await trace(chunks, limitsOf(), OPTIONS[0], null));
    }
    expect(widths).toEqual([1, 2]);
  });

  it('joins the cells per column in C (gather), columns in the order they first appear', async () => {
    const pass = csvSplitPass()!;
    let gathered = 0;
    const spy: CsvSplitPass = { split: (...a) => pass.split(...a), gather: (...a) => (gathered++, pass.gather(...a)) };
    const doc = [Buffer.from('a,b,c\n1,x,\n2,"y z",q\n,,r\n3,"a""b",s\n')];
    const [batch] = (await collect(doc, spy)) as GroupedBatch[];
    expect(gathered).toBeGreaterThan(0);
    expect(batch.groups.map((g) => [g.joined?.()?.text, g.texts, g.orders])).toEqual([
      ['1\u001e2\u001e3', ['1', '2', '3'], [3, 5, 9]],
      ['x\u001ey z\u001ea"b', ['x', 'y z', 'a"b'], [4, 6, 10]], // the escaped quote read by JavaScript after the run
      ['q\u001er\u001es', ['q', 'r', 's'], [7, 8, 11]],
    ]);
    expect(batch.groups[1].location(2)).toEqual({ kind: 'cell', row: 5, column: 2, columnName: 'b' });
  });

  it.each([['UTF-16', Uint16Array], ['Latin-1', Uint8Array]] as const)('gather over %s units: the layout, and what it declines or rejects', (_, Units) => {
    const pass = csvSplitPass()!;
    const text = 'ab,c\nd\u00e9,f\ng';
    const units = new Units([...text].map((c) => c.charCodeAt(0)));
    // [start, end, row, column]: ab (2,1) c (2,2) de (3,1) f (3,2) g (4,3)
    const cells = new Int32Array([0, 2, 2, 1, 3, 4, 2, 2, 5, 7, 3, 1, 8, 9, 3, 2, 10, 11, 4, 3]);
    const meta = new Int32Array(GATHER_META_INTS);
    const joined = new Units(16);
    const out = new Int32Array(3 * 7);
    const gather = (c: Int32Array, args: number[], j: Uint16Array | Uint8Array = joined, m: Int32Array = meta, o: Int32Array = out): number => pass.gather(units, c, new Int32Array(args), j, m, o);
    expect(gather(cells, [5, 100, 2])).toBe(3);
    expect(String.fromCharCode(...joined.subarray(0, 12))).toBe('ab\u001ed\u00e9\u001ec\u001ef\u001eg\u001e');
    expect([...meta.subarray(0, 12)]).toEqual([1, 5, 2, 2, 2, 9, 4, 1, 3, 11, 5, 1]);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0, 0, 2, 100, 3, 3, 102, 0, 2, 101, 2, 3, 103, 0, 4, 104]); // from the third cell on
    // Too short an output, columns spread 4,096 wide: declined; nothing is written past the output.
    expect(gather(cells, [5, 0, 0], new Units(11))).toBe(-1);
    expect(gather(new Int32Array([0, 1, 2, 1, 2, 3, 2, 4097]), [2, 0, 0])).toBe(-1);
    expect(gather(new Int32Array([0, 1, 2, 1, 2, 3, 2, 4096]), [2, 0, 0])).toBe(2);
    expect(gather(cells, [0, 0, 7])).toBe(0);
    const bad: Array<[Int32Array, number[]]> = [
      [new Int32Array([0, 12, 2, 1]), [1, 0, 0]], // past the units
      [new Int32Array([2, 1, 2, 1]), [1, 0, 0]], // end before start
      [new Int32Array([-1, 1, 2, 1]), [1, 0, 0]],
      [new Int32Array([0, 1, 0, 1]), [1, 0, 0]], // row 0
      [new Int32Array([0, 1, 2, 0]), [1, 0, 0]], // column 0
      [cells, [6, 0, 0]], // more cells than written
      [cells, [-1, 0, 0]],
      [cells, [1, -1, 0]],
      [cells, [5, 0, 8188]], // past `out`
      [cells, [1, 0, -1]],
      [new Int32Array(4 * 4097), [4097, 0, 0]],
    ];
    for (const [c, args] of bad) expect(() => gather(c, args, joined, meta, new Int32Array(3 * 8192)), `${[...c.subarray(0, 4)]} ${args}`).toThrow(RangeError);
    expect(() => gather(cells, [1, 0, 0], joined, new Int32Array(GATHER_META_INTS - 1))).toThrow(TypeError);
    expect(() => gather(cells, [1, 0], joined)).toThrow(TypeError);
    expect(() => gather(cells, [1, 0, 0], new Int16Array(16) as unknown as Uint16Array)).toThrow(TypeError);
    // Units and output of two widths.
    expect(() => gather(cells, [1, 0, 0], Units === Uint8Array ? new Uint16Array(16) : new Uint8Array(16))).toThrow(TypeError);
  });

  it('hands on the JavaScript loop’s batches on random and mutated delimited text, in any chunks', async () => {
    const r = seededRandom(20261207);
    for (let n = 0; n < 800; n++) {
      const options = OPTIONS[Math.floor(r() * OPTIONS.length)];
      const doc = documentOf(r, options.delimiter);
      const chunks = chunksOf(r, doc);
      const maxSegmentChars = r() < 0.5 ? 16 + Math.floor(r() * 20) : 1 << 16;
      const limits = limitsOf({ maxSegmentChars, seamContextChars: 4, seamLookaheadChars: 8 });
      const expected = await trace(chunks, limits, options, null);
      expect(await trace(chunks, limits, options, csvSplitPass()!), JSON.stringify({ doc, options, maxSegmentChars, sizes: chunks.map((c) => c.length) })).toEqual(expected);
    }
  });

  it('finds cell ends on either side of its 64-unit windows’ edges, at both widths', async () => {
    // Cells of lengths around the window (64 units) and its 16-unit loads, so ends fall just before, on and after an edge.
    const r = seededRandom(11);
    const lengths = [0, 1, 15, 16, 17, 31, 47, 62, 63, 64, 65, 66, 127, 128, 129];
    for (const wide of ['\u00e9', '\u0142']) {
      for (let k = 0; k < 60; k++) {
        const rows = Array.from({ length: 1 + Math.floor(r() * 4) }, () =>
          Array.from({ length: 1 + Math.floor(r() * 5) }, () => wide + 'x'.repeat(lengths[Math.floor(r() * lengths.length)])).join(','),
        );
        const doc = [Buffer.from(`h\n${rows.join(r() < 0.5 ? '\n' : '\r\n')}${r() < 0.5 ? '\n' : ''}`)];
        expect(await trace(doc, limitsOf(), OPTIONS[0], csvSplitPass()!)).toEqual(await trace(doc, limitsOf(), OPTIONS[0], null));
      }
    }
  });

  it('cuts batches where the JavaScript loop does: by characters, by texts, within a chunk', async () => {
    // 5,000 one-character cells (a batch per 4,096 texts) and 300 cells of 400 characters (a batch per 64 Ki).
    for (const doc of [`h\n${'1\n'.repeat(5000)}`, `h,i\n${`${'w'.repeat(400)},"${'q'.repeat(399)}"\r\n`.repeat(150)}`]) {
      const chunks = [Buffer.from(doc)];
      const expected = await trace(chunks, limitsOf(), OPTIONS[0], null);
      expect(expected.length).toBeGreaterThan(2);
      expect(await trace(chunks, limitsOf(), OPTIONS[0], csvSplitPass()!)).toEqual(expected);
    }
  });

  it('reads the decoder’s own Latin-1 bytes of a chunk, not a copy written back from its string', async () => {
    // Rows of 16 bytes: no piece of 64 KiB ends within a character (a cut one's piece is a concatenation, written).
    const doc = [Buffer.from('id,customer_nam\n' + '1,Zo\u00eb M\u00fcllers\n'.repeat(5000))];
    expect(doc[0].length % 16).toBe(0);
    await trace(doc, limitsOf(), OPTIONS[0], csvSplitPass()!); // the parser's priming sample is written before the first file
    const write = vi.spyOn(Buffer.prototype, 'write');
    try {
      expect(await trace(doc, limitsOf(), OPTIONS[0], csvSplitPass()!)).toEqual(await trace(doc, limitsOf(), OPTIONS[0], null));
      expect(write.mock.calls.filter((c) => c.includes('latin1'))).toEqual([]);
    } finally {
      write.mockRestore();
    }
  });

  it('reads two Latin-1 files interleaved, each batch cut within a chunk, as it reads them one by one', async () => {
    // Each file's decode rewrites the decoder's bytes: a reader resuming within its chunk must not read the other's.
    const docs = ['\u00e9', '\u00fc'].map((c, k) => {
      const rows = Array.from({ length: 12000 }, (_, i) => `${i},${c}${k}${i % 97},x${c}${i % 13}`);
      return [Buffer.from(`a,b,c\n${rows.join('\n')}\n`)].flatMap((b) => Array.from({ length: Math.ceil(b.length / 65536) }, (_, i) => b.subarray(i * 65536, (i + 1) * 65536)));
    });
    const alone = await Promise.all(docs.map((c) => trace(c, limitsOf(), OPTIONS[0], null)));
    const readers = docs.map((c) => readDelimitedBatches(Readable.from(c), limitsOf(), OPTIONS[0], undefined, csvSplitPass()!));
    const got: unknown[][] = [[], []];
    for (let done = [false, false]; !done[0] || !done[1]; ) {
      for (const k of [0, 1]) {
        if (done[k]) continue;
        const next = await readers[k].next();
        if (next.done) done[k] = true;
        else got[k].push(next.value.groups.map((g) => ({ texts: g.texts, locations: g.texts.map((_, i) => g.location(i)) })));
      }
    }
    expect(got[0].length).toBeGreaterThan(docs[0].length); // batches cut within chunks
    expect(got).toEqual(alone.map((batches) => batches.slice(0, -1).map((b) => (b as { groups: Array<{ texts: string[]; locations: unknown[] }> }).groups.map((g) => ({ texts: g.texts, locations: g.locations })))));
  });

  it('reads two files interleaved (the chunk and cell arrays are shared per thread) as it reads them one by one', async () => {
    const r = seededRandom(7);
    const docs = [documentOf(r, ','), documentOf(r, ',')].map((d) => chunksOf(r, d.repeat(20)));
    const alone = await Promise.all(docs.map((c) => trace(c, limitsOf(), OPTIONS[0], null)));
    const readers = docs.map((c) => readDelimitedBatches(Readable.from(c), limitsOf(), OPTIONS[0], undefined, csvSplitPass()!));
    const got: unknown[][] = [[], []];
    for (let done = [false, false]; !done[0] || !done[1]; ) {
      for (const k of [0, 1]) {
        if (done[k]) continue;
        const next = await readers[k].next();
        if (next.done) done[k] = true;
        else got[k].push(next.value.groups.map((g) => ({ texts: g.texts, locations: g.texts.map((_, i) => g.location(i)) })));
      }
    }
    expect(got).toEqual(alone.map((batches) => batches.slice(0, -1).map((b) => (b as { groups: Array<{ texts: string[]; locations: unknown[] }> }).groups.map((g) => ({ texts: g.texts, locations: g.locations })))));
  });

  it('reuses a released batch’s cell array for the next batch; the released batch’s groups can no longer be read', async () => {
    const doc = [Buffer.from(`h,i\n${'ab,"c d"\n'.repeat(8000)}`)];
    const expected = await trace(doc, limitsOf(), OPTIONS[0], null);
    const got: unknown[] = [];
    const buffers: ArrayBufferLike[] = [];
    let released: GroupedBatch | undefined;
    for await (const b of readDelimitedBatches(Readable.from(doc), limitsOf(), OPTIONS[0], undefined, csvSplitPass()!)) {
      buffers.push(b.groups[0].joined!()!.cells.buffer);
      got.push({ count: b.count, chars: b.chars, segments: b.segments, segmentOrders: b.segmentOrders, groups: b.groups.map((g) => ({ keywordContext: g.keywordContext, texts: g.texts, orders: g.orders, locations: g.texts.map((_, i) => g.location(i)) })) });
      // The first batch released twice (once counts), the second kept: the third must not share the second's array.
      if (buffers.length !== 2) b.release!();
      if (buffers.length === 1) b.release!();
      released ??= b;
    }
    got.push([]);
    expect(got).toEqual(expected);
    expect(buffers.length).toBeGreaterThan(3);
    expect([buffers[1] === buffers[0], buffers[2] === buffers[1], buffers[3] === buffers[2]]).toEqual([true, false, true]);
    const group = released!.groups[0];
    expect(() => group.location(0)).toThrow(/after its release/);
    expect(() => group.texts).toThrow(/after its release/);
    expect(() => group.joined!()).toThrow(/after its release/);
  });

  it('stops at a full cell array and goes on from there with the same cells', () => {
    const pass = csvSplitPass()!;
    const text = 'ab,"c d",,e\r\nf,g\n"h",i\rj\n';
    const units = new Uint16Array([...text].map((c) => c.charCodeAt(0)));
    const run = (cellsPerCall: number): number[][] => {
      const state = new Int32Array(Slot.Slots);
      Object.assign(state, { [Slot.Delimiter]: 0x2c, [Slot.Quoting]: 1, [Slot.MaxField]: 100, [Slot.MaxChars]: 1 << 16, [Slot.MaxCount]: 4096, [Slot.Row]: 2, [Slot.Column]: 1, [Slot.To]: units.length });
      const cells = new Int32Array(cellsPerCall * CELL_INTS);
      const found: number[][] = [];
      for (let i = 0; i < units.length; ) {
        state[Slot.From] = i;
        i = pass.split(units, state, cells);
        for (let k = 0; k < state[Slot.Cells]; k++) found.push([...cells.subarray(k * CELL_INTS, (k + 1) * CELL_INTS)]);
      }
      return found;
    };
    const whole = run(64);
    expect(whole.map(([s, e, row, column]) => [text.slice(s, e), row, column])).toEqual([
      ['ab', 2, 1], ['c d', 2, 2], ['e', 2, 4], ['f', 3, 1], ['g', 3, 2], ['h', 4, 1], ['i', 4, 2], ['j', 5, 1],
    ]);
    expect(run(1)).toEqual(whole);
  });

  it('rejects arrays and state it cannot take', () => {
    const pass = csvSplitPass()!;
    const state = (): Int32Array => {
      const s = new Int32Array(Slot.Slots);
      Object.assign(s, { [Slot.Delimiter]: 0x2c, [Slot.MaxField]: 16, [Slot.MaxChars]: 100, [Slot.MaxCount]: 100, [Slot.Row]: 2, [Slot.Column]: 1, [Slot.To]: 4 });
      return s;
    };
    const units = new Uint16Array([0x61, 0x2c, 0x62, 0x0a]); // a,b\n
    const cells = new Int32Array(16);
    expect(pass.split(units, state(), cells)).toBe(4);
    const bad: Array<[Slot, number]> = [[Slot.To, 5], [Slot.From, -1], [Slot.Row, 0], [Slot.Row, 2 ** 30], [Slot.Column, 2 ** 30], [Slot.Chars, -1], [Slot.Count, 2 ** 30], [Slot.MaxField, 0], [Slot.Delimiter, 0x10000]];
    for (const [slot, value] of bad) {
      const s = state();
      s[slot] = value;
      expect(() => pass.split(units, s, cells), `slot ${slot} = ${value}`).toThrow(RangeError);
    }
    expect(() => pass.split(units, new Int32Array(3), cells)).toThrow(TypeError);
    expect(() => pass.split(new Float64Array(4) as unknown as Uint16Array, state(), cells)).toThrow(TypeError);
    // Latin-1 units: the same cells; a delimiter must then fit a byte.
    const bytes = new Uint8Array(units);
    expect(pass.split(bytes, state(), cells)).toBe(4);
    const wideDelimiter = state();
    wideDelimiter[Slot.Delimiter] = 0x100;
    expect(() => pass.split(bytes, wideDelimiter, cells)).toThrow(RangeError);
  });
});

describe('CSV without the native pass', () => {
  it('reads the same cells with SIFT_NATIVE=0 semantics (no pass)', async () => {
    const doc = [Buffer.from('id,name\n1,"Doe, ""Jane"""\r\n2,Zo\u0142o\n')];
    const batches = (await trace(doc, limitsOf(), OPTIONS[0], null)) as Array<{ groups?: Array<{ texts: string[] }> }>;
    expect(batches.flatMap((b) => b.groups?.flatMap((g) => g.texts) ?? [])).toEqual(['1', '2', 'Doe, "Jane"', 'Zo\u0142o']); // column by column
  });
});
