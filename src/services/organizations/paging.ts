// Organizations' NextToken: an offset into a stable ordering, opaque to clients.
import { invalidInput } from './wire.js';

export function page<T>(items: T[], input: { NextToken?: string; MaxResults?: number }, defaultMax = 20): { page: T[]; NextToken?: string } {
  let start = 0;
  if (input.NextToken !== undefined) {
    const m = /^o1\.(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!m) throw invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.');
    start = Number(m[1]);
  }
  const max = input.MaxResults ?? defaultMax;
  const slice = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(`o1.${start + max}`, 'utf8').toString('base64url') : undefined;
  return { page: slice, ...(next ? { NextToken: next } : {}) };
}
