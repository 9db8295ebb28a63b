// bytes.ts: the peeked stream and byteChunks, which hands a stream already yielding non-empty Uint8Arrays on as it is
// (issue 12: each async generator layer is a promise round trip per chunk on every file's path).
import { describe, expect, it } from 'vitest';
import { byteChunks, bytesOf, nonEmptyBytes, peekHead } from './bytes.js';
import { extractBatches } from './extract.js';
import { defaultScanLimits } from '../common/limits.js';

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) yield p;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const c of source) out.push([...c]);
  return out;
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe('byteChunks', () => {
  it('hands a stream marked as yielding non-empty bytes on as it is', () => {
    const marked = nonEmptyBytes((async function* () {
      yield bytes(1);
    })());
    expect(byteChunks(marked)).toBe(marked);
  });

  it('reads any other stream through bytesOf: strings encoded, empty chunks dropped', async () => {
    const source = chunks('a', new Uint8Array(0), bytes(0xff), '', 'é');
    const normalized = byteChunks(source);
    expect(normalized).not.toBe(source);
    expect(await collect(normalized)).toEqual(await collect(bytesOf(chunks('a', new Uint8Array(0), bytes(0xff), '', 'é'))));
    expect(await collect(byteChunks(chunks('a', new Uint8Array(0), 'é')))).toEqual([[0x61], [0xc3, 0xa9]]);
  });
});

describe('peekHead', () => {
  it('gives the head, a marked stream of every byte in non-empty chunks, and how many bytes it has yielded', async () => {
    const { head, stream, yielded } = await peekHead(chunks(bytes(1, 2), new Uint8Array(0), 'AB', bytes(3)), 3);
    expect([...head]).toEqual([1, 2, 0x41]);
    expect(byteChunks(stream)).toBe(stream);
    expect(yielded()).toBe(0); // peeking takes nothing from the stream
    const seen: number[] = [];
    for await (const c of stream) {
      expect(c.length).toBeGreaterThan(0);
      seen.push(...c);
      expect(yielded()).toBe(seen.length);
    }
    expect(seen).toEqual([1, 2, 0x41, 0x42, 3]);
  });
});

describe('extractBatches over strings and empty chunks', () => {
  it('reads the bytes a source gives, however it cuts them, and reports them all as read', async () => {
    const text = 'line one\nssn 536-90-4399\nlast line';
    const run = async (source: AsyncIterable<string | Uint8Array>) => {
      const texts: string[] = [];
      let bytesRead = -1;
      for await (const e of extractBatches({ name: 'a.log', stream: source }, defaultScanLimits)) {
        if (e.type === 'segments') texts.push(...e.segments.map((s) => s.text));
        if (e.type === 'file-end') bytesRead = e.bytesRead;
      }
      return { texts: texts.join(''), bytesRead };
    };
    const whole = await run(chunks(new TextEncoder().encode(text)));
    expect(whole).toEqual({ texts: text, bytesRead: text.length });
    expect(await run(chunks('', text.slice(0, 5), new Uint8Array(0), new TextEncoder().encode(text.slice(5)), ''))).toEqual(whole);
  });
});
