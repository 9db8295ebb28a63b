import { describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { deriveSigningKey, sign, signHex } from './canonical.js';

// sign() computes HMAC-SHA256 from its definition with padded key blocks kept per key: it must equal Node's Hmac for
// every key length (including the 64-byte block edge and longer keys) and message, and a key's blocks must never
// serve another key.
describe('sign (HMAC-SHA256)', () => {
  it('equals createHmac for any key and message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 300 }), (key, message) => {
        const expected = createHmac('sha256', key).update(message, 'utf8').digest();
        expect(sign(key, message).equals(expected)).toBe(true);
        expect(signHex(key, message)).toBe(expected.toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });
  it('equals createHmac at the block edges of the key length', () => {
    for (const n of [0, 1, 32, 63, 64, 65, 128]) {
      const key = randomBytes(n);
      for (const m of ['', 'a', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'é'.repeat(40)]) {
        expect(sign(key, m).equals(createHmac('sha256', key).update(m, 'utf8').digest())).toBe(true);
      }
    }
  });
  it('keeps each key apart, and the same key object gives the same answer on reuse', () => {
    const a = randomBytes(32);
    const b = Buffer.from(a);
    b[0] = b[0]! ^ 1;
    for (let i = 0; i < 3; i++) {
      expect(sign(a, 'x').equals(createHmac('sha256', a).update('x').digest())).toBe(true);
      expect(sign(b, 'x').equals(createHmac('sha256', b).update('x').digest())).toBe(true);
      // Interleaved messages of different lengths through the shared outer buffer.
      expect(sign(a, 'y'.repeat(200 + i)).equals(createHmac('sha256', a).update('y'.repeat(200 + i)).digest())).toBe(true);
    }
  });
  it('signs with the cached derived key as with a freshly derived one', () => {
    const key = deriveSigningKey('secret', '20261206', 'us-east-1', 'macie2');
    const k1 = createHmac('sha256', `AWS4secret`).update('20261206').digest();
    const k2 = createHmac('sha256', k1).update('us-east-1').digest();
    const k3 = createHmac('sha256', k2).update('macie2').digest();
    const k4 = createHmac('sha256', k3).update('aws4_request').digest();
    expect(key.equals(k4)).toBe(true);
    expect(sign(key, 'AWS4-HMAC-SHA256\n…').equals(createHmac('sha256', k4).update('AWS4-HMAC-SHA256\n…').digest())).toBe(true);
  });
});
