import { describe, expect, it } from 'vitest';
import { isJsonNumber, JsonSyntaxError, JsonTokenizer, type JsonEvent } from './json-tokenizer.js';

const current = (t: JsonTokenizer, count: number): JsonEvent[] => t.events.slice(0, count).map((e) => ({ ...e }));

describe('JsonTokenizer', () => {
  it('reports each push as a count of its reused event records', () => {
    const t = new JsonTokenizer(1 << 20, 64);
    const n1 = t.push('{"a": "x", "b": 12');
    expect(current(t, n1).map((e) => [e.type, e.type === 'string' || e.type === 'number' ? e.text : ''])).toEqual([['start', ''], ['string', 'a'], ['string', 'x'], ['string', 'b']]);
    const records = t.events.slice(0, n1);
    const n2 = t.push('}\n');
    expect(current(t, n2).map((e) => e.type)).toEqual(['number', 'end', 'value-end']);
    // The same objects again: no object per token, and the array kept (not truncated and regrown per push).
    expect(t.events.slice(0, n2)).toEqual(records.slice(0, n2));
    t.events.slice(0, n2).forEach((e, i) => expect(e).toBe(records[i]));
    expect(t.end()).toBe(0);
  });

  it('hands a syntax error the events before it as copies that outlive the next push', () => {
    const t = new JsonTokenizer(1 << 20, 64);
    let err: JsonSyntaxError | undefined;
    try {
      t.push('["kept", 7, }');
    } catch (e) {
      err = e as JsonSyntaxError;
    }
    expect(err).toBeInstanceOf(JsonSyntaxError);
    const completed = err!.completed.map((e) => ({ ...e }));
    expect(completed.map((e) => e.type)).toEqual(['start', 'string', 'number']);
    t.reset();
    t.push('{"other": "values", "overwrite": "the records"}');
    expect(err!.completed).toEqual(completed);
  });
});

/** Every event of `parts` pushed one after the other, then end (copies, with the error that stopped it if any). */
function eventsOf(push: (t: JsonTokenizer) => number[], maxPiece = 1 << 20): unknown[] {
  const t = new JsonTokenizer(maxPiece, 64);
  const out: unknown[] = [];
  try {
    for (const count of push(t)) out.push(...current(t, count));
    out.push(...current(t, t.end()));
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    out.push(...e.completed, e.message);
  }
  return out;
}

describe('JsonTokenizer in place', () => {
  // Quotes, backslashes and newlines past a part's end must not be seen from inside it; numbers and literals cut by
  // it continue in the next part.
  const docs = [
    '{"a": "x\\"y", "b": [1, -2.5e+3, true, null], "c": "d"}\n["e\\n", "f"]\n',
    '"abc" "de\\u00e9f" 12 false "x\ny"',
    '{"k": "v", "n": 01}',
    '["ab", "c\\\\", 1.e2]',
  ];
  it('reads chunk[from, to) as it reads the same text sliced, wherever the parts are cut', () => {
    for (const doc of docs) {
      for (const maxPiece of [1 << 20, 3]) {
        for (let cut = 0; cut <= doc.length; cut++) {
          const sliced = eventsOf((t) => [t.push(doc.slice(0, cut)), t.push(doc.slice(cut))], maxPiece);
          const inPlace = eventsOf((t) => [t.push(doc, 0, cut), t.push(doc, cut, doc.length)], maxPiece);
          expect(inPlace, `${JSON.stringify(doc)} cut at ${cut}`).toEqual(sliced);
        }
      }
    }
  });

  it('checks numbers by hand exactly as the JSON grammar does', () => {
    const grammar = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
    const tokens = ['0', '-0', '01', '1', '-', '1.', '1.5', '.5', '1e5', '1E+5', '1e-', '1e', '-1.25e-10', '12a', '1..2', '1e5.5', '00', '-01', '9'];
    for (const tok of tokens) {
      const t = new JsonTokenizer(1 << 20, 64);
      let ok = true;
      try {
        t.push(`[${tok}]`);
        t.end();
      } catch {
        ok = false;
      }
      expect(ok, tok).toBe(grammar.test(tok));
      expect(isJsonNumber(tok, 0, tok.length), tok).toBe(grammar.test(tok));
    }
  });
});
