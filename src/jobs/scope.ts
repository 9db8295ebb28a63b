// Which buckets and objects a run analyses: runtime bucket criteria on bucket attributes and tags, the job's
// object scoping (extension, key prefix, size, last modified, object tags), storage-class eligibility,
// incremental runs and sampling. Pure.
import { createHash } from 'node:crypto';
import type { CriteriaBlockForJob, JobScopeTerm, JobScopingBlock, S3BucketCriteriaForJob, Scoping } from './types.js';

/** Storage classes Macie analyses (F.1); objects in any other class are unclassifiable and skipped. */
export const CLASSIFIABLE_STORAGE_CLASSES: ReadonlySet<string> = new Set([
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR',
]);

export interface BucketAttributes {
  accountId: string;
  name: string;
  effectivePermission: 'PUBLIC' | 'NOT_PUBLIC' | 'UNKNOWN';
  sharedAccess: 'EXTERNAL' | 'INTERNAL' | 'NOT_SHARED' | 'UNKNOWN';
  tags: ReadonlyArray<{ Key: string; Value: string }>;
}

function criterionMatches(c: NonNullable<CriteriaBlockForJob['and']>[number], b: BucketAttributes): boolean {
  if (c.simpleCriterion) {
    const { comparator, key, values = [] } = c.simpleCriterion;
    const actual =
      key === 'ACCOUNT_ID' ? b.accountId : key === 'S3_BUCKET_NAME' ? b.name : key === 'S3_BUCKET_EFFECTIVE_PERMISSION' ? b.effectivePermission : b.sharedAccess;
    // Values are OR-joined, exact and case-sensitive.
    const hit = values.includes(actual);
    return comparator === 'NE' ? !hit : hit;
  }
  const { comparator, tagValues = [] } = c.tagCriterion ?? {};
  const hit = tagValues.some((t) => b.tags.some((tag) => tag.Key === t.key && (t.value === undefined || t.value === '' || tag.Value === t.value)));
  return comparator === 'NE' ? !hit : hit;
}

const blockMatches = (block: CriteriaBlockForJob | undefined, b: BucketAttributes) => (block?.and ?? []).every((c) => criterionMatches(c, b));

/** Whether a bucket matches a job's runtime criteria: all includes hold, and not all excludes hold. */
export function bucketMatches(criteria: S3BucketCriteriaForJob, b: BucketAttributes): boolean {
  if (criteria.includes && !blockMatches(criteria.includes, b)) return false;
  if (criteria.excludes?.and?.length && blockMatches(criteria.excludes, b)) return false;
  return true;
}

export interface ScopedObject {
  key: string;
  size: number;
  lastModified: Date;
  storageClass: string;
  tags?: ReadonlyArray<{ Key: string; Value: string }>;
}

export function extensionOfKey(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function compare(actual: number, comparator: string | undefined, expected: number): boolean {
  switch (comparator) {
    case 'EQ': return actual === expected;
    case 'NE': return actual !== expected;
    case 'GT': return actual > expected;
    case 'GTE': return actual >= expected;
    case 'LT': return actual < expected;
    case 'LTE': return actual <= expected;
    default: return false;
  }
}

function termMatches(term: JobScopeTerm, o: ScopedObject): boolean {
  if (term.simpleScopeTerm) {
    const { comparator, key, values = [] } = term.simpleScopeTerm;
    switch (key) {
      case 'OBJECT_EXTENSION': {
        const hit = values.some((v) => v.replace(/^\./, '').toLowerCase() === extensionOfKey(o.key));
        return comparator === 'NE' ? !hit : hit;
      }
      case 'OBJECT_KEY':
        return values.some((v) => o.key.startsWith(v));
      case 'OBJECT_SIZE':
        return compare(o.size, comparator, Number(values[0]));
      case 'OBJECT_LAST_MODIFIED_DATE':
        // Compared at the precision the date is given in (whole seconds in Macie's examples).
        return compare(Math.floor(o.lastModified.getTime() / 1000), comparator, Math.floor(Date.parse(values[0] ?? '') / 1000));
      default:
        return false;
    }
  }
  const { comparator, tagValues = [] } = term.tagScopeTerm ?? {};
  const tags = o.tags ?? [];
  const hit = tagValues.some((t) => tags.some((tag) => tag.Key === t.key && (t.value === undefined || t.value === '' || tag.Value === t.value)));
  return comparator === 'NE' ? !hit : hit;
}

const scopeBlockMatches = (block: JobScopingBlock | undefined, o: ScopedObject) => (block?.and ?? []).every((t) => termMatches(t, o));

/** Whether an object is in a job's scope: all include terms hold, and not all exclude terms hold. */
export function objectInScope(scoping: Scoping | undefined, o: ScopedObject): boolean {
  if (!scoping) return true;
  if (scoping.includes && !scopeBlockMatches(scoping.includes, o)) return false;
  if (scoping.excludes?.and?.length && scopeBlockMatches(scoping.excludes, o)) return false;
  return true;
}

/** Whether scoping needs object tags (so a listing without them must be completed by HeadObject). */
export function scopingUsesTags(scoping: Scoping | undefined): boolean {
  return [...(scoping?.includes?.and ?? []), ...(scoping?.excludes?.and ?? [])].some((t) => t.tagScopeTerm !== undefined);
}

/**
 * Sampling: a random selection that is stable for one run (the same objects are picked when a run is planned
 * again after a restart) and different between runs.
 */
export function sampled(percentage: number, runId: string, bucket: string, key: string): boolean {
  if (percentage >= 100) return true;
  const h = createHash('sha256').update(`${runId}\0${bucket}\0${key}`).digest();
  return h.readUInt32BE(0) % 10_000 < percentage * 100;
}

/** Incremental runs: objects new or changed at or after the cutoff (null: every object). */
export const changedSince = (o: ScopedObject, sinceMs: number | null): boolean => sinceMs === null || o.lastModified.getTime() >= sinceMs;
