import { describe, it, expect } from 'vitest';
import { ukNino } from './uk-nino.js';

describe('ukNino', () => {
  it('applies the HMRC prefix rules', () => {
    expect(ukNino('AB 12 34 56 C')).toBe(true);
    expect(ukNino('QQ123456C')).toBe(false); // Q is never a first letter: the documented example
    expect(ukNino('GB123456A')).toBe(false);
    expect(ukNino('AO123456A')).toBe(false);
    expect(ukNino('AB123456E')).toBe(false);
    expect(ukNino('AB000000A')).toBe(false);
  });
});
