// Issue 10, finding 4, as a user meets it: an SSN at bytes 1,048,566–1,048,576 of one long line (across the 1 MiB
// read boundary) is found once by `sift scan`, at its exact column, and the file is COMPLETE.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sift } from '../sift-cli.js';

let dir: string;
const START = 1_048_566;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-seam-'));
  const keyword = ' SSN: ';
  writeFileSync(join(dir, 'long.log'), 'x'.repeat(START - keyword.length) + keyword + '536-22-8726 ' + 'y'.repeat(4096) + '\nend\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sift scan across the 1 MiB read boundary', () => {
  it('finds the SSN once at its column, and the file is COMPLETE', { timeout: 120_000 }, async () => {
    const res = await sift(['scan', '--json', '--identifiers', 'USA_SOCIAL_SECURITY_NUMBER', dir]);
    expect(res.code, res.stderr).toBe(1);
    const [record] = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(record.classificationDetails.result.status.code).toBe('COMPLETE');
    const detections = record.classificationDetails.result.sensitiveData.flatMap((c: { detections: unknown[] }) => c.detections);
    expect(detections).toEqual([expect.objectContaining({ type: 'USA_SOCIAL_SECURITY_NUMBER', count: 1 })]);
    expect(detections[0].occurrences.lineRanges).toEqual([{ start: 1, end: 1, startColumn: START + 1 }]);
  });
});
