// Reading only the wanted JSON members agrees with a full JSON.parse, for any object and any key selection, and
// falls back to the full parse (or nothing) on text that is not one JSON object.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldReader, jsonFields, jsonFieldsFromBytes } from './json-fields.js';

describe('jsonFields', () => {
  it('gives the wanted members exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), fc.boolean(), (obj, extra, pretty) => {
        const text = JSON.stringify(obj, null, pretty ? 2 : undefined);
        const full = JSON.parse(text) as Record<string, unknown>;
        const keys = Object.keys(obj);
        const wanted = new Set([...keys.filter((_, i) => i % 2 === 0), ...extra]);
        const fromBytes = jsonFieldsFromBytes(Buffer.from(`  ${text} `, 'utf8'), 2, Buffer.byteLength(text) + 3, new FieldReader(wanted));
        for (const got of [jsonFields(text, wanted)!, ...(fromBytes === 'text' ? [] : [fromBytes!])]) {
          for (const k of wanted) {
            const has = Object.prototype.hasOwnProperty.call(got, k);
            // A literal dotted key may be left unread once every dotless key was found (json-fields.ts).
            if (k.includes('.') && !has) continue;
            if (Object.prototype.hasOwnProperty.call(full, k)) expect(got[k]).toEqual(full[k]);
            else expect(has).toBe(false);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads nothing from text that is not a JSON object, and whole objects without a key list', () => {
    for (const t of ['', 'plain', '[1,2]', '{"a":', '{"a" 1}', '{a:1}', '{"b":1} trailing']) expect(jsonFields(t, new Set(['a'])), t).toBeUndefined();
    // Once every wanted key has been read the rest of the message is not looked at (the cost of reading less).
    expect(jsonFields('{"a":1, broken', new Set(['a']))).toEqual({ a: 1 });
    expect(jsonFields(' {"a":{"b":[1,"x\\"y"]},"c":2}', undefined)).toEqual({ a: { b: [1, 'x"y'] }, c: 2 });
    expect(jsonFields('{"k\\u0041":"v\\n","a":{"b":"}"},"z":true}', new Set(['kA', 'a']))).toEqual({ kA: 'v\n', a: { b: '}' } });
  });
});
