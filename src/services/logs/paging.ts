// Opaque next tokens for the Describe operations: a position (the last key returned) that is checked strictly when
// it comes back, so a made-up or foreign token is InvalidParameterException, never a crash.
import { invalidParameter, invalidToken } from './wire-errors.js';

const PREFIX = 'n1';

export function encodeKey(key: readonly (string | number)[]): string {
  return PREFIX + Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeKey(token: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  if (!token.startsWith(PREFIX) || token.length > 4096) throw invalidToken();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (!Array.isArray(value) || value.length !== shape.length || value.some((v, i) => typeof v !== shape[i])) throw invalidToken();
  return value as (string | number)[];
}

/** Checks a Describe* `limit` (1–50, default 50). */
export function describeLimit(limit: number | undefined, max = 50): number {
  if (limit === undefined) return max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalidParameter(`limit must be between 1 and ${max}.`);
  }
  return limit;
}
