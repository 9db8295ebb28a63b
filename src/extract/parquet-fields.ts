/**
 * A Parquet schema turned into the fields a row is walked by: structs, LISTs and MAPs as hyparquet assembles them,
 * and for each leaf how its value is written as text, by physical and logical type:
 *   BOOLEAN, INT32/INT64 (INT_n, UINT_n, TIME), FLOAT, DOUBLE, FLOAT16  → the number
 *   DECIMAL (INT32, INT64, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY)              → exact, scale digits after the point
 *   DATE                                                                   → YYYY-MM-DD
 *   TIMESTAMP (MILLIS/MICROS/NANOS), INT96                                 → ISO 8601 instant (milliseconds)
 *   STRING/UTF8, ENUM, unannotated BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY       → the text when the bytes are UTF-8, else nothing
 *   UUID                                                                   → 8-4-4-4-12 hex
 *   JSON, BSON                                                             → the document, walked like a JSON file
 *   INTERVAL                                                               → nothing (no text)
 * hyparquet converts DECIMAL to a float and refuses BSON and INTERVAL, so those columns' annotations are taken off a
 * copy of the metadata before reading (their raw values come through) and applied here instead.
 */
import type { FileMetaData, SchemaElement, SchemaTree } from 'hyparquet';
import { parquetSchema } from 'hyparquet';
import { decodeBson, looksLikeBson } from './bson.js';
import { indexStep } from './json-path.js';
import { leafText, pushValue, walkValue, type RecordPaths } from './record-walk.js';
import type { ValueLimits } from './long-values.js';
import type { Segment } from './types.js';

/** How a leaf's value becomes text: a string, a document to walk, or nothing. */
type Leaf = (value: unknown) => string | { document: unknown } | undefined;

export interface Field {
  kind: 'leaf' | 'struct' | 'list' | 'map' | 'any';
  name: string;
  /** Repeated without a LIST annotation: the value is an array of what the field holds. */
  repeated: boolean;
  /** `.name` (or `['odd name']`) */
  step: string;
  /** The path and keyword names when no list or map lies above (most columns): built once. */
  staticPath: string;
  staticNames: string[];
  children: Field[];
  leaf?: Leaf;
  /** For a repeated field: the same field for one of its values. */
  single?: Field;
}

/** Marks put on the metadata copy's elements whose annotation Sift applies itself. */
interface Marked extends SchemaElement {
  siftDecimalScale?: number;
  siftBson?: boolean;
  siftNoText?: boolean;
}

/** A copy of the metadata with DECIMAL, BSON and INTERVAL annotations moved to Sift's marks. */
export function withOwnConversions(metadata: FileMetaData): FileMetaData {
  const schema = metadata.schema.map((e): Marked => {
    const logical = e.logical_type?.type;
    if (e.converted_type === 'DECIMAL' || logical === 'DECIMAL') {
      const scale = e.scale ?? (e.logical_type as { scale?: number } | undefined)?.scale ?? 0;
      return { ...e, converted_type: undefined, logical_type: undefined, siftDecimalScale: scale };
    }
    if (e.converted_type === 'BSON' || logical === 'BSON') return { ...e, converted_type: undefined, logical_type: undefined, siftBson: true };
    if (e.converted_type === 'INTERVAL') return { ...e, converted_type: undefined, logical_type: undefined, siftNoText: true };
    return e;
  });
  return { ...metadata, schema };
}

/** hyparquet's own tests of LIST and MAP shape (schema.js), so the walk sees what the assembly built. */
function isListLike(t: SchemaTree): boolean {
  if (t.element.converted_type !== 'LIST' || t.children.length > 1) return false;
  const first = t.children[0];
  return !!first && first.children.length <= 1 && first.element.repetition_type === 'REPEATED';
}
function isMapLike(t: SchemaTree): boolean {
  if (t.element.converted_type !== 'MAP' || t.children.length > 1) return false;
  const first = t.children[0];
  if (!first || first.children.length !== 2 || first.element.repetition_type !== 'REPEATED') return false;
  const key = first.children.find((c) => c.element.name === 'key');
  const value = first.children.find((c) => c.element.name === 'value');
  return !!key && !!value && key.element.repetition_type !== 'REPEATED' && value.element.repetition_type !== 'REPEATED';
}

export function fieldsOf(metadata: FileMetaData, paths: RecordPaths): Field[] {
  const root = parquetSchema(metadata);
  return root.children.map((c) => build(c, '$', paths.root, true, paths));
}

/**
 * One schema node as a field. `transparent` nodes (a list's element, a map's value) add no name of their own to the
 * path or the keyword names: their values are reached by index or key.
 */
function build(t: SchemaTree, parentPath: string, parentNames: string[], fixed: boolean, paths: RecordPaths, transparent = false): Field {
  const name = t.element.name;
  const step = transparent ? '' : paths.step(name);
  const staticNames = transparent ? parentNames : paths.names(parentNames, name);
  const repeated = !transparent && t.element.repetition_type === 'REPEATED';
  const under = fixed && !repeated;
  const staticPath = fixed ? parentPath + step : '';
  const field: Field = { kind: 'leaf', name, repeated, step, staticPath, staticNames, children: [] };
  if (t.element.logical_type?.type === 'VARIANT') field.kind = 'any';
  else if (isListLike(t)) {
    const sub = t.children[0];
    field.kind = 'list';
    field.children = [build(sub.children.length === 1 ? sub.children[0] : sub, '', staticNames, false, paths, true)];
  } else if (isMapLike(t)) {
    field.kind = 'map';
    field.children = [build(t.children[0].children.find((c) => c.element.name === 'value')!, '', staticNames, false, paths, true)];
  } else if (t.children.length) {
    field.kind = 'struct';
    field.children = t.children.map((c) => build(c, staticPath, staticNames, under, paths));
  } else field.leaf = leafOf(t.element as Marked);
  if (repeated) field.single = { ...field, repeated: false };
  return field;
}

function leafOf(e: Marked): Leaf {
  if (e.siftNoText) return () => undefined;
  if (e.siftDecimalScale !== undefined) {
    const scale = e.siftDecimalScale;
    return (v) => decimalText(v, scale);
  }
  if (e.siftBson) {
    return (v) => (v instanceof Uint8Array && looksLikeBson(v) ? { document: bsonOrUndefined(v) } : undefined);
  }
  if (e.converted_type === 'JSON' || e.logical_type?.type === 'JSON') return (v) => (v !== null && typeof v === 'object' && !(v instanceof Date) ? { document: v } : leafText(v));
  return leafText;
}

function bsonOrUndefined(v: Uint8Array): unknown {
  try {
    return decodeBson(v, 64);
  } catch {
    return undefined; // a malformed document holds no text Sift can place
  }
}

/** An unscaled DECIMAL (INT32, INT64 or big-endian two's complement bytes) written exactly with `scale` decimals. */
export function decimalText(value: unknown, scale: number): string | undefined {
  let unscaled: bigint;
  if (typeof value === 'bigint') unscaled = value;
  else if (typeof value === 'number' && Number.isInteger(value)) unscaled = BigInt(value);
  else if (value instanceof Uint8Array) {
    if (value.length === 0) return undefined;
    let n = 0n;
    for (const b of value) n = (n << 8n) | BigInt(b);
    unscaled = BigInt.asIntN(value.length * 8, n);
  } else return undefined;
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  } else if (scale < 0) digits += '0'.repeat(Math.min(-scale, 64));
  return negative ? `-${digits}` : digits;
}

/** Parsers handed to hyparquet: DATE as a calendar date, JSON that does not parse kept as its text. */
export const parquetParsers = {
  dateFromDays(days: number): Date {
    const d = new Date(days * 86400000);
    return (Number.isNaN(d.getTime()) ? String(days) : d.toISOString().slice(0, 10)) as unknown as Date;
  },
  jsonFromBytes(bytes: Uint8Array | undefined): unknown {
    if (!bytes) return bytes;
    const text = new TextDecoder().decode(bytes);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  },
};

/** Appends the segments of one row to `out`, walking it field by field. */
export function walkRow(out: Segment[], row: Record<string, unknown>, fields: readonly Field[], recordIndex: number, maxDepth: number, limits: ValueLimits, paths: RecordPaths): void {
  for (const f of fields) walkField(out, row[f.name], f, recordIndex, f.staticPath, f.staticNames, 1, maxDepth, limits, paths);
}

function walkField(
  out: Segment[], value: unknown, f: Field, recordIndex: number, path: string, names: readonly string[],
  depth: number, maxDepth: number, limits: ValueLimits, paths: RecordPaths,
): void {
  if (value === null || value === undefined || depth > maxDepth) return;
  if (f.repeated) {
    if (!Array.isArray(value)) return;
    const one = f.single!;
    for (let i = 0; i < value.length; i++) walkField(out, value[i], one, recordIndex, path + indexStep(i), names, depth + 1, maxDepth, limits, paths);
    return;
  }
  switch (f.kind) {
    case 'leaf': {
      const text = f.leaf!(value);
      if (typeof text === 'string') pushValue(out, text, recordIndex, path, names, limits);
      else if (text) walkValue(out, text.document, recordIndex, path, names, depth, maxDepth, limits, paths);
      return;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) break;
      const o = value as Record<string, unknown>;
      for (const c of f.children) {
        const childPath = c.staticPath || path + c.step;
        walkField(out, o[c.name], c, recordIndex, childPath, names === f.staticNames ? c.staticNames : paths.names(names, c.name), depth + 1, maxDepth, limits, paths);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) break;
      const element = f.children[0];
      for (let i = 0; i < value.length; i++) walkField(out, value[i], element, recordIndex, path + indexStep(i), names, depth + 1, maxDepth, limits, paths);
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) break;
      const element = f.children[0];
      for (const key of Object.keys(value as object)) {
        walkField(out, (value as Record<string, unknown>)[key], element, recordIndex, path + paths.step(key), paths.names(names, key), depth + 1, maxDepth, limits, paths);
      }
      return;
    }
    default: break;
  }
  // A shape the schema did not predict (a variant, an unusual nesting): walked as plain JSON-like data.
  walkValue(out, value, recordIndex, path, names, depth, maxDepth, limits, paths);
}
