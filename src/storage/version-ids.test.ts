import { describe, expect, it } from 'vitest';
import { checkVersionId, newVersionId } from './versions.js';

describe('version ids', () => {
  it('are 32 URL-safe characters that never start with - or _ (the aws CLI would read a leading - as an option)', () => {
    const ids = Array.from({ length: 5000 }, () => newVersionId());
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{31}$/);
      expect(() => checkVersionId(id)).not.toThrow();
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
