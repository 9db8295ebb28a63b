// Reading CSV records from the object's byte stream with csv-parse (streaming, bounded by the record limit), as
// S3 Select's CSVInput describes them: delimiters, quote and quote-escape characters, comment lines (only at the
// start of a line), ragged rows allowed, quoted record delimiters refused unless AllowQuotedRecordDelimiter.
import type { Readable } from 'node:stream';
import { parse, type Options } from 'csv-parse';
import type * as T from '../../../models/s3/index.js';
import { selectErrors } from './errors.js';
import { MAX_RECORD_BYTES, type InputRecord } from './records.js';

export interface CsvSettings {
  recordDelimiter: string;
  fieldDelimiter: string;
  quote: string;
  quoteEscape: string;
  comments?: string;
  allowQuotedRecordDelimiter: boolean;
  header: 'USE' | 'IGNORE' | 'NONE';
}

function oneOrTwo(v: string | undefined, fallback: string, what: string): string {
  const s = v === undefined || v === '' ? fallback : v;
  if ([...s].length > (what === 'RecordDelimiter' ? 2 : 1)) throw selectErrors.invalidRequestParameter(what);
  return s;
}

export function csvSettings(input: T.CSVInput): CsvSettings {
  const header = (input.FileHeaderInfo ?? 'NONE').toUpperCase();
  if (header !== 'USE' && header !== 'IGNORE' && header !== 'NONE') throw selectErrors.invalidFileHeaderInfo();
  return {
    recordDelimiter: oneOrTwo(input.RecordDelimiter, '\n', 'RecordDelimiter'),
    fieldDelimiter: oneOrTwo(input.FieldDelimiter, ',', 'FieldDelimiter'),
    quote: oneOrTwo(input.QuoteCharacter, '"', 'QuoteCharacter'),
    quoteEscape: oneOrTwo(input.QuoteEscapeCharacter, '"', 'QuoteEscapeCharacter'),
    ...(input.Comments ? { comments: oneOrTwo(input.Comments, '#', 'Comments') } : {}),
    allowQuotedRecordDelimiter: input.AllowQuotedRecordDelimiter ?? false,
    header,
  };
}

interface ParsedRow {
  record: string[];
  info?: { bytes: number };
}

/** The parser's rows in arrays: one await per batch rather than per row (the async iterator's cost dominated). */
async function* batches(parser: Readable): AsyncGenerator<ParsedRow[]> {
  let batch: ParsedRow[] = [];
  let failed: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  parser.on('data', (row: ParsedRow) => {
    batch.push(row);
    if (batch.length >= 512) {
      parser.pause();
      notify();
    }
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  parser.on('error', (err) => {
    failed = err;
    notify();
  });
  parser.on('close', () => {
    ended = true;
    notify();
  });
  for (;;) {
    if (failed) throw failed;
    if (batch.length >= 512 || ((ended || failed) && batch.length)) {
      const out = batch;
      batch = [];
      yield out;
      parser.resume();
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** The records of a CSV stream with their byte offsets (for ScanRange); the header row is returned apart. */
/** `offsets`: count each record's byte offset (needed for a scan range; csv-parse is slower with it). */
export async function* readCsv(body: Readable, s: CsvSettings, onHeader: (names: string[]) => void, offsets = true): AsyncGenerator<InputRecord> {
  const options: Options = {
    delimiter: s.fieldDelimiter,
    record_delimiter: s.recordDelimiter,
    quote: s.quote,
    escape: s.quoteEscape,
    relax_column_count: true,
    relax_quotes: true,
    info: offsets,
    bom: true,
    max_record_size: MAX_RECORD_BYTES,
    ...(s.comments ? { comment: s.comments, comment_no_infix: true } : {}),
  };
  const parser = body.pipe(parse(options));
  body.on('error', (err) => parser.destroy(err));
  let start = 0;
  let first = true;
  try {
    for await (const batch of batches(parser)) {
      for (const row of batch) {
        const record = offsets ? row.record : (row as unknown as string[]);
        const offset = start;
        start = row.info?.bytes ?? 0;
        if (!s.allowQuotedRecordDelimiter && record.some((f) => f.includes(s.recordDelimiter))) throw selectErrors.csvQuotedDelimiter();
        if (first && s.header !== 'NONE') {
          first = false;
          if (s.header === 'USE') onHeader(record);
          continue;
        }
        first = false;
        yield { value: record, offset, bytes: start - offset };
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'CSV_MAX_RECORD_SIZE') throw selectErrors.overMaxRecordSize();
    if (typeof code === 'string' && code.startsWith('CSV_')) throw selectErrors.csvParsing();
    throw err;
  } finally {
    parser.destroy();
    body.destroy();
  }
}
