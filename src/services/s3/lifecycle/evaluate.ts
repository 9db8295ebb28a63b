// Which lifecycle rule applies to what, and when (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html):
// S3 adds the rule's days to the object's creation time (for noncurrent versions, to the time the version became
// noncurrent; for uploads, to the initiation) and rounds the result up to the next midnight UTC. A Date rule acts on
// that date. Several rules on one object: the earliest expiration wins.
import type * as T from '../../../models/s3/index.js';
import { parseLifecycleColumn, type StoredLifecycle } from './rules.js';

export const DAY_MS = 86_400_000;

/** The midnight UTC that follows `ms + days` (S3: "rounding the resulting time to the next day midnight UTC"). */
export function dueAfterDays(ms: number, days: number): number {
  return Math.floor((ms + days * DAY_MS) / DAY_MS) * DAY_MS + DAY_MS;
}

export interface LifecycleSubject {
  key: string;
  size: number;
  tags: readonly { Key: string; Value: string }[];
}

const hasTag = (tags: LifecycleSubject['tags'], t: T.Tag) => tags.some((x) => x.Key === t.Key && x.Value === t.Value);

/** Whether the rule's filter (or legacy Prefix) selects the object. */
export function ruleSelects(rule: T.LifecycleRule, o: LifecycleSubject): boolean {
  if (rule.Filter === undefined) return o.key.startsWith(rule.Prefix ?? '');
  const f = rule.Filter.And ?? rule.Filter;
  if (f.Prefix !== undefined && !o.key.startsWith(f.Prefix)) return false;
  if (f.ObjectSizeGreaterThan !== undefined && !(o.size > f.ObjectSizeGreaterThan)) return false;
  if (f.ObjectSizeLessThan !== undefined && !(o.size < f.ObjectSizeLessThan)) return false;
  const tags = rule.Filter.Tag ? [rule.Filter.Tag] : (rule.Filter.And?.Tags ?? []);
  return tags.every((t) => hasTag(o.tags, t));
}

/** Whether the rule selects by tag or size, which delete markers and uploads do not have. */
export function filtersOnObjectOnly(rule: T.LifecycleRule): boolean {
  const f = rule.Filter?.And ?? rule.Filter;
  return Boolean(rule.Filter?.Tag || rule.Filter?.And?.Tags?.length || f?.ObjectSizeGreaterThan !== undefined || f?.ObjectSizeLessThan !== undefined);
}

const prefixOf = (rule: T.LifecycleRule) => rule.Filter ? (rule.Filter.And?.Prefix ?? rule.Filter.Prefix ?? '') : (rule.Prefix ?? '');

const enabled = (config: StoredLifecycle | undefined) => (config?.Rules ?? []).filter((r) => r.Status === 'Enabled');

/** When the current object expires, and by which rule (earliest first), or undefined. */
export function currentExpiry(config: StoredLifecycle | undefined, o: LifecycleSubject & { lastModifiedMs: number }): { at: number; ruleId: string } | undefined {
  let best: { at: number; ruleId: string } | undefined;
  for (const r of enabled(config)) {
    const e = r.Expiration;
    if (!e || (e.Days === undefined && e.Date === undefined) || !ruleSelects(r, o)) continue;
    const at = e.Days !== undefined ? dueAfterDays(o.lastModifiedMs, e.Days) : new Date(e.Date!).getTime();
    if (!best || at < best.at) best = { at, ruleId: r.ID! };
  }
  return best;
}

/**
 * When a noncurrent version expires: `newerNoncurrent` is how many noncurrent versions of the key are newer than
 * it (NewerNoncurrentVersions keeps that many), `noncurrentSinceMs` when its successor was written.
 */
export function noncurrentExpiry(config: StoredLifecycle | undefined, o: LifecycleSubject, noncurrentSinceMs: number, newerNoncurrent: number, isDeleteMarker: boolean): number | undefined {
  let best: number | undefined;
  for (const r of enabled(config)) {
    const n = r.NoncurrentVersionExpiration;
    if (!n?.NoncurrentDays) continue;
    if (isDeleteMarker ? filtersOnObjectOnly(r) || !o.key.startsWith(prefixOf(r)) : !ruleSelects(r, o)) continue;
    if (n.NewerNoncurrentVersions !== undefined && newerNoncurrent < n.NewerNoncurrentVersions) continue;
    const at = dueAfterDays(noncurrentSinceMs, n.NoncurrentDays);
    if (best === undefined || at < best) best = at;
  }
  return best;
}

/**
 * Whether an expired object delete marker (the key's only version) under `key` is to be removed: a rule asks with
 * ExpiredObjectDeleteMarker, or expires current versions by Days (or by a Date that has passed), which in a
 * versioned bucket also removes expired object delete markers (S3 User Guide, "Expiring objects").
 */
export function removesExpiredDeleteMarker(config: StoredLifecycle | undefined, key: string, now = Number.POSITIVE_INFINITY): boolean {
  return enabled(config).some((r) => {
    const e = r.Expiration;
    if (!e || filtersOnObjectOnly(r) || !key.startsWith(prefixOf(r))) return false;
    return e.ExpiredObjectDeleteMarker === true || e.Days !== undefined || (e.Date !== undefined && new Date(e.Date).getTime() <= now);
  });
}

/** When an incomplete multipart upload is aborted, or undefined. */
export function uploadAbortAt(config: StoredLifecycle | undefined, key: string, initiatedMs: number): number | undefined {
  let best: number | undefined;
  for (const r of enabled(config)) {
    const days = r.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
    if (!days || filtersOnObjectOnly(r) || !key.startsWith(prefixOf(r))) continue;
    const at = dueAfterDays(initiatedMs, days);
    if (best === undefined || at < best) best = at;
  }
  return best;
}

/** The x-amz-expiration header S3 sends with a current object that a rule will expire. */
export function expirationHeader(config: StoredLifecycle | undefined, o: LifecycleSubject & { lastModifiedMs: number }): string | undefined {
  const e = currentExpiry(config, o);
  return e ? `expiry-date="${new Date(e.at).toUTCString()}", rule-id="${encodeURIComponent(e.ruleId)}"` : undefined;
}

/** x-amz-expiration for a current object of a bucket whose `lifecycle` column is given. */
export function objectExpiration(lifecycleColumn: string | null | undefined, obj: { key: string; size: number; tags: readonly { Key: string; Value: string }[]; lastModified: Date }): string | undefined {
  if (!lifecycleColumn) return undefined;
  return expirationHeader(parseLifecycleColumn(lifecycleColumn), { key: obj.key, size: obj.size, tags: obj.tags, lastModifiedMs: obj.lastModified.getTime() });
}

/**
 * S3's transition waterfall (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html):
 * an object only moves down it, and S3 One Zone-IA does not move to Glacier Instant Retrieval.
 */
const WATERFALL: Record<string, number> = { STANDARD: 0, REDUCED_REDUNDANCY: 0, STANDARD_IA: 1, INTELLIGENT_TIERING: 2, ONEZONE_IA: 3, GLACIER_IR: 4, GLACIER: 5, DEEP_ARCHIVE: 6 };
const SMALL_OBJECT = 128 * 1024;

export function canTransition(from: string, to: string): boolean {
  const a = WATERFALL[from];
  const b = WATERFALL[to];
  if (a === undefined || b === undefined || b <= a) return false;
  return !(from === 'ONEZONE_IA' && to === 'GLACIER_IR');
}

/** Objects under 128 KB stay unless the rule filters on size, or the default lets them go to GLACIER / DEEP_ARCHIVE. */
function sizeAllows(config: StoredLifecycle, rule: T.LifecycleRule, size: number, to: string): boolean {
  const f = rule.Filter?.And ?? rule.Filter;
  if (f?.ObjectSizeGreaterThan !== undefined || f?.ObjectSizeLessThan !== undefined) return true;
  if (size >= SMALL_OBJECT) return true;
  return config.TransitionDefaultMinimumObjectSize === 'varies_by_storage_class' && (to === 'GLACIER' || to === 'DEEP_ARCHIVE');
}

/** The storage class a current object is due to move to now (the furthest due transition), or undefined. */
export function dueTransition(config: StoredLifecycle | undefined, o: LifecycleSubject & { lastModifiedMs: number; storageClass: string }, now: number): string | undefined {
  let best: string | undefined;
  for (const r of enabled(config)) {
    if (!r.Transitions?.length || !ruleSelects(r, o)) continue;
    for (const t of r.Transitions) {
      const at = t.Days !== undefined ? dueAfterDays(o.lastModifiedMs, t.Days) : new Date(t.Date!).getTime();
      const to = t.StorageClass!;
      if (at > now || !canTransition(o.storageClass, to) || !sizeAllows(config!, r, o.size, to)) continue;
      if (best === undefined || WATERFALL[to]! > WATERFALL[best]!) best = to;
    }
  }
  return best;
}

/** The storage class a noncurrent version is due to move to now, or undefined. */
export function dueNoncurrentTransition(config: StoredLifecycle | undefined, o: LifecycleSubject & { storageClass: string }, noncurrentSinceMs: number, newerNoncurrent: number, now: number): string | undefined {
  let best: string | undefined;
  for (const r of enabled(config)) {
    if (!r.NoncurrentVersionTransitions?.length || !ruleSelects(r, o)) continue;
    for (const t of r.NoncurrentVersionTransitions) {
      if (t.NewerNoncurrentVersions !== undefined && newerNoncurrent < t.NewerNoncurrentVersions) continue;
      const at = dueAfterDays(noncurrentSinceMs, t.NoncurrentDays!);
      const to = t.StorageClass!;
      if (at > now || !canTransition(o.storageClass, to) || !sizeAllows(config!, r, o.size, to)) continue;
      if (best === undefined || WATERFALL[to]! > WATERFALL[best]!) best = to;
    }
  }
  return best;
}
