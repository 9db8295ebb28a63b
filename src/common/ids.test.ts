import { describe, expect, it } from 'vitest';
import { randomIds, sequentialIds, UPPER_ALNUM } from './ids.js';

describe('ids', () => {
  it('draws characters only from the alphabet, at the asked length', () => {
    const s = randomIds.chars(40, UPPER_ALNUM);
    expect(s).toHaveLength(40);
    expect(/^[A-Z2-7]+$/.test(s)).toBe(true);
  });
  it('gives different uuids each call', () => {
    expect(randomIds.uuid()).not.toBe(randomIds.uuid());
  });
  it('sequential ids are predictable', () => {
    const a = sequentialIds();
    const b = sequentialIds();
    expect(a.hex(16)).toBe(b.hex(16));
    expect(a.hex(16)).toHaveLength(32);
  });
});
