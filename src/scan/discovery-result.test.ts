// Discovery results write their timestamps as Date#toISOString does, without calling it (common/iso-time: its
// snprintf costs ~7k instructions, once or twice per scanned file).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderDiscoveryResults } from './discovery-result.js';
import type { FileScanResult, ObjectScanResult } from './types.js';

const member = (lastModified: Date): FileScanResult =>
  ({ path: 'a/b.txt', extension: 'txt', mimeType: 'text/plain', size: 3, lastModified, bytesRead: 3, status: { code: 'COMPLETE' }, detections: [] }) as unknown as FileScanResult;
const result = (members: FileScanResult[]): ObjectScanResult => ({
  key: 'dir/x.zip', mimeType: 'application/zip', size: 10, sizeClassified: 10, status: { code: 'COMPLETE' }, detections: [],
  archive: members.length > 0, members, membersAnalysed: members.length, expandedBytes: 3,
});
const render = (createdAt: Date | string, lastModified: Date) =>
  renderDiscoveryResults(result([member(lastModified)]), { accountId: '111122223333', region: 'us-east-1', id: 'f', createdAt, s3Bucket: { name: 'b' } }) as Array<{
    createdAt: string; updatedAt: string; resourcesAffected: { s3Object: { embeddedFileDetails?: { fileLastModified: string } } };
  }>;

describe('discovery result timestamps', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are toISOString text, for ordinary and edge dates', () => {
    const dates = [0, 1, 999, 1_000, 951_782_400_000, 1_700_000_000_123, 253_402_300_799_999, -62_167_219_200_000, -1, Date.UTC(2024, 1, 29, 23, 59, 59, 7)];
    for (let k = 0; k < 500; k++) dates.push(Math.floor(Math.sin(k + 1) * 4e12));
    for (const t of dates) {
      const d = new Date(t);
      const [own, inner] = render(d, new Date(t + 1));
      expect(own.createdAt).toBe(d.toISOString());
      expect(own.updatedAt).toBe(d.toISOString());
      expect(inner.createdAt).toBe(d.toISOString());
      expect(inner.resourcesAffected.s3Object.embeddedFileDetails!.fileLastModified).toBe(new Date(t + 1).toISOString());
    }
    // Years past 9999 and before 0 (±YYYYYY) are toISOString's own; a string is passed through.
    for (const t of [253_402_300_800_000, -62_167_219_200_001, 8.64e15, -8.64e15]) expect(render(new Date(t), new Date(0))[0].createdAt).toBe(new Date(t).toISOString());
    expect(render('2020-01-01T00:00:00.000Z', new Date(0))[0].createdAt).toBe('2020-01-01T00:00:00.000Z');
  });

  it('do not call Date#toISOString for dates in years 0-9999', () => {
    const spy = vi.spyOn(Date.prototype, 'toISOString');
    const records = render(new Date(1_700_000_000_123), new Date(1_600_000_000_000));
    expect(records).toHaveLength(2);
    expect(spy).not.toHaveBeenCalled();
  });
});
