// Issue 4: `sift scan` on a mixed folder, as a user runs it: exit codes, the JSON Lines discovery results with exact
// locations, archives recursed into, and no hard negatives.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sift } from '../sift-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-scan-'));
  mkdirSync(join(dir, 'exports'));
  mkdirSync(join(dir, 'clean'));
  writeFileSync(join(dir, 'exports', 'customers.csv'), 'id,name,credit card number\n1,Ann,4556 7375 8689 9855\n2,Bo,4111 1111 1111 1112\n');
  writeFileSync(join(dir, 'exports', 'payload.json'), JSON.stringify({ records: [{ ssn: '536-90-4399' }, { ssn: 'n/a' }] }));
  const log = 'start\nuser login ok\naws_secret_access_key = Zx9f8G7h6J5k4L3m2N1b0VcXzAsDfGhJkLqWeRtY aws_access_key_id AKIAQWERTYUIOPASDFGH\n';
  writeFileSync(join(dir, 'exports', 'app.log.gz'), gzipSync(log));
  writeFileSync(join(dir, 'exports', 'bundle.zip'), zipSync({ 'inner/people.csv': strToU8('name,ssn\nCy,536-90-4399\n') }));
  // Hard negatives: Luhn failures, UUIDs, hashes, timestamps, versions, AWS's documented example keys, invalid SSN areas.
  writeFileSync(
    join(dir, 'clean', 'noise.log'),
    [
      'order 4556737586899856 total 12.00',
      'request 123e4567-e89b-12d3-a456-426614174000',
      'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'at 2026-11-25T12:00:00.123Z version 10.2.3.4',
      'aws_access_key_id AKIAIOSFODNN7EXAMPLE aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'ssn 000-12-3456 ssn 666-12-3456 ssn 900-12-3456',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sift scan', () => {
  it('finds each planted value at its exact place and exits 1', { timeout: 120_000 }, async () => {
    const res = await sift(['scan', '--json', join(dir, 'exports')]);
    expect(res.code, res.stderr).toBe(1);
    const records = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const byKey = (suffix: string) => records.filter((r) => String(r.resourcesAffected.s3Object.key).endsWith(suffix));
    const detections = (r: any) => r.classificationDetails.result.sensitiveData.flatMap((c: any) => c.detections);

    const csv = detections(byKey('customers.csv')[0]);
    expect(csv).toEqual([expect.objectContaining({ type: 'CREDIT_CARD_NUMBER', count: 1 })]);
    expect(csv[0].occurrences.cells).toEqual([expect.objectContaining({ row: 2, column: 3, columnName: 'credit card number' })]);

    const json = detections(byKey('payload.json')[0]);
    expect(json).toEqual([expect.objectContaining({ type: 'USA_SOCIAL_SECURITY_NUMBER', count: 1 })]);
    expect(json[0].occurrences.records).toEqual([{ recordIndex: 0, jsonPath: '$.records[0].ssn' }]);

    const gz = records.filter((r) => String(r.resourcesAffected.s3Object.key).includes('app.log.gz')).flatMap(detections);
    // The archive's own record counts; its member's record (as Macie writes for archives) holds the location.
    const cred = gz.find((d: any) => d.type === 'AWS_CREDENTIALS' && d.occurrences.lineRanges);
    expect(cred?.occurrences.lineRanges?.[0]).toMatchObject({ start: 3, end: 3, startColumn: 25 });

    const zipped = records.filter((r) => String(r.resourcesAffected.s3Object.key).includes('bundle.zip')).flatMap(detections);
    expect(zipped.some((d: any) => d.type === 'USA_SOCIAL_SECURITY_NUMBER' && d.occurrences.cells?.[0]?.row === 2)).toBe(true);
  });

  it('reports no hard negatives and exits 0 when nothing is found', async () => {
    const res = await sift(['scan', '--json', '--identifiers', 'CREDIT_CARD_NUMBER,AWS_CREDENTIALS,USA_SOCIAL_SECURITY_NUMBER', join(dir, 'clean')]);
    expect(res.code, res.stderr).toBe(0);
    for (const line of res.stdout.trim().split('\n').filter(Boolean)) {
      expect(JSON.parse(line).classificationDetails.result.sensitiveData).toEqual([]);
    }
  });

  it('exits 2 on an error', async () => {
    const res = await sift(['scan', join(dir, 'no-such-path')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no such file');
  });
});
