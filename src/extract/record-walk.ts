/**
 * Turns one decoded record (Parquet row, Avro datum) into segments the way the JSON reader does: each leaf value is a
 * segment at Macie's `records` location (recordIndex, jsonPath like `$.customer.cards[1].number`), with the field
 * names on its path as keyword context. Field names are schema, not data: they are not scanned themselves.
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

export function* walkRecord(value: unknown, recordIndex: number, maxDepth: number, limits: ValueLimits): Generator<Segment> {
  type Frame = { value: unknown; path: string; names: string[]; depth: number };
  const stack: Frame[] = [{ value, path: '$', names: [], depth: 0 }];
  while (stack.length) {
    const { value: v, path, names, depth } = stack.pop()!;
    if (v === null || v === undefined) continue;
    const text = leafText(v);
    if (text !== undefined) {
      if (text === '') continue;
      const location = { kind: 'record' as const, recordIndex, jsonPath: finishPath(path) };
      yield* valueSegments(text, location, limits, names);
      continue;
    }
    if (depth >= maxDepth || typeof v !== 'object') continue;
    // Children are pushed in reverse so they come out in order.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: path + indexStep(i), names, depth: depth + 1 });
    } else if (v instanceof Map) {
      const entries = [...v.entries()];
      for (let i = entries.length - 1; i >= 0; i--) {
        const key = String(entries[i][0]);
        stack.push({ value: entries[i][1], path: path + memberStep(key), names: [...names, key], depth: depth + 1 });
      }
    } else {
      const keys = Object.keys(v as object);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        stack.push({ value: (v as Record<string, unknown>)[key], path: path + memberStep(key), names: [...names, key], depth: depth + 1 });
      }
    }
  }
}
