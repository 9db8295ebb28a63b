// The interner answers exactly what decoding the bytes answers, whatever was seen before (collisions, lengths, UTF-8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringInterner } from './string-interner.js';

describe('StringInterner', () => {
  it('decodes any byte run as Buffer#toString does, across repeats and slot collisions', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('JOB_CREATED', 'BUCKET_ACCESS_DENIED', 'é', '')), { maxLength: 60 }), (values) => {
        const interner = new StringInterner();
        const buf = Buffer.from(`x${values.join('')}y`, 'utf8');
        for (let round = 0; round < 2; round++) {
          let at = 1;
          for (const v of values) {
            const len = Buffer.byteLength(v);
            expect(interner.decode(buf, at, at + len)).toBe(buf.toString('utf8', at, at + len));
            at += len;
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the remembered string for equal bytes at another place', () => {
    const interner = new StringInterner();
    const b = Buffer.from('BUCKET_ACCESS_DENIED|BUCKET_ACCESS_DENIED|BUCKET_ACCESS_DENIEX');
    const first = interner.decode(b, 0, 20);
    expect(interner.decode(b, 21, 41)).toBe(first);
    expect(interner.decode(b, 42, 62)).toBe('BUCKET_ACCESS_DENIEX');
  });
});
