import { describe, it, expect } from 'vitest';
import { usSsn } from './us-ssn.js';

describe('usSsn', () => {
  it('rejects invalid areas, groups and serials', () => {
    expect(usSsn('536-22-8726')).toBe(true);
    for (const bad of ['000-12-3456', '666-12-3456', '900-12-3456', '536-00-8726', '536-22-0000', '078-05-1120'])
      expect(usSsn(bad)).toBe(false);
  });
});
