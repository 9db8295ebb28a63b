// One SelectObjectContent request: the checked plan (every request error found before the object is read) and the
// run that streams the object through decompression, the input reader, WHERE, the SELECT list and LIMIT, and
// yields S3's events: Records (batched), Progress (when asked), Cont (keep-alive while nothing matches), Stats, End.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ServiceError } from '../../../common/errors.js';
import type * as T from '../../../models/s3/index.js';
import type { Statement } from './ast.js';
import { csvSettings, readCsv, type CsvSettings } from './csv-input.js';
import { selectErrors } from './errors.js';
import { readJson } from './json-input.js';
import { rowWriter, type ResultRow, type RowWriter } from './output.js';
import { parseSelect } from './parser.js';
import { Query } from './query.js';
import type { InputRecord } from './records.js';

/** Records are sent in events of about this size. */
const RECORDS_EVENT_BYTES = 64 * 1024;
/** Progress (if asked) and Cont (if nothing was sent meanwhile) go out each time this much more input is processed. */
const REPORT_EVERY_BYTES = 1024 * 1024;

const notImplemented = (what: string) => new ServiceError('NotImplemented', `Sift does not implement ${what} in S3 Select yet.`, 501, 'server');

export interface SelectPlan {
  statement: Statement;
  input: { kind: 'csv'; settings: CsvSettings } | { kind: 'json' };
  gzip: boolean;
  write: RowWriter;
  progress: boolean;
  scanRange?: { start?: number; end?: number };
  recordDelimiter: string;
}

export type SelectEvent = Pick<T.SelectObjectContentEventStream, 'Records' | 'Stats' | 'Progress' | 'Cont' | 'End'>;

export function planSelect(req: Pick<T.SelectObjectContentRequest, 'Expression' | 'ExpressionType' | 'InputSerialization' | 'OutputSerialization' | 'RequestProgress' | 'ScanRange'>): SelectPlan {
  if (!req.Expression) throw selectErrors.missingParameter('Expression');
  if (req.ExpressionType !== 'SQL') throw selectErrors.invalidExpressionType();
  const input = req.InputSerialization;
  if (!input) throw selectErrors.missingParameter('InputSerialization');
  if (!req.OutputSerialization) throw selectErrors.missingParameter('OutputSerialization');
  const formats = [input.CSV, input.JSON, input.Parquet].filter((f) => f !== undefined).length;
  if (formats !== 1) throw selectErrors.invalidDataSource();
  if (input.Parquet) throw notImplemented('Parquet input');
  const compression = (input.CompressionType ?? 'NONE').toUpperCase();
  if (compression === 'BZIP2') throw notImplemented('BZIP2 compressed input');
  if (compression !== 'NONE' && compression !== 'GZIP') throw selectErrors.invalidCompressionFormat();
  const statement = parseSelect(req.Expression);
  let planInput: SelectPlan['input'];
  let recordDelimiter = '\n';
  if (input.CSV) {
    const settings = csvSettings(input.CSV);
    if (statement.from.path.length) throw selectErrors.unsupportedSyntax('a path after S3Object on CSV input');
    planInput = { kind: 'csv', settings };
    recordDelimiter = settings.recordDelimiter;
  } else {
    const type = input.JSON!.Type?.toUpperCase();
    if (type !== 'DOCUMENT' && type !== 'LINES') throw selectErrors.invalidJsonType();
    planInput = { kind: 'json' };
    if (req.ScanRange && type !== 'LINES') throw selectErrors.unsupportedScanRange();
  }
  let scanRange: SelectPlan['scanRange'];
  if (req.ScanRange && (req.ScanRange.Start !== undefined || req.ScanRange.End !== undefined)) {
    if (compression !== 'NONE' || (planInput.kind === 'csv' && planInput.settings.allowQuotedRecordDelimiter)) throw selectErrors.unsupportedScanRange();
    const { Start, End } = req.ScanRange;
    if ((Start !== undefined && Start < 0) || (End !== undefined && End < 0) || (Start !== undefined && End !== undefined && Start > End)) throw selectErrors.invalidScanRange();
    scanRange = { ...(Start !== undefined ? { start: Start } : {}), ...(End !== undefined ? { end: End } : {}) };
  }
  return {
    statement,
    input: planInput,
    gzip: compression === 'GZIP',
    write: rowWriter(req.OutputSerialization),
    progress: req.RequestProgress?.Enabled === true,
    ...(scanRange ? { scanRange } : {}),
    recordDelimiter,
  };
}

/** Counts the bytes that pass (BytesScanned before decompression, BytesProcessed after). */
function counted(body: Readable, onBytes: (n: number) => void, mapError?: (err: unknown) => unknown): Readable {
  async function* pass(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        onBytes(chunk.length);
        yield chunk;
      }
    } catch (err) {
      throw mapError ? mapError(err) : err;
    }
  }
  const out = Readable.from(pass(), { objectMode: false });
  out.on('close', () => body.destroy());
  return out;
}

/** Drops the bytes up to and including the first record delimiter: the record cut by a scan range's start. */
function skipThroughDelimiter(body: Readable, delimiter: Buffer, onSkipped: (n: number) => void): Readable {
  async function* pass(): AsyncGenerator<Buffer> {
    let tail = Buffer.alloc(0);
    let skipping = true;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (!skipping) {
        yield chunk;
        continue;
      }
      const joined = Buffer.concat([tail, chunk]);
      const at = joined.indexOf(delimiter);
      if (at < 0) {
        tail = joined.subarray(Math.max(0, joined.length - delimiter.length + 1));
        onSkipped(joined.length - tail.length);
        continue;
      }
      skipping = false;
      onSkipped(at + delimiter.length);
      if (at + delimiter.length < joined.length) yield joined.subarray(at + delimiter.length);
    }
  }
  const out = Readable.from(pass(), { objectMode: false });
  out.on('close', () => body.destroy());
  return out;
}

/** The header row of a CSV object, read from its start. */
async function readHeader(body: Readable, settings: CsvSettings, onHeader: (names: string[]) => void): Promise<void> {
  const rows = readCsv(body, { ...settings, header: 'NONE' }, () => undefined);
  const first = await rows.next();
  await rows.return(undefined);
  if (!first.done) onHeader(first.value.value as string[]);
}

/** Where to start reading, and the first and last byte a kept record may start at. */
function scanWindow(plan: SelectPlan, size: number): { readFrom: number; first: number; last: number } {
  const r = plan.scanRange;
  if (!r) return { readFrom: 0, first: 0, last: Infinity };
  const first = r.start !== undefined ? r.start : Math.max(0, size - (r.end ?? 0));
  const last = r.start !== undefined && r.end !== undefined ? r.end : Infinity;
  const back = Buffer.byteLength(plan.recordDelimiter);
  return { readFrom: first === 0 ? 0 : Math.max(0, first - back), first, last };
}

/**
 * Runs the plan over the object. `open(from)` returns the object's stored bytes from that offset to the end
 * (decrypted, as GetObject would serve them).
 */
export async function* runSelect(plan: SelectPlan, size: number, open: (from: number) => Promise<Readable>): AsyncGenerator<SelectEvent> {
  const query = new Query(plan.statement);
  const window = scanWindow(plan, size);
  let scanned = 0;
  let processed = 0;
  let returned = 0;
  let skipped = 0;
  const stored = await open(window.readFrom);
  let body = counted(stored, (n) => (scanned += n));
  if (plan.gzip) {
    const gunzip = createGunzip();
    const notGzip = (err: unknown) => (err instanceof ServiceError ? err : selectErrors.invalidCompressionFormat());
    body.on('error', (err) => gunzip.destroy(err));
    body = counted(body.pipe(gunzip), (n) => (processed += n), notGzip);
    body.on('close', () => gunzip.destroy());
  }
  if (window.readFrom < window.first) {
    body = skipThroughDelimiter(body, Buffer.from(plan.recordDelimiter), (n) => (skipped += n));
  }
  let records: AsyncGenerator<InputRecord>;
  if (plan.input.kind === 'csv') {
    let settings = plan.input.settings;
    // A scan range past the start leaves the header row out of the bytes read: it is read on its own.
    if (window.readFrom > 0 && settings.header !== 'NONE') {
      if (settings.header === 'USE') await readHeader(await open(0), settings, (names) => query.setHeader(names));
      settings = { ...settings, header: 'NONE' };
    }
    records = readCsv(body, settings, (names) => query.setHeader(names), plan.scanRange !== undefined);
  } else records = readJson(body);

  let pending: string[] = [];
  let pendingBytes = 0;
  let nextReport = REPORT_EVERY_BYTES;
  let sentSinceReport = false;
  const stats = () => ({ BytesScanned: scanned, BytesProcessed: plan.gzip ? processed : scanned, BytesReturned: returned });
  const flush = (): SelectEvent | undefined => {
    if (!pending.length) return undefined;
    const payload = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingBytes = 0;
    returned += payload.length;
    sentSinceReport = true;
    return { Records: { Payload: payload } };
  };
  const emit = (row: ResultRow) => {
    const line = plan.write(row);
    pending.push(line);
    pendingBytes += line.length;
  };

  const limit = plan.statement.limit ?? Infinity;
  const aggregates = query.aggregates ? query.newAggregates() : undefined;
  const star = plan.statement.items === '*';
  let rows = 0;
  try {
    for await (const record of records) {
      const at = window.readFrom + skipped + record.offset;
      if (at > window.last) break;
      if (rows >= limit) break;
      const values = plan.input.kind === 'json' ? [...query.unnest(record.value as never)] : [record.value];
      for (const value of values) {
        if (rows >= limit) break;
        const csv = plan.input.kind === 'csv';
        const resolve = csv ? query.csvResolver(value as string[]) : query.jsonResolver(value as never);
        if (!query.matches(resolve)) continue;
        if (aggregates) {
          aggregates.add(resolve);
          continue;
        }
        emit(star ? (csv ? query.csvStarRow(value as string[]) : query.jsonStarRow(value as never)) : query.row(resolve));
        rows++;
      }
      if (pendingBytes >= RECORDS_EVENT_BYTES) yield flush()!;
      const progressed = plan.gzip ? processed : scanned;
      if (progressed >= nextReport) {
        nextReport = progressed + REPORT_EVERY_BYTES;
        if (plan.progress) yield { Progress: { Details: stats() } };
        else if (!sentSinceReport) yield { Cont: {} };
        sentSinceReport = false;
      }
    }
  } finally {
    await records.return(undefined);
  }
  if (aggregates && limit > 0) emit(aggregates.row());
  const last = flush();
  if (last) yield last;
  if (plan.progress) yield { Progress: { Details: stats() } };
  yield { Stats: { Details: stats() } };
  yield { End: {} };
}
