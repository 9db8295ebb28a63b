// docs/compatibility.md is generated from the code's registrations: this fails when a service, an operation or a known
// difference changed and the page was not regenerated.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPATIBILITY_DOC, REGENERATE_COMMAND, renderCompatibility } from '../scripts/compatibility/render.js';

describe('docs/compatibility.md', () => {
  it('matches what the code registers', async () => {
    const expected = await renderCompatibility();
    const actual = existsSync(COMPATIBILITY_DOC) ? readFileSync(COMPATIBILITY_DOC, 'utf8') : '';
    const stale = `docs/compatibility.md is stale: run \`${REGENERATE_COMMAND}\` in the repository root and commit docs/compatibility.md.`;
    expect(actual === expected, stale).toBe(true);
  });

  it('marks an operation with no provider method NotImplemented', async () => {
    const doc = await renderCompatibility();
    // S3's WriteGetObjectResponse (S3 Object Lambda) has no provider method in Sift.
    expect(doc).toMatch(/\| WriteGetObjectResponse \| NotImplemented \|/);
    expect(doc).toMatch(/\| GetObject \| implemented \|/);
  });
});
