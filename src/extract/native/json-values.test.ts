// String values and numbers interned by the native structural pass (json-structure.c, scan's `values`): an ASCII value
// of at most 16 characters comes as NAMED_STRING / NAMED_NUMBER + its id from a table of its own, the same id for the
// same text whichever token it was, until the table is full; anything else is a plain (or wide) value event.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/seeded-random.js';
import { JsonTokenizer, type JsonSink } from '../json-tokenizer.js';
import { jsonStructurePass } from './json-structure.js';

const STRING = 5;
const NUMBER = 6;
const STRING_WIDE = 12;
const NAMED_KEY = 32;
const NAMED_STRING = 1024;
const NAMED_NUMBER = 2048;
const MAX_IDS = 512;

type ValueEvent = [kind: 'string' | 'number' | 'wide' | 'key', text: string, id: number];

/** The value (and key) events of `doc` read in one native call. */
function eventsOf(doc: string, bytes: boolean, names: Int32Array | undefined, values?: Int32Array): ValueEvent[] {
  const pass = jsonStructurePass()!;
  const units = bytes ? Buffer.from(doc, 'utf8') : new Uint16Array(Array.from(doc, (c) => c.charCodeAt(0)));
  const state = new Int32Array(9);
  state[4] = 64; // MaxDepth
  state[5] = 1 << 20; // MaxPiece
  state[7] = units.length; // To
  const events = new Int32Array(4 * 4096);
  const args = [units, state, new Uint8Array(64), events] as const;
  expect(values ? pass.scan(...args, names, values) : names ? pass.scan(...args, names) : pass.scan(...args)).toBe(units.length);
  const out: ValueEvent[] = [];
  for (let k = 0; k < state[8] * 4; k += 4) {
    const kind = events[k];
    const text = bytes ? (units as Buffer).toString('utf8', events[k + 1], events[k + 2]) : doc.slice(events[k + 1], events[k + 2]);
    if (kind === STRING) out.push(['string', text, -1]);
    else if (kind === NUMBER) out.push(['number', text, -1]);
    else if (kind === STRING_WIDE) out.push(['wide', text, -1]);
    else if (kind >= NAMED_NUMBER) out.push(['number', text, kind - NAMED_NUMBER]);
    else if (kind >= NAMED_STRING) out.push(['string', text, kind - NAMED_STRING]);
    else if (kind >= NAMED_KEY) out.push(['key', text, kind - NAMED_KEY]);
  }
  return out;
}

const tableOf = (): Int32Array => new Int32Array(jsonStructurePass()!.namesInts);

describe.runIf(jsonStructurePass() !== undefined)('values interned by the native pass', () => {
  it('gives a string value and a number of one text one id, from a table of their own, in bytes and UTF-16', () => {
    const names = tableOf();
    const values = tableOf();
    expect(eventsOf('{"a": "ok", "b": [3, "3", -2.5e3, "ok", true, null], "ok": ""}', true, names, values)).toEqual([
      ['key', 'a', 0], ['string', 'ok', 0], ['key', 'b', 1], ['number', '3', 1], ['string', '3', 1], ['number', '-2.5e3', 2],
      ['string', 'ok', 0], ['key', 'ok', 2], ['string', '', 3],
    ]);
    // UTF-16: the same ids; not ASCII or longer than 16: plain (in bytes, a wide string event).
    const long = 'v'.repeat(17);
    expect(eventsOf(`["ok", 3, "caf\u00e9", "${long}", "${'v'.repeat(16)}", 12345678901234567]`, false, undefined, values)).toEqual([
      ['string', 'ok', 0], ['number', '3', 1], ['string', 'caf\u00e9', -1], ['string', long, -1], ['string', 'v'.repeat(16), 4],
      ['number', '12345678901234567', -1],
    ]);
    expect(eventsOf('["caf\u00e9"]', true, names, values)).toEqual([['wide', 'caf\u00e9', -1]]);
    // Without a value table (or without either), plain value events as before.
    expect(eventsOf('{"a": "ok", "b": 3}', true, names)).toEqual([['key', 'a', 0], ['string', 'ok', -1], ['key', 'b', 1], ['number', '3', -1]]);
    expect(eventsOf('["ok", 3]', false, undefined)).toEqual([['string', 'ok', -1], ['number', '3', -1]]);
  });

  it('tells apart values of every length to 16 that differ in their last character, and gives none once the table is full', () => {
    for (const bytes of [true, false]) {
      const values = tableOf();
      const texts = Array.from({ length: 17 }, (_, n) => ['a', 'b'].map((last) => 'x'.repeat(n) + last).map((t) => t.slice(Math.min(1, n === 0 ? 1 : 0)))).flat();
      const seen = new Map<string, number>();
      for (const [, text, id] of eventsOf(JSON.stringify(texts) + JSON.stringify(texts), bytes, undefined, values)) {
        if (text.length > 16) expect(id).toBe(-1);
        else {
          expect(id).toBeGreaterThanOrEqual(0);
          expect(seen.get(text) ?? id).toBe(id);
          seen.set(text, id);
        }
      }
      expect(new Set(seen.values()).size).toBe(seen.size);
      // Numbers fill the rest of the table; past MAX_IDS distinct texts, no id, the ones given kept.
      const numbers = Array.from({ length: MAX_IDS + 50 }, (_, i) => i);
      const got = eventsOf(JSON.stringify(numbers), bytes, undefined, values);
      const withId = got.filter(([, , id]) => id >= 0);
      expect(withId.length).toBe(MAX_IDS - seen.size);
      expect(got.slice(withId.length).every(([, , id]) => id === -1)).toBe(true);
      expect(eventsOf(JSON.stringify(texts.filter((t) => t.length <= 16)), bytes, undefined, values).map(([, t, id]) => [t, id])).toEqual(
        texts.filter((t) => t.length <= 16).map((t) => [t, seen.get(t)]),
      );
    }
  });

  it('rejects a value table of the wrong type or length', () => {
    const pass = jsonStructurePass()!;
    const state = new Int32Array(9);
    [state[4], state[5], state[7]] = [64, 64, 2];
    const args = [new Uint8Array(4), state, new Uint8Array(4), new Int32Array(64)] as const;
    expect(() => pass.scan(...args, tableOf(), new Int32Array(pass.namesInts - 1))).toThrow(TypeError);
    expect(() => pass.scan(...args, tableOf(), new Uint32Array(pass.namesInts) as unknown as Int32Array)).toThrow(TypeError);
  });

  it('hands the tokenizer’s sink one text per value id on random values in random parts, bytes and UTF-16 mixed', () => {
    const r = seededRandom(20261208);
    const pool = ['"ok"', '"gold"', '3', '"3"', '-0.5', '"a\\"b"', '"caf\u00e9"', `"${'y'.repeat(40)}"`, '""', 'true', '12', '"12"'];
    const textOf = new Map<number, string>();
    let named = 0;
    const check = (chunk: string, from: number, to: number, id: number): void => {
      if (id < 0) return;
      named++;
      const text = chunk.slice(from, to);
      expect(textOf.get(id) ?? text).toBe(text);
      textOf.set(id, text);
    };
    const sink: JsonSink = {
      start() {},
      end() {},
      string() {},
      key() {},
      number() {},
      literal() {},
      valueEnd() {},
      stringAt: (chunk, from, to, _line, id) => check(chunk, from, to, id),
      numberAt: (chunk, from, to, _line, id) => check(chunk, from, to, id),
    };
    const t = new JsonTokenizer(1 << 20, 64, sink);
    for (let n = 0; n < 300; n++) {
      const doc = Array.from({ length: 20 }, () => `{"k": [${Array.from({ length: 1 + Math.floor(r() * 5) }, () => pool[Math.floor(r() * pool.length)]).join(',')}]}`).join('\n') + '\n';
      if (r() < 0.5) t.push(doc);
      else {
        const bytes = Buffer.from(doc, 'utf8');
        const cut = Buffer.byteLength(doc.slice(0, doc.lastIndexOf('\n', doc.length >> 1) + 1));
        const latin1 = bytes.toString('latin1');
        t.push(latin1, 0, cut, bytes);
        t.push(latin1, cut, bytes.length, bytes);
      }
    }
    expect(named).toBeGreaterThan(1000);
    expect(new Set(textOf.values()).size).toBe(textOf.size);
  });
});
