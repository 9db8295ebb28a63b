import { describe, it, expect } from 'vitest';
import { ukNhs } from './uk-nhs.js';

describe('ukNhs', () => {
  it('checks the mod-11 digit', () => {
    expect(ukNhs('943 476 5919')).toBe(true);
    expect(ukNhs('4010232137')).toBe(true);
    expect(ukNhs('9434765918')).toBe(false);
    expect(ukNhs('1111111111')).toBe(false);
  });
});
