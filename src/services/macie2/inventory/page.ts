// Offset pagination over an in-memory, sorted list (DescribeBuckets, SearchResources, GetUsageStatistics).
import { CriteriaError } from './criteria.js';

/** Body `maxResults` has no model limits; Macie documents a default and maximum of 50 for the bucket operations. */
export const INVENTORY_PAGE = 50;

export function page<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined, cap = INVENTORY_PAGE): { items: T[]; nextToken?: string } {
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 1)) throw new CriteriaError('maxResults must be a positive integer.');
  const size = Math.min(maxResults ?? cap, cap);
  let start = 0;
  if (nextToken) {
    const decoded = /^o(\d{1,9})$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!decoded) throw new CriteriaError('The nextToken is not valid.');
    start = Number(decoded[1]);
  }
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: Buffer.from(`o${end}`).toString('base64url') } : {}) };
}
