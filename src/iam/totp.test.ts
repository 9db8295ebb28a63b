import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchStep, totp } from './totp.js';

describe('TOTP (RFC 6238 / RFC 4226)', () => {
  // RFC 4226 Appendix D: secret "12345678901234567890", counters 0..9.
  const secret = Buffer.from('12345678901234567890');
  it('matches the RFC 4226 HOTP test values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, i) => expect(hotp(secret, i)).toBe(code));
  });
  it('matches the RFC 6238 SHA-1 test vectors (8 digits, truncated to AWS 6)', () => {
    // RFC 6238 Appendix B: T=59 → 94287082, T=1111111109 → 07081804, T=2000000000 → 69279037.
    const b32 = base32Encode(secret);
    expect(totp(b32, 59_000)).toBe('287082');
    expect(totp(b32, 1_111_111_109_000)).toBe('081804');
    expect(totp(b32, 2_000_000_000_000)).toBe('279037');
  });
  it('base32 round-trips and a code is found only within the window', () => {
    expect(base32Decode(base32Encode(secret)).equals(secret)).toBe(true);
    const b32 = base32Encode(secret);
    const now = 1_700_000_000_000;
    expect(matchStep(b32, totp(b32, now - 30_000), now)).toBe(Math.floor(now / 30_000) - 1);
    expect(matchStep(b32, totp(b32, now - 90_000), now)).toBeUndefined();
    expect(matchStep(b32, '000000', now) === undefined || totp(b32, now) === '000000').toBe(true);
  });
});
