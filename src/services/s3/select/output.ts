// Writing result rows as S3 Select's OutputSerialization asks: CSV (delimiters, quoting ALWAYS/ASNEEDED with the
// quote-escape character) or JSON (one object per record, MISSING members left out).
import type * as T from '../../../models/s3/index.js';
import type { Value } from './ast.js';
import { selectErrors } from './errors.js';
import { MAX_RECORD_BYTES } from './records.js';

/** One result row: its column names (for JSON) and values. */
export interface ResultRow {
  names: string[];
  values: Value[];
}

export type RowWriter = (row: ResultRow) => string;

function single(v: string | undefined, fallback: string, what: string, max = 1): string {
  const s = v === undefined || v === '' ? fallback : v;
  if ([...s].length > max) throw selectErrors.invalidRequestParameter(what);
  return s;
}

function csvText(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function checked(line: string): string {
  if (line.length > MAX_RECORD_BYTES && Buffer.byteLength(line) > MAX_RECORD_BYTES) throw selectErrors.overMaxRecordSize();
  return line;
}

export function csvWriter(out: T.CSVOutput): RowWriter {
  const quoteFields = (out.QuoteFields ?? 'ASNEEDED').toUpperCase();
  if (quoteFields !== 'ALWAYS' && quoteFields !== 'ASNEEDED') throw selectErrors.invalidQuoteFields();
  const fd = single(out.FieldDelimiter, ',', 'FieldDelimiter');
  const rd = single(out.RecordDelimiter, '\n', 'RecordDelimiter', 2);
  const q = single(out.QuoteCharacter, '"', 'QuoteCharacter');
  const qe = single(out.QuoteEscapeCharacter, '"', 'QuoteEscapeCharacter');
  const field = (v: Value) => {
    const s = csvText(v);
    const needs = quoteFields === 'ALWAYS' || s.includes(fd) || s.includes(q) || s.includes(rd) || /[\r\n]/.test(s);
    return needs ? q + s.split(q).join(qe + q) + q : s;
  };
  return (row) => checked(row.values.map(field).join(fd) + rd);
}

export function jsonWriter(out: T.JSONOutput): RowWriter {
  const rd = single(out.RecordDelimiter, '\n', 'RecordDelimiter', 2);
  return (row) => {
    const obj: Record<string, Value> = {};
    row.names.forEach((n, i) => {
      if (row.values[i] !== undefined) obj[n] = row.values[i];
    });
    return checked(JSON.stringify(obj) + rd);
  };
}

export function rowWriter(out: T.OutputSerialization): RowWriter {
  if (out.CSV && out.JSON) throw selectErrors.invalidRequestParameter('OutputSerialization names more than one format');
  if (out.CSV) return csvWriter(out.CSV);
  if (out.JSON) return jsonWriter(out.JSON);
  throw selectErrors.missingParameter('OutputSerialization');
}
