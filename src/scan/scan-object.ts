/**
 * The worker's pure path for one object: extract (sniff, recurse into archives) → detect per segment → per-type
 * counts and locations → the object's status (COMPLETE / PARTIAL / SKIPPED with Macie's reason). It never throws
 * for bad content; only a broken scanner (a bug) would.
 */
import { defaultScanLimits, type ScanLimits } from '../common/limits.js';
import { scanCounters } from '../common/scan-counters.js'; // not metrics.js: prom-client stays off `sift scan`'s start
import { largeTextMaker, type Scanner } from '../detect/index.js';
import { extractBatches, useLargeTextMaker, type ByteSource, type ClassificationReason, type ExtractedFile, type FileStatus } from '../extract/index.js';
import { DetectionAccumulator } from './accumulate.js';
import { SegmentBatcher } from './batch.js';
import { quietTexts } from './quiet-texts.js';
import type { FileScanResult, ObjectScanResult } from './types.js';

// A text over V8's regular object size is made by the native addon as an external string (its memory reused by malloc)
// instead of a large object V8 maps and faults in afresh per file: extract/decode.ts LARGE_TEXT_BYTES.
useLargeTextMaker(largeTextMaker());

export interface ScanObjectInput {
  key: string;
  size?: number;
  /** A Node Readable, or any async iterable of bytes. */
  stream: ByteSource;
}

export interface ScanObjectOptions {
  /** Called with the number of object bytes each time more of the object has been read (progress bars). */
  onBytes?: (bytes: number) => void;
}

export async function scanObject(
  input: ScanObjectInput,
  scanner: Scanner,
  limits: Partial<ScanLimits> = {},
  options: ScanObjectOptions = {},
): Promise<ObjectScanResult> {
  const full: ScanLimits = { ...defaultScanLimits, ...limits };
  let objectBytes = 0;
  const onBytes = options.onBytes;
  const countBytes = (n: number): void => {
    objectBytes += n;
    onBytes?.(n);
  };

  const totals = new DetectionAccumulator(full);
  const members: FileScanResult[] = [];
  const open = new Map<ExtractedFile, { acc: DetectionAccumulator; batcher: SegmentBatcher }>();
  let objectFile: ExtractedFile | undefined;
  let objectStatus: FileStatus = { code: 'COMPLETE' };
  let archive = false;
  let membersAnalysed = 0;
  let ownText = false;
  let expandedBytes = 0;
  let objectDetections: ObjectScanResult['detections'] = [];
  // Archives: the first problem among members decides the reason.
  let memberIssue: ClassificationReason | undefined;
  let memberIssueMessage: string | undefined;

  try {
    for await (const event of extractBatches({ name: input.key, stream: input.stream, ...(input.size !== undefined ? { size: input.size } : {}) }, full, quietTexts(scanner), countBytes)) {
      switch (event.type) {
        case 'file-start':
          if (event.file.depth === 0) objectFile = event.file;
          {
            // The object's own text (an email's, beside its attachments) counts with locations in the object's totals.
            const acc = event.file.depth === 0 ? totals : new DetectionAccumulator(full);
            open.set(event.file, { acc, batcher: new SegmentBatcher(scanner, (segment, detections) => acc.add(segment, detections), undefined, acc.capped) });
          }
          break;
        case 'segments': {
          const batcher = open.get(event.file)?.batcher;
          if (batcher) for (const segment of event.segments) batcher.add(segment);
          break;
        }
        case 'grouped':
          open.get(event.file)?.batcher.addGrouped(event.batch);
          break;
        case 'file-end': {
          const { acc, batcher } = open.get(event.file)!;
          batcher.flush();
          open.delete(event.file);
          const { file, status } = event;
          if (file.depth === 0) {
            objectStatus = status;
            archive = event.container;
            ownText = !acc.isEmpty;
            if (!event.container && status.code !== 'SKIPPED') objectDetections = acc.results();
            break;
          }
          // A member of an archive.
          if (event.container) {
            if (status.code !== 'COMPLETE') noteIssue(status);
            // A member with text of its own and members (an email in a zip): its own detections are a result too.
            if (!acc.isEmpty) {
              const detections = acc.results();
              totals.addTotals(detections);
              members.push({ path: file.path, name: file.name, extension: file.extension, mimeType: file.mimeType, ...(file.size !== undefined ? { size: file.size } : {}), bytesRead: event.bytesRead, status, detections });
            }
            break;
          }
          expandedBytes += event.bytesRead;
          const analysed = status.code !== 'SKIPPED';
          if (analysed) membersAnalysed++;
          if (status.code !== 'COMPLETE') noteIssue(status);
          const detections = analysed ? acc.results() : [];
          totals.addTotals(detections);
          if (detections.length > 0 || status.code !== 'COMPLETE') {
            members.push({
              path: file.path,
              name: file.name,
              extension: file.extension,
              mimeType: file.mimeType,
              ...(file.size !== undefined ? { size: file.size } : {}),
              ...(file.lastModified ? { lastModified: file.lastModified } : {}),
              bytesRead: event.bytesRead,
              status,
              detections,
            });
          }
          break;
        }
      }
    }
  } catch (err) {
    // Extraction reports problems as statuses; anything reaching here is a failure of the source stream itself.
    const code = (err as NodeJS.ErrnoException)?.code;
    objectStatus = {
      code: objectBytes > 0 ? 'PARTIAL' : 'SKIPPED',
      reason: code === 'ENOENT' ? 'SOURCE_OBJECT_NO_LONGER_AVAILABLE' : code === 'EACCES' || code === 'EPERM' ? 'PERMISSION_DENIED' : 'MALFORMED_FILE',
      message: (err as Error)?.message ?? String(err),
    };
  }

  function noteIssue(status: FileStatus): void {
    const reason = status.reason;
    if (!reason) return;
    const own = reason.startsWith('ARCHIVE_') ? reason : 'ARCHIVE_CONTAINS_UNPROCESSED_FILES';
    // Limits (ARCHIVE_*) explain more than "some files were not processed".
    if (!memberIssue || (memberIssue === 'ARCHIVE_CONTAINS_UNPROCESSED_FILES' && own !== memberIssue)) {
      memberIssue = own;
      memberIssueMessage = status.message;
    }
  }

  let status = objectStatus;
  if (archive) {
    if (objectStatus.code === 'COMPLETE' && memberIssue) {
      status = { code: membersAnalysed > 0 || ownText ? 'PARTIAL' : 'SKIPPED', reason: memberIssue, ...(memberIssueMessage ? { message: memberIssueMessage } : {}) };
    } else if (objectStatus.code !== 'COMPLETE') {
      status = { ...objectStatus, code: membersAnalysed > 0 ? 'PARTIAL' : 'SKIPPED' };
    }
    objectDetections = totals.results();
  }
  const size = input.size ?? objectBytes;
  scanCounters.objects++;
  scanCounters.bytes += objectBytes;
  return {
    key: input.key,
    mimeType: objectFile?.mimeType ?? 'application/octet-stream',
    size,
    sizeClassified: status.code === 'SKIPPED' ? 0 : objectBytes,
    status,
    detections: objectDetections,
    archive,
    members,
    membersAnalysed,
    expandedBytes,
  };
}
