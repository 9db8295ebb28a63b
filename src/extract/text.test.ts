import { describe, expect, it } from 'vitest';
import { readText } from './text.js';
import { collect, limits, streamOf } from './test-support.js';

/** Where `needle` sits according to the segments: the 1-based line and column of its first character. */
function locate(segments: Awaited<ReturnType<typeof collect>>, needle: string): { line: number; column: number } | undefined {
  for (const s of segments) {
    const at = s.text.indexOf(needle);
    if (at === -1 || s.location.kind !== 'text') continue;
    const before = s.text.slice(0, at);
    const newlines = before.split('\n').length - 1;
    const line = s.location.line + newlines;
    const column = newlines === 0 ? s.location.column + at : at - before.lastIndexOf('\n');
    return { line, column };
  }
  return undefined;
}

describe('readText', () => {
  it('yields whole lines with the line and column of their first character', async () => {
    const text = 'alpha\nbeta gamma\r\n\n  delta SECRET here\nlast';
    const segments = await collect(readText(streamOf(text), limits()));
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(locate(segments, 'SECRET')).toEqual({ line: 4, column: 9 });
    expect(segments[0].location).toEqual({ kind: 'text', line: 1, column: 1 });
  });

  it('cuts segments at line boundaries when they pass maxSegmentChars, keeping positions exact', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i + 1} value${i + 1}`);
    const segments = await collect(readText(streamOf(lines.join('\n'), 13), limits({ maxSegmentChars: 64 })));
    expect(segments.length).toBeGreaterThan(10);
    // Each segment's own part ends at a line end; the text past it is the next segment's (the seam's lookahead).
    for (const s of segments.slice(0, -1)) expect(s.text[s.owned!.end - 1]).toBe('\n');
    expect(locate(segments, 'value137')).toEqual({ line: 137, column: 10 });
  });

  it('splits a line longer than maxLineBytes into pieces whose columns continue', async () => {
    const line = 'x'.repeat(1000) + 'NEEDLE' + 'y'.repeat(500);
    const segments = await collect(readText(streamOf(`first\n${line}\n`, 100), limits({ maxLineBytes: 128, maxSegmentChars: 4096, seamContextChars: 16, seamLookaheadChars: 32 })));
    expect(Math.max(...segments.map((s) => s.owned!.end - s.owned!.start))).toBeLessThanOrEqual(128);
    expect(Math.max(...segments.map((s) => s.text.length))).toBeLessThanOrEqual(16 + 128 + 32);
    const piece = segments.find((s) => s.text.includes('NEEDLE'));
    expect(piece).toBeDefined();
    expect(locate(segments, 'NEEDLE')).toEqual({ line: 2, column: 1001 });
  });

  it('decodes UTF-16 LE and BE with a BOM, and UTF-8 with a BOM', async () => {
    const body = 'héllo\nwörld NEEDLE';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
    const be = Buffer.from(le);
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]);
    for (const bytes of [le, be, utf8]) {
      const segments = await collect(readText(streamOf(bytes, 3), limits()));
      expect(segments.map((s) => s.text).join('')).toBe(body);
      expect(locate(segments, 'NEEDLE')).toEqual({ line: 2, column: 7 });
    }
  });
});
