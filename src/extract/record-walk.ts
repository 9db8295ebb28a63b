/**
 * Turns one decoded record (Parquet row, Avro datum) into segments the way the JSON reader does: each leaf value is a
 * segment at Macie's `records` location (recordIndex, jsonPath like `$.customer.cards[1].number`), with the field
 * names on its path as keyword context. Field names are schema, not data: they are not scanned themselves.
 * Records of one file repeat the same field names row after row, so each path step and each list of names is built
 * once (RecordPaths) and shared by every record: a leaf costs its location object and nothing else.
 */
import { finishPath, indexStep, memberStep } from './json-path.js';
import { valueSegments, type ValueLimits } from './long-values.js';
import type { Segment } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text of a leaf value; undefined for values that hold no text (null, empty, undecodable bytes). */
export function leafText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string': return value;
    case 'number':
    case 'bigint':
    case 'boolean': return String(value);
    default: break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (value instanceof Uint8Array) {
    try {
      return utf8.decode(value);
    } catch {
      return undefined; // binary data: nothing to read as text
    }
  }
  return undefined;
}

/** Most distinct member names remembered per file (a record with ever-new keys, like a map, stops being cached). */
const MAX_CACHED = 10_000;

/** Paths and keyword-context lists shared by the records of one file. */
export class RecordPaths {
  private readonly steps = new Map<string, string>();
  private readonly children = new WeakMap<readonly string[], Map<string, string[]>>();
  private cached = 0;
  readonly root: string[] = [];

  step(key: string): string {
    let s = this.steps.get(key);
    if (s === undefined) {
      s = memberStep(key);
      if (this.cached < MAX_CACHED) (this.steps.set(key, s), this.cached++);
    }
    return s;
  }

  /** `names` with `key` appended, the same array each time for the same parent and key. */
  names(names: readonly string[], key: string): string[] {
    let byKey = this.children.get(names);
    if (!byKey) (byKey = new Map()), this.children.set(names, byKey);
    let out = byKey.get(key);
    if (!out) {
      out = [...names, key];
      if (this.cached < MAX_CACHED) (byKey.set(key, out), this.cached++);
    }
    return out;
  }
}

/** Appends the segments of one leaf's text to `out`. */
export function pushValue(out: Segment[], text: string, recordIndex: number, path: string, names: readonly string[], limits: ValueLimits): void {
  if (text === '') return;
  const location = { kind: 'record' as const, recordIndex, jsonPath: finishPath(path) };
  if (text.length <= Math.max(16, limits.maxSegmentChars)) {
    out.push(names.length ? { text, location, keywordContext: names as string[] } : { text, location });
    return;
  }
  for (const s of valueSegments(text, location, limits, names.length ? (names as string[]) : undefined)) out.push(s);
}

/**
 * Appends the segments of `value` (any JSON-like value: objects, arrays, Maps, leaves) found at `path` under the
 * names `names`, going at most `maxDepth - depth` levels further down.
 */
export function walkValue(
  out: Segment[],
  value: unknown,
  recordIndex: number,
  path: string,
  names: readonly string[],
  depth: number,
  maxDepth: number,
  limits: ValueLimits,
  paths: RecordPaths,
): void {
  if (value === null || value === undefined) return;
  const text = leafText(value);
  if (text !== undefined) {
    pushValue(out, text, recordIndex, path, names, limits);
    return;
  }
  // Bytes that are not text (and typed arrays) are binary data, never walked index by index.
  if (depth >= maxDepth || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walkValue(out, value[i], recordIndex, path + indexStep(i), names, depth + 1, maxDepth, limits, paths);
  } else if (value instanceof Map) {
    for (const [k, v] of value) {
      const key = String(k);
      walkValue(out, v, recordIndex, path + paths.step(key), paths.names(names, key), depth + 1, maxDepth, limits, paths);
    }
  } else {
    for (const key of Object.keys(value)) {
      walkValue(out, (value as Record<string, unknown>)[key], recordIndex, path + paths.step(key), paths.names(names, key), depth + 1, maxDepth, limits, paths);
    }
  }
}
