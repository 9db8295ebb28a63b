import { describe, it, expect } from 'vitest';
import { usItin } from './us-itin.js';

describe('usItin', () => {
  it('requires 9xx and a valid group', () => {
    expect(usItin('912-70-1234')).toBe(true);
    expect(usItin('912-93-1234')).toBe(false);
    expect(usItin('812-70-1234')).toBe(false);
  });
});
