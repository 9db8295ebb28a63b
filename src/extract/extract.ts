/**
 * The dispatcher: sniffs each file (the object itself, then every archive member, recursively), hands it to its
 * format's reader and reports, as a flat event stream, where each file starts and ends, its segments, and how it
 * ended (COMPLETE / PARTIAL / SKIPPED with Macie's reason). Limits: archive nesting (maxArchiveDepth), members per
 * object (maxArchiveMembers), expansion ratio and total expanded bytes (inflate.ts), object size (maxObjectBytes).
 * Nothing here throws for bad input: every problem ends up as a file status.
 */
import type { ScanLimits } from '../common/index.js';
import type { ArchiveMember } from './archive.js';
import { bytesOfChunk, markBytes, peekHead } from './bytes.js';
import { readDelimitedBatches } from './csv.js';
import { isGroupedBatch, segmentsOf, type GroupedBatch } from './groups.js';
import { readGzipMembers } from './gzip.js';
import { newBudget, type ExpansionBudget } from './inflate.js';
import { readJsonBatches } from './json.js';
import { extensionOf, sniff, SNIFF_BYTES, type Sniffed } from './sniff.js';
import { readTarMembers } from './tar.js';
import { readTextBatches } from './text.js';
import { ExtractError, type ByteSource, type ClassificationReason, type ContainerFormat, type FormatName, type ReaderContext, type Segment } from './types.js';
import { readZipMembers } from './zip.js';

export type StatusCode = 'COMPLETE' | 'PARTIAL' | 'SKIPPED';

export interface FileStatus {
  code: StatusCode;
  reason?: ClassificationReason;
  /** A human-readable detail (never part of Macie's wire shapes). */
  message?: string;
}

export interface ExtractedFile {
  /** '' for the object itself; otherwise the member's path inside the object ("logs.zip/app/2024.log" when nested). */
  path: string;
  /** The file's own name (the object key for the object itself). */
  name: string;
  extension: string;
  /** 0 for the object, 1 for members of a top-level archive, … */
  depth: number;
  format?: FormatName;
  mimeType: string;
  /** Size as the container declared it (members), or as given (the object). */
  size?: number;
  lastModified?: Date;
}

/** A file starts or ends (the same in both event shapes). */
export type FileBoundaryEvent =
  | { type: 'file-start'; file: ExtractedFile }
  | {
      type: 'file-end';
      file: ExtractedFile;
      status: FileStatus;
      /** Archives and compressed files: their members were reported as files of their own. */
      container: boolean;
      /** Bytes of this file that were read (uncompressed, for members). */
      bytesRead: number;
    };

/** One segment per event: the shape tests and simple consumers read (extractObject). */
export type ExtractEvent = FileBoundaryEvent | { type: 'segment'; file: ExtractedFile; segment: Segment };

/**
 * Segments in batches (everything a reader produced from one chunk of input): the scan's shape (extractBatches),
 * one async step per chunk instead of one per line, cell or value. CSV/TSV and JSON readers hand on grouped batches
 * (groups.ts): short texts per column or JSON path, no segment object per text.
 */
export type BatchedExtractEvent =
  | FileBoundaryEvent
  | { type: 'segments'; file: ExtractedFile; segments: Segment[] }
  | { type: 'grouped'; file: ExtractedFile; batch: GroupedBatch };

/** What a reader yields: segments one by one, or (the text, CSV and JSON readers) a batch per chunk of input. */
export type SegmentStream = AsyncIterable<Segment | Segment[] | GroupedBatch>;

export interface ExtractInput {
  name: string;
  stream: ByteSource;
  size?: number;
}

interface Walk {
  limits: ScanLimits;
  budget: ExpansionBudget & { stop?: ExtractError };
  /** ReaderContext.quiet for every leaf read. */
  quiet: ReaderContext['quiet'];
}

const CONTAINERS: ReadonlySet<FormatName> = new Set<FormatName>(['gzip', 'zip', 'tar']);
/** Documents with text of their own and embedded files read as members (an email and its attachments). */
const WITH_MEMBERS: ReadonlySet<FormatName> = new Set<FormatName>(['eml']);

/** Reads one object and everything inside it, one event per segment. */
export async function* extractObject(input: ExtractInput, limits: ScanLimits): AsyncGenerator<ExtractEvent> {
  for await (const event of extractBatches(input, limits)) {
    if (event.type === 'segments') for (const segment of event.segments) yield { type: 'segment', file: event.file, segment };
    else if (event.type === 'grouped') for (const segment of segmentsOf(event.batch)) yield { type: 'segment', file: event.file, segment };
    else yield event;
  }
}

/**
 * Reads one object and everything inside it, segments in batches; `quiet`: see ReaderContext.quiet; `onBytes`: called
 * with the size of each chunk of the object as it is read (before the size limit is checked), strings by their UTF-8.
 */
export function extractBatches(input: ExtractInput, limits: ScanLimits, quiet?: ReaderContext['quiet'], onBytes?: (bytes: number) => void): AsyncGenerator<BatchedExtractEvent> {
  const walk: Walk = { limits, budget: newBudget(limits), quiet };
  const file: ExtractedFile = { path: '', name: input.name, extension: extensionOf(input.name), depth: 0, mimeType: 'application/octet-stream', ...(input.size !== undefined ? { size: input.size } : {}) };
  if (input.size !== undefined && input.size > limits.maxObjectBytes) return tooLarge(file, input.stream, limits.maxObjectBytes);
  return extractFile(file, capped(input.stream, limits.maxObjectBytes, onBytes), walk);
}

/** An object whose declared size is over the limit: skipped unread. */
async function* tooLarge(file: ExtractedFile, source: ByteSource, max: number): AsyncGenerator<BatchedExtractEvent> {
  yield { type: 'file-start', file };
  yield {
    type: 'file-end', file, container: false, bytesRead: 0,
    status: { code: 'SKIPPED', reason: 'FILE_EXCEEDS_SIZE_LIMIT', message: `object is larger than ${max} bytes` },
  };
  await closeSource(source);
}

/** The object's chunks as bytes, counted as they come; stops reading past maxObjectBytes when the size was not known up front. */
function capped(source: ByteSource, max: number, onBytes: ((bytes: number) => void) | undefined): AsyncGenerator<Uint8Array> {
  return markBytes((async function* cappedBytes(): AsyncGenerator<Uint8Array> {
    let total = 0;
    for await (const chunk of source) {
      const bytes = bytesOfChunk(chunk);
      onBytes?.(bytes.length);
      if (bytes.length === 0) continue;
      total += bytes.length;
      if (total > max) throw new ExtractError('FILE_EXCEEDS_SIZE_LIMIT', `object is larger than ${max} bytes`, true, true);
      yield bytes;
    }
  })());
}

async function closeSource(source: ByteSource): Promise<void> {
  const it = source[Symbol.asyncIterator]();
  await it.return?.();
}

async function* extractFile(file: ExtractedFile, source: AsyncIterable<Uint8Array>, walk: Walk): AsyncGenerator<BatchedExtractEvent> {
  let head: Uint8Array;
  let peeked: AsyncGenerator<Uint8Array>;
  let bytesRead: () => number;
  try {
    ({ head, stream: peeked, consumed: bytesRead } = await peekHead(source, SNIFF_BYTES));
  } catch (err) {
    // The very first read failed (a truncated member, a bomb, an exceeded limit).
    if (err instanceof ExtractError && err.stopsObject) walk.budget.stop ??= err;
    yield { type: 'file-start', file };
    yield { type: 'file-end', file, container: false, bytesRead: 0, status: statusOf(err, false) };
    return;
  }
  const sniffed: Sniffed = sniff(file.name, head);
  file.mimeType = sniffed.mimeType;
  if (sniffed.format) file.format = sniffed.format;
  yield { type: 'file-start', file };
  if (!sniffed.format) {
    await peeked.return(undefined);
    yield { type: 'file-end', file, container: false, bytesRead: 0, status: { code: 'SKIPPED', reason: sniffed.reason, message: sniffed.message } };
    return;
  }
  const isContainer = CONTAINERS.has(sniffed.format) || WITH_MEMBERS.has(sniffed.format);
  if (isContainer && file.depth + 1 > walk.limits.maxArchiveDepth) {
    await peeked.return(undefined);
    yield {
      type: 'file-end', file, container: true, bytesRead: 0,
      status: { code: 'SKIPPED', reason: 'ARCHIVE_NESTING_LEVEL_OVER_LIMIT', message: `archives nested deeper than ${walk.limits.maxArchiveDepth} levels` },
    };
    return;
  }
  let status: FileStatus = { code: 'COMPLETE' };
  try {
    if (WITH_MEMBERS.has(sniffed.format)) {
      status = yield* extractDocumentWithMembers(file, peeked, walk);
    } else if (isContainer) {
      status = yield* extractArchiveMembers(file, sniffed.format as ContainerFormat, peeked, head, walk);
    } else {
      let partial: FileStatus | undefined;
      const ctx: ReaderContext = { partial: (reason, message) => (partial ??= { code: 'PARTIAL', reason, message }), ...(walk.quiet ? { quiet: walk.quiet } : {}) };
      for await (const batch of await readLeaf(sniffed, peeked, walk.limits, ctx)) {
        if (isGroupedBatch(batch)) yield { type: 'grouped', file, batch };
        else if (!Array.isArray(batch)) yield { type: 'segments', file, segments: [batch] };
        else if (batch.length > 0) yield { type: 'segments', file, segments: batch };
      }
      if (partial) status = partial;
    }
  } catch (err) {
    status = statusOf(err, bytesRead() > 0);
    if (err instanceof ExtractError && err.stopsObject) walk.budget.stop ??= err;
  } finally {
    await peeked.return(undefined);
  }
  yield { type: 'file-end', file, container: isContainer, bytesRead: bytesRead(), status };
}

/** A module loaded on first use and kept: a dynamic import resolves its specifier again on every call (0.25 ms a file). */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

const modules = {
  xlsx: lazy(() => import('./xlsx.js')),
  xls: lazy(() => import('./xls.js')),
  docx: lazy(() => import('./docx.js')),
  doc: lazy(() => import('./doc.js')),
  pdf: lazy(() => import('./pdf.js')),
  parquet: lazy(() => import('./parquet.js')),
  avro: lazy(() => import('./avro.js')),
  markup: lazy(() => import('./markup.js')),
  eml: lazy(() => import('./eml.js')),
};

/**
 * The reader for a leaf file. The document readers (and the libraries they use) load on first use: `sift scan` of a
 * text file never pays for PDF, spreadsheet or email parsing, and a scan worker starts in a fraction of the time.
 */
async function readLeaf(sniffed: Sniffed & { format: FormatName }, source: AsyncIterable<Uint8Array>, limits: ScanLimits, ctx: ReaderContext): Promise<SegmentStream> {
  const encoding = 'encoding' in sniffed ? sniffed.encoding : undefined;
  switch (sniffed.format) {
    case 'csv': return readDelimitedBatches(source, limits, { delimiter: ',', quoting: true, encoding }, ctx);
    case 'tsv': return readDelimitedBatches(source, limits, { delimiter: '\t', quoting: false, encoding }, ctx);
    case 'json': return readJsonBatches(source, limits, ctx, false, encoding);
    case 'jsonl': return readJsonBatches(source, limits, ctx, true, encoding);
    case 'xlsx': return (await modules.xlsx()).readXlsx(source, limits);
    case 'xls': return (await modules.xls()).readXls(source, limits);
    case 'docx': return (await modules.docx()).readDocx(source, limits);
    case 'doc': return (await modules.doc()).readDoc(source, limits);
    case 'pdf': return (await modules.pdf()).readPdf(source, limits, ctx);
    case 'parquet': return (await modules.parquet()).readParquet(source, limits);
    case 'avro': return (await modules.avro()).readAvro(source, limits);
    case 'html': return (await modules.markup()).readMarkup(source, limits, false, encoding);
    case 'xml': return (await modules.markup()).readMarkup(source, limits, true, encoding);
    default: return readTextBatches(source, limits, { encoding });
  }
}

/** A thrown error → the file's status. Errors that are not ours (bugs, I/O) are reported as a malformed file. */
function statusOf(err: unknown, readSome: boolean): FileStatus {
  if (err instanceof ExtractError) {
    return { code: err.keepYielded && readSome ? 'PARTIAL' : 'SKIPPED', reason: err.reason, message: err.message };
  }
  const code = (err as NodeJS.ErrnoException)?.code;
  const reason: ClassificationReason =
    code === 'ENOENT' ? 'SOURCE_OBJECT_NO_LONGER_AVAILABLE' : code === 'EACCES' || code === 'EPERM' ? 'PERMISSION_DENIED' : 'MALFORMED_FILE';
  return { code: readSome ? 'PARTIAL' : 'SKIPPED', reason, message: (err as Error)?.message ?? String(err) };
}

/** An email: its own text as segments, each attachment as a member read like an archive's. */
async function* extractDocumentWithMembers(container: ExtractedFile, source: AsyncGenerator<Uint8Array>, walk: Walk): AsyncGenerator<BatchedExtractEvent, FileStatus> {
  const pendingSegments: Segment[] = [];
  const members = (async function* (): AsyncGenerator<ArchiveMember> {
    const { readEml } = await modules.eml(); // loads on first use, as the document readers do
    for await (const item of readEml(source, walk.limits)) {
      if ('segment' in item) pendingSegments.push(item.segment);
      else yield item.member;
    }
  })();
  // The message's text comes first (readEml yields it before any attachment): hand it on as the file's segments.
  const drain = function* (): Generator<BatchedExtractEvent> {
    if (pendingSegments.length > 0) yield { type: 'segments', file: container, segments: pendingSegments.splice(0) };
  };
  const status = yield* extractMembers(container, members, walk, drain);
  yield* drain();
  return status;
}

function extractArchiveMembers(
  container: ExtractedFile,
  format: ContainerFormat,
  source: AsyncGenerator<Uint8Array>,
  head: Uint8Array,
  walk: Walk,
): AsyncGenerator<BatchedExtractEvent, FileStatus> {
  const members: AsyncGenerator<ArchiveMember> =
    format === 'gzip' ? readGzipMembers(source, container.name, head, walk.budget)
      : format === 'zip' ? readZipMembers(source, walk.budget)
        : readTarMembers(source, walk.budget);
  return extractMembers(container, members, walk);
}

async function* extractMembers(
  container: ExtractedFile,
  members: AsyncGenerator<ArchiveMember>,
  walk: Walk,
  /** Segments of the container's own text that arrived while the next member was being looked for. */
  flush: () => Generator<BatchedExtractEvent> = function* () {},
): AsyncGenerator<BatchedExtractEvent, FileStatus> {
  const prefix = container.path ? `${container.path}/` : '';
  try {
    for await (const member of members) {
      yield* flush();
      if (++walk.budget.members > walk.limits.maxArchiveMembers) {
        const err = new ExtractError('ARCHIVE_TOTAL_DOCUMENTS_PROCESSED_OVER_LIMIT', `more than ${walk.limits.maxArchiveMembers} files in the archive`, true, true);
        walk.budget.stop ??= err;
        return { code: 'PARTIAL', reason: err.reason, message: err.message };
      }
      const child: ExtractedFile = {
        path: prefix + member.name,
        name: member.name,
        extension: extensionOf(member.name),
        depth: container.depth + 1,
        mimeType: 'application/octet-stream',
        ...(member.size !== undefined ? { size: member.size } : {}),
        ...(member.lastModified ? { lastModified: member.lastModified } : {}),
      };
      if (member.unreadable) {
        yield { type: 'file-start', file: child };
        yield { type: 'file-end', file: child, container: false, bytesRead: 0, status: { code: 'SKIPPED', ...member.unreadable } };
        continue;
      }
      yield* extractFile(child, member.content, walk);
      if (walk.budget.stop) {
        return { code: 'PARTIAL', reason: walk.budget.stop.reason, message: walk.budget.stop.message };
      }
    }
  } finally {
    await members.return(undefined);
  }
  return { code: 'COMPLETE' };
}
