import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, JsonTokenizer, type JsonEvent } from './json-tokenizer.js';

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
