import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';
import { readTsv } from './tsv.js';
import { collect, limits, streamOf } from './test-support.js';
import type { ClassificationReason } from './types.js';

describe('readCsv', () => {
  it('reports header cells as text and data cells with row, column and column name (RFC 4180 quoting)', async () => {
    const csv = 'id,"full name",ssn\r\n1,"Doe, ""Jane""",123-45-6789\r\n2,"multi\nline",\r\n3,,987-65-4321';
    const segments = await collect(readCsv(streamOf(csv, 5), limits()));
    expect(segments.slice(0, 3)).toEqual([
      { text: 'id', location: { kind: 'text', line: 1, column: 1 } },
      { text: 'full name', location: { kind: 'text', line: 1, column: 5 } },
      { text: 'ssn', location: { kind: 'text', line: 1, column: 16 } },
    ]);
    const cells = segments.slice(3);
    expect(cells).toContainEqual({ text: 'Doe, "Jane"', location: { kind: 'cell', row: 2, column: 2, columnName: 'full name' }, keywordContext: ['full name'] });
    expect(cells).toContainEqual({ text: '123-45-6789', location: { kind: 'cell', row: 2, column: 3, columnName: 'ssn' }, keywordContext: ['ssn'] });
    expect(cells).toContainEqual({ text: 'multi\nline', location: { kind: 'cell', row: 3, column: 2, columnName: 'full name' }, keywordContext: ['full name'] });
    expect(cells).toContainEqual({ text: '987-65-4321', location: { kind: 'cell', row: 4, column: 3, columnName: 'ssn' }, keywordContext: ['ssn'] });
    expect(cells.some((c) => c.text === '')).toBe(false);
  });

  it('hands on a huge field in pieces with the same cell location', async () => {
    const csv = `a,b\nx,${'z'.repeat(1000)}\n`;
    const segments = await collect(readCsv(streamOf(csv, 64), limits({ maxSegmentChars: 100 })));
    const pieces = segments.filter((s) => s.location.kind === 'cell' && s.location.column === 2);
    expect(pieces.length).toBe(10);
    // The pieces overlap (seams.ts); their own parts tile the value.
    expect(pieces.map((p) => p.text.slice(p.owned!.start, p.owned!.end)).join('')).toBe('z'.repeat(1000));
  });

  it('keeps column names up to 1 Mi characters of header: later columns have none (a single-line file stays bounded)', async () => {
    const n = 120_000; // names of 9 characters and a comma: 1.2 Mi characters
    const header = Array.from({ length: n }, (_, i) => `c${String(i).padStart(8, '0')}`).join(',');
    const csv = `${header}\nfirst${','.repeat(n - 1)}last\n`;
    const cells = (await collect(readCsv(streamOf(csv, 1 << 20), limits()))).filter((s) => s.location.kind === 'cell');
    expect(cells).toEqual([
      { text: 'first', location: { kind: 'cell', row: 2, column: 1, columnName: 'c00000000' }, keywordContext: ['c00000000'] },
      { text: 'last', location: { kind: 'cell', row: 2, column: n } },
    ]);
  });

  it('reads the same cells from chunks of Latin-1 codes and from chunks with a character above U+00FF', async () => {
    // Chunks whose characters are all at most U+00FF are parsed from their codes in a byte buffer, kept from chunk to
    // chunk; others from the string. A shorter chunk after a longer one must not see the longer one's bytes.
    const rows = (x: string): string => `id,name,"note"\n${Array.from({ length: 400 }, (_, i) => `${i},M${x}ller ${i},"q ""${i}"" ${'z'.repeat(i % 7)}"`).join('\r\n')}\n"open`;
    for (const x of ['u', '\u00fc', '\u0142']) {
      const text = rows(x);
      const whole = await collect(readCsv(streamOf(text, 1 << 20), limits()));
      expect(whole.filter((s) => s.location.kind === 'cell').length).toBe(3 * 400 + 1);
      for (const size of [3, 64, 1000]) expect(await collect(readCsv(streamOf(text, size), limits())), `${x} in chunks of ${size}`).toEqual(whole);
      expect(whole.map((s) => s.text.replace(x, 'u'))).toEqual((await collect(readCsv(streamOf(rows('u'), 1 << 20), limits()))).map((s) => s.text));
    }
  });

  it('reports an unterminated quote as a partial parse', async () => {
    const issues: ClassificationReason[] = [];
    await collect(readCsv(streamOf('a\n"never closed\n'), limits(), { partial: (r) => issues.push(r) }));
    expect(issues).toEqual(['UNABLE_TO_PARSE_FILE']);
  });
});

describe('readTsv', () => {
  it('splits on tabs and takes quotes literally', async () => {
    const segments = await collect(readTsv(streamOf('name\tnote\nBob\t"quoted\tx\n'), limits()));
    expect(segments.slice(2)).toEqual([
      { text: 'Bob', location: { kind: 'cell', row: 2, column: 1, columnName: 'name' }, keywordContext: ['name'] },
      { text: '"quoted', location: { kind: 'cell', row: 2, column: 2, columnName: 'note' }, keywordContext: ['note'] },
      { text: 'x', location: { kind: 'cell', row: 2, column: 3 } },
    ]);
  });
});
