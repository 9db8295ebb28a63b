/**
 * The worker's pure path for one object: extract (sniff, recurse into archives) → detect per segment → per-type
 * counts and locations → the object's status (COMPLETE / PARTIAL / SKIPPED with Macie's reason). It never throws
 * for bad content; only a broken scanner (a bug) would.
 */
import { defaultScanLimits, type ScanLimits } from '../common/limits.js';
import { scanCounters } from '../common/scan-counters.js'; // not metrics.js: prom-client stays off `sift scan`'s start
import { largeTextMaker, type Scanner } from '../detect/index.js';
import { extractBatches, useLargeTextMaker, type BatchedExtractEvent, type ByteSource, type ClassificationReason, type ExtractedFile, type FileStatus } from '../extract/index.js';
import { DetectionAccumulator } from './accumulate.js';
import { SegmentBatcher } from './batch.js';
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
  const scan = new ObjectScan(scanner, full);
  const source = countBytes(input.stream, (n) => {
    scan.objectBytes += n;
    options.onBytes?.(n);
  });
  // The loop stays this small on purpose: an async function keeps every local across each await (a generator frame
  // saved and restored per event) and TurboFan compiles it whole; the per-event work is ObjectScan's, compiled apart.
  try {
    for await (const event of extractBatches({ name: input.key, stream: source, ...(input.size !== undefined ? { size: input.size } : {}) }, full)) {
      scan.on(event);
    }
  } catch (err) {
    scan.sourceFailed(err);
  }
  return scan.result(input);
}

/** One object's scan state: the events of its extraction in, its result out. */
class ObjectScan {
  objectBytes = 0;
  private readonly totals: DetectionAccumulator;
  private readonly members: FileScanResult[] = [];
  private readonly open = new Map<ExtractedFile, { acc: DetectionAccumulator; batcher: SegmentBatcher }>();
  private objectFile: ExtractedFile | undefined;
  private objectStatus: FileStatus = { code: 'COMPLETE' };
  private archive = false;
  private membersAnalysed = 0;
  private ownText = false;
  private expandedBytes = 0;
  private objectDetections: ObjectScanResult['detections'] = [];
  // Archives: the first problem among members decides the reason.
  private memberIssue: ClassificationReason | undefined;
  private memberIssueMessage: string | undefined;

  constructor(
    private readonly scanner: Scanner,
    private readonly limits: ScanLimits,
  ) {
    this.totals = new DetectionAccumulator(limits);
  }

  on(event: BatchedExtractEvent): void {
    switch (event.type) {
      case 'file-start':
        this.fileStart(event.file);
        break;
      case 'segments': {
        const batcher = this.open.get(event.file)?.batcher;
        if (batcher) for (const segment of event.segments) batcher.add(segment);
        break;
      }
      case 'grouped':
        this.open.get(event.file)?.batcher.addGrouped(event.batch);
        break;
      case 'file-end':
        this.fileEnd(event);
        break;
    }
  }

  private fileStart(file: ExtractedFile): void {
    if (file.depth === 0) this.objectFile = file;
    // The object's own text (an email's, beside its attachments) counts with locations in the object's totals.
    const acc = file.depth === 0 ? this.totals : new DetectionAccumulator(this.limits);
    this.open.set(file, { acc, batcher: new SegmentBatcher(this.scanner, (segment, detections) => acc.add(segment, detections), undefined, acc.capped) });
  }

  private fileEnd(event: Extract<BatchedExtractEvent, { type: 'file-end' }>): void {
    const { acc, batcher } = this.open.get(event.file)!;
    batcher.flush();
    this.open.delete(event.file);
    const { file, status } = event;
    if (file.depth === 0) {
      this.objectStatus = status;
      this.archive = event.container;
      this.ownText = !acc.isEmpty;
      if (!event.container && status.code !== 'SKIPPED') this.objectDetections = acc.results();
      return;
    }
    // A member of an archive.
    if (event.container) {
      if (status.code !== 'COMPLETE') this.noteIssue(status);
      // A member with text of its own and members (an email in a zip): its own detections are a result too.
      if (!acc.isEmpty) {
        const detections = acc.results();
        this.totals.addTotals(detections);
        this.members.push({ path: file.path, name: file.name, extension: file.extension, mimeType: file.mimeType, ...(file.size !== undefined ? { size: file.size } : {}), bytesRead: event.bytesRead, status, detections });
      }
      return;
    }
    this.expandedBytes += event.bytesRead;
    const analysed = status.code !== 'SKIPPED';
    if (analysed) this.membersAnalysed++;
    if (status.code !== 'COMPLETE') this.noteIssue(status);
    const detections = analysed ? acc.results() : [];
    this.totals.addTotals(detections);
    if (detections.length > 0 || status.code !== 'COMPLETE') {
      this.members.push({
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
  }

  /** Extraction reports problems as statuses; anything reaching here is a failure of the source stream itself. */
  sourceFailed(err: unknown): void {
    const code = (err as NodeJS.ErrnoException)?.code;
    this.objectStatus = {
      code: this.objectBytes > 0 ? 'PARTIAL' : 'SKIPPED',
      reason: code === 'ENOENT' ? 'SOURCE_OBJECT_NO_LONGER_AVAILABLE' : code === 'EACCES' || code === 'EPERM' ? 'PERMISSION_DENIED' : 'MALFORMED_FILE',
      message: (err as Error)?.message ?? String(err),
    };
  }

  private noteIssue(status: FileStatus): void {
    const reason = status.reason;
    if (!reason) return;
    const own = reason.startsWith('ARCHIVE_') ? reason : 'ARCHIVE_CONTAINS_UNPROCESSED_FILES';
    // Limits (ARCHIVE_*) explain more than "some files were not processed".
    if (!this.memberIssue || (this.memberIssue === 'ARCHIVE_CONTAINS_UNPROCESSED_FILES' && own !== this.memberIssue)) {
      this.memberIssue = own;
      this.memberIssueMessage = status.message;
    }
  }

  result(input: ScanObjectInput): ObjectScanResult {
    const { objectStatus, memberIssue, memberIssueMessage, membersAnalysed, archive, objectBytes } = this;
    let status = objectStatus;
    let objectDetections = this.objectDetections;
    if (archive) {
      if (objectStatus.code === 'COMPLETE' && memberIssue) {
        status = { code: membersAnalysed > 0 || this.ownText ? 'PARTIAL' : 'SKIPPED', reason: memberIssue, ...(memberIssueMessage ? { message: memberIssueMessage } : {}) };
      } else if (objectStatus.code !== 'COMPLETE') {
        status = { ...objectStatus, code: membersAnalysed > 0 ? 'PARTIAL' : 'SKIPPED' };
      }
      objectDetections = this.totals.results();
    }
    const size = input.size ?? objectBytes;
    scanCounters.objects++;
    scanCounters.bytes += objectBytes;
    return {
      key: input.key,
      mimeType: this.objectFile?.mimeType ?? 'application/octet-stream',
      size,
      sizeClassified: status.code === 'SKIPPED' ? 0 : objectBytes,
      status,
      detections: objectDetections,
      archive,
      members: this.members,
      membersAnalysed,
      expandedBytes: this.expandedBytes,
    };
  }
}

async function* countBytes(source: ByteSource, onBytes: (n: number) => void): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of source) {
    onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    yield chunk;
  }
}
