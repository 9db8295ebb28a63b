// Opaque keyset page tokens: the sort key of the last item returned plus a fingerprint of the query, so a token
// is only accepted by the query that issued it. Used by every paginated Macie operation in this part.
import { createHash } from 'node:crypto';
import { errors } from '../models/macie2/index.js';

export type KeyValue = string | number | null;

export interface PageToken {
  /** The last row's sort key, then its id. */
  after: KeyValue[];
}

export function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query ?? null)).digest('base64url').slice(0, 16);
}

export function encodePageToken(after: KeyValue[], query: unknown): string {
  return Buffer.from(JSON.stringify({ a: after, q: fingerprint(query) })).toString('base64url');
}

/** Decodes a token issued for the same query; anything else is a ValidationException, never a crash. */
export function decodePageToken(token: string | undefined, query: unknown, arity: number): PageToken | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  const invalid = () => new errors.ValidationException('The nextToken is not valid for this request.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!parsed || typeof parsed !== 'object') throw invalid();
  const { a, q } = parsed as { a?: unknown; q?: unknown };
  if (q !== fingerprint(query) || !Array.isArray(a) || a.length !== arity) throw invalid();
  if (!a.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) throw invalid();
  return { after: a as KeyValue[] };
}

/** A page size: the given value clamped into [1, max], or the default. */
export function pageSize(requested: number | undefined, def: number, max: number): number {
  if (requested === undefined || requested === null || !Number.isFinite(requested)) return def;
  return Math.min(Math.max(1, Math.floor(requested)), max);
}
