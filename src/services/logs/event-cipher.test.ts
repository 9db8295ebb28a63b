import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLEAR, eventCipher, UnreadableEventError } from './event-cipher.js';

const ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:app';
const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe('event cipher', () => {
  it('seals a message so its text is gone and opens it again', () => {
    const c = eventCipher(ARN, new Map([[1, k1]]), 1);
    const stored = c.seal('card 4111111111111111 ✓');
    expect(stored).not.toContain('4111');
    expect(stored.startsWith('\u0000K1:')).toBe(true);
    expect(c.open(stored)).toBe('card 4111111111111111 ✓');
    expect(c.seal('same')).not.toBe(c.seal('same')); // a fresh IV each time
  });

  it('opens events sealed under earlier data keys by their ref', () => {
    const old = eventCipher(ARN, new Map([[1, k1]]), 1).seal('old');
    const reader = eventCipher(ARN, new Map([[1, k1], [2, k2]]));
    expect(reader.open(old)).toBe('old');
    expect(reader.open(eventCipher(ARN, new Map([[2, k2]]), 2).seal('new'))).toBe('new');
  });

  it('refuses a sealed event from another group, with a wrong key, tampered or without its key', () => {
    const stored = eventCipher(ARN, new Map([[1, k1]]), 1).seal('x');
    expect(() => eventCipher(`${ARN}-other`, new Map([[1, k1]])).open(stored)).toThrow(UnreadableEventError);
    expect(() => eventCipher(ARN, new Map([[1, k2]])).open(stored)).toThrow(UnreadableEventError);
    const flipped = stored.slice(0, -4) + (stored.slice(-4, -3) === 'A' ? 'B' : 'A') + stored.slice(-3);
    expect(() => eventCipher(ARN, new Map([[1, k1]])).open(flipped)).toThrow(UnreadableEventError);
    expect(() => eventCipher(ARN, new Map()).open(stored)).toThrow(UnreadableEventError);
    expect(() => eventCipher(ARN, new Map([[1, k1]])).open('\u0000K1:AAAA')).toThrow(UnreadableEventError);
  });

  it('without a current key stores clear, escaping messages that could look sealed', () => {
    const c = eventCipher(ARN, new Map([[1, k1]]));
    expect(c.seal('plain')).toBe('plain');
    const tricky = '\u0000K1:not sealed';
    expect(c.seal(tricky)).not.toBe(tricky);
    expect(c.open(c.seal(tricky))).toBe(tricky);
    expect(c.open(c.seal('\u0000P'))).toBe('\u0000P');
  });

  it('CLEAR leaves messages as they are', () => {
    expect(CLEAR.seal('\u0000Kx')).toBe('\u0000Kx');
    expect(CLEAR.open('\u0000Kx')).toBe('\u0000Kx');
  });

  it('fuzz: any message round-trips; any stored text opens or fails with UnreadableEventError only', () => {
    const writer = eventCipher(ARN, new Map([[1, k1]]), 1);
    const clear = eventCipher(ARN, new Map([[1, k1]]));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (m) => {
        expect(writer.open(writer.seal(m))).toBe(m);
        expect(clear.open(clear.seal(m))).toBe(m);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }).map((x) => `\u0000K${x}`), fc.base64String({ maxLength: 120 }).map((x) => `\u0000K1:${x}`)), (stored) => {
        try {
          writer.open(stored);
        } catch (err) {
          expect(err).toBeInstanceOf(UnreadableEventError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
