import { describe, it, expect } from 'vitest';
import { abaRouting } from './aba-routing.js';

describe('abaRouting', () => {
  it('accepts real routing numbers and rejects checksum or prefix failures', () => {
    expect(abaRouting('011000015')).toBe(true);
    expect(abaRouting('021000021')).toBe(true);
    expect(abaRouting('021000022')).toBe(false);
    expect(abaRouting('991000015')).toBe(false);
    expect(abaRouting('000000000')).toBe(false);
  });
});
