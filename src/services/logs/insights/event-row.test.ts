// Fields read from a record's bytes (only the members the query names, nested objects walked for just the paths
// through them) are what a path walk over the fully parsed message gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventRow, fieldSlots, lookup, type GroupContext } from './event-row.js';

function rowOf(text: string, names: string[], whole: boolean): EventRow {
  const keys = new Set<string>();
  for (const n of names) {
    keys.add(n);
    const dot = n.indexOf('.');
    if (dot > 0) keys.add(n.slice(0, dot));
  }
  const group: GroupContext = { log: '1:g', groupName: 'g', jsonKeys: keys, fields: fieldSlots(keys, whole ? undefined : new Set(names)) };
  const buf = Buffer.from(`xx${text}`, 'utf8');
  return EventRow.fromBytes(group, 0, 0, 's', 1, buf, 2, buf.length);
}

const key = fc.constantFrom('a', 'b', 'c', 'a.b', 'é', '0');
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
})).v;

function withoutKey(obj: Record<string, unknown>, k: string): Record<string, unknown> {
  const copy = { ...obj };
  delete copy[k];
  return copy;
}

describe('EventRow JSON fields', () => {
  it('gives each dotted or plain name what a path walk over JSON.parse gives', () => {
    const name = fc.array(key, { minLength: 1, maxLength: 3 }).map((p) => p.join('.'));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), fc.boolean(), (obj, names, pretty) => {
        const text = JSON.stringify(obj, null, pretty ? 1 : undefined);
        const full = JSON.parse(text) as Record<string, unknown>;
        for (const whole of [false, true]) {
          const row = rowOf(text, names, whole);
          for (const n of names) {
            // A literal dotted key after its first part may be missed (json-fields.ts): then the path walk's answer.
            const expected = lookup(full, n);
            const got = row.get(n);
            if (n.includes('.') && Object.prototype.hasOwnProperty.call(full, n) && got !== expected) expect(got, `${n} in ${text}`).toEqual(lookup(withoutKey(full, n), n));
            else expect(got, `${n} in ${text}`).toEqual(expected);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a nested member without the rest of its object, and falls back to the whole value when needed', () => {
    const text = '{"eventType":"X","affectedResource":{"type":"S3_BUCKET_NAME","value":"bucket-1","extra":{"deep":[1,2]}},"list":[{"n":"m"}]}';
    const row = rowOf(text, ['affectedResource.value', 'affectedResource.extra.deep', 'list.0.n', 'eventType'], false);
    expect(row.get('affectedResource.value')).toBe('bucket-1');
    expect(row.get('affectedResource.extra.deep')).toBe('[1,2]');
    expect(row.get('list.0.n')).toBe('m');
    expect(row.get('affectedResource.type')).toBe('S3_BUCKET_NAME'); // not declared: read from the whole message
    const escaped = rowOf('{"affectedResource":{"val\\u0075e":"b2"}}', ['affectedResource.value'], false);
    expect(escaped.get('affectedResource.value')).toBe('b2');
    const notObject = rowOf('{"affectedResource":"plain"}', ['affectedResource.value'], false);
    expect(notObject.get('affectedResource.value')).toBeUndefined();
  });

  it('reads lazily: a walk stopped at the first name asked for goes on for the next, or before the bytes go', () => {
    const text = '{"a":"x","b":{"c":"y"},"d":"z"}';
    for (const freeze of [false, true]) {
      const row = rowOf(text, ['a', 'b.c', 'd'], false);
      expect(row.get('a')).toBe('x');
      if (freeze) row.freeze();
      expect(row.get('d')).toBe('z');
      expect(row.get('b.c')).toBe('y');
    }
    // A filter on the first member does not look at text after it (documented in json-fields.ts).
    const broken = rowOf('{"a":"x", broken', ['a', 'd'], false);
    expect(broken.get('a')).toBe('x');
    expect(broken.get('d')).toBeUndefined();
  });
});
