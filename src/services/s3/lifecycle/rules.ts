// S3 lifecycle configurations as PutBucketLifecycleConfiguration accepts them
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html, API_LifecycleRule,
// API_LifecycleExpiration, API_LifecycleRuleFilter): up to 1,000 rules, unique IDs of at most 255 characters (S3
// assigns one to a rule without), a Filter (or the legacy rule-level Prefix) with one predicate or an And of several,
// and at least one action. Transitions (API_Transition, API_NoncurrentVersionTransition) name a storage class once
// each, by Days (0 or more; 30 or more for STANDARD_IA and ONEZONE_IA) or Date, and must come before an expiration.
import { randomBytes } from 'node:crypto';
import type * as T from '../../../models/s3/index.js';
import { s3Errors } from '../../../storage/index.js';

export const MAX_LIFECYCLE_RULES = 1000;
export const MAX_RULE_ID_LENGTH = 255;
/** NewerNoncurrentVersions: "You can specify up to 100 noncurrent versions to retain." */
export const MAX_NEWER_NONCURRENT_VERSIONS = 100;
export const DEFAULT_TRANSITION_MINIMUM_SIZE: T.TransitionDefaultMinimumObjectSize = 'all_storage_classes_128K';
const DAY_MS = 86_400_000;

/** What the bucket keeps: the rules as accepted (every rule with an ID) and the transition default. */
export interface StoredLifecycle {
  Rules: T.LifecycleRule[];
  TransitionDefaultMinimumObjectSize: T.TransitionDefaultMinimumObjectSize;
}

const positive = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n > 0;

function tagsOf(filter: T.LifecycleRuleFilter | undefined): T.Tag[] {
  if (!filter) return [];
  if (filter.Tag) return [filter.Tag];
  return filter.And?.Tags ?? [];
}

function sizesOf(filter: T.LifecycleRuleFilter | undefined): { gt?: number; lt?: number } {
  const f = filter?.And ?? filter;
  return { gt: f?.ObjectSizeGreaterThan, lt: f?.ObjectSizeLessThan };
}

function checkFilter(rule: T.LifecycleRule): void {
  if (rule.Prefix !== undefined && rule.Filter !== undefined) throw s3Errors.malformedXml();
  if (rule.Prefix === undefined && rule.Filter === undefined) throw s3Errors.malformedXml();
  const f = rule.Filter;
  if (!f) return;
  const predicates = [f.Prefix, f.Tag, f.ObjectSizeGreaterThan, f.ObjectSizeLessThan, f.And].filter((p) => p !== undefined).length;
  if (predicates > 1) throw s3Errors.malformedXml();
  if (f.And) {
    const a = f.And;
    const n = (a.Prefix !== undefined ? 1 : 0) + (a.Tags?.length ?? 0) + (a.ObjectSizeGreaterThan !== undefined ? 1 : 0) + (a.ObjectSizeLessThan !== undefined ? 1 : 0);
    if (n === 0) throw s3Errors.malformedXml();
  }
  const keys = new Set<string>();
  for (const t of tagsOf(f)) {
    if (!t.Key) throw s3Errors.invalidArgument('The TagKey you have provided is invalid', 'Tag', String(t.Key));
    if (keys.has(t.Key)) throw s3Errors.invalidArgument('Duplicate Tag Keys are not allowed.', 'Tag', t.Key);
    keys.add(t.Key);
  }
  const { gt, lt } = sizesOf(f);
  if (gt !== undefined && (!Number.isInteger(gt) || gt < 0)) throw s3Errors.invalidArgument('ObjectSizeGreaterThan must be a non-negative integer', 'ObjectSizeGreaterThan', String(gt));
  if (lt !== undefined && (!Number.isInteger(lt) || lt <= 0)) throw s3Errors.invalidArgument('ObjectSizeLessThan must be a positive integer', 'ObjectSizeLessThan', String(lt));
  if (gt !== undefined && lt !== undefined && gt >= lt) throw s3Errors.invalidArgument('ObjectSizeGreaterThan must be less than ObjectSizeLessThan', 'ObjectSizeGreaterThan', String(gt));
}

function checkExpiration(rule: T.LifecycleRule): void {
  const e = rule.Expiration;
  if (!e) return;
  const set = [e.Days, e.Date, e.ExpiredObjectDeleteMarker].filter((v) => v !== undefined).length;
  if (set !== 1) throw s3Errors.malformedXml();
  if (e.Days !== undefined && !positive(e.Days)) throw s3Errors.invalidArgument("'Days' for Expiration action must be a positive integer", 'Days', String(e.Days));
  if (e.Date !== undefined && new Date(e.Date).getTime() % DAY_MS !== 0) throw s3Errors.invalidArgument("'Date' must be at midnight GMT", 'Date', new Date(e.Date).toISOString());
  if (e.ExpiredObjectDeleteMarker !== undefined && (tagsOf(rule.Filter).length || sizesOf(rule.Filter).gt !== undefined || sizesOf(rule.Filter).lt !== undefined)) {
    throw s3Errors.invalidRequest('ExpiredObjectDeleteMarker cannot be specified with Tag or ObjectSize filters.');
  }
}

function checkNoncurrent(rule: T.LifecycleRule): void {
  const n = rule.NoncurrentVersionExpiration;
  if (!n) return;
  if (!positive(n.NoncurrentDays)) throw s3Errors.invalidArgument("'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer", 'NoncurrentDays', String(n.NoncurrentDays));
  const keep = n.NewerNoncurrentVersions;
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1 || keep > MAX_NEWER_NONCURRENT_VERSIONS)) {
    throw s3Errors.invalidArgument(`'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be a positive integer up to ${MAX_NEWER_NONCURRENT_VERSIONS}`, 'NewerNoncurrentVersions', String(keep));
  }
}

const TRANSITION_CLASSES = new Set(['GLACIER', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR']);
const INFREQUENT = new Set(['STANDARD_IA', 'ONEZONE_IA']);

function checkTransitions(rule: T.LifecycleRule): void {
  const seen = new Set<string>();
  let byDays = 0;
  let byDate = 0;
  for (const t of rule.Transitions ?? []) {
    if (!t.StorageClass || !TRANSITION_CLASSES.has(t.StorageClass)) throw s3Errors.malformedXml();
    if ((t.Days === undefined) === (t.Date === undefined)) throw s3Errors.malformedXml();
    if (seen.has(t.StorageClass)) throw s3Errors.invalidArgument(`'StorageClass' must be different for 'Transition' actions in same 'Rule' with filter '${JSON.stringify(rule.Filter ?? rule.Prefix ?? {})}'`, 'StorageClass', t.StorageClass);
    seen.add(t.StorageClass);
    if (t.Days !== undefined) {
      byDays++;
      if (!Number.isInteger(t.Days) || t.Days < 0) throw s3Errors.invalidArgument("'Days' in Transition action must be nonnegative", 'Days', String(t.Days));
      if (INFREQUENT.has(t.StorageClass) && t.Days < 30) throw s3Errors.invalidArgument(`'Days' in Transition action for StorageClass ${t.StorageClass} must be greater than or equal to 30`, 'Days', String(t.Days));
      if (rule.Expiration?.Days !== undefined && rule.Expiration.Days <= t.Days) throw s3Errors.invalidArgument("'Days' in the Expiration action must be greater than 'Days' in the Transition action", 'Days', String(rule.Expiration.Days));
    } else {
      byDate++;
      if (new Date(t.Date!).getTime() % DAY_MS !== 0) throw s3Errors.invalidArgument("'Date' must be at midnight GMT", 'Date', new Date(t.Date!).toISOString());
      if (rule.Expiration?.Date !== undefined && new Date(rule.Expiration.Date).getTime() <= new Date(t.Date!).getTime()) throw s3Errors.invalidArgument("'Date' in the Expiration action must be later than 'Date' in the Transition action", 'Date', new Date(rule.Expiration.Date).toISOString());
    }
  }
  if (byDays && byDate) throw s3Errors.invalidRequest("Found mixed 'Date' and 'Days' based Transition actions in lifecycle rule");
  const nseen = new Set<string>();
  for (const t of rule.NoncurrentVersionTransitions ?? []) {
    if (!t.StorageClass || !TRANSITION_CLASSES.has(t.StorageClass)) throw s3Errors.malformedXml();
    if (t.NoncurrentDays === undefined || !Number.isInteger(t.NoncurrentDays) || t.NoncurrentDays < 0) throw s3Errors.invalidArgument("'NoncurrentDays' in NoncurrentVersionTransition action must be nonnegative", 'NoncurrentDays', String(t.NoncurrentDays));
    if (INFREQUENT.has(t.StorageClass) && t.NoncurrentDays < 30) throw s3Errors.invalidArgument(`'NoncurrentDays' in NoncurrentVersionTransition action for StorageClass ${t.StorageClass} must be greater than or equal to 30`, 'NoncurrentDays', String(t.NoncurrentDays));
    if (nseen.has(t.StorageClass)) throw s3Errors.invalidArgument("'StorageClass' must be different for 'NoncurrentVersionTransition' actions in same 'Rule'", 'StorageClass', t.StorageClass);
    nseen.add(t.StorageClass);
    const keep = t.NewerNoncurrentVersions;
    if (keep !== undefined && (!Number.isInteger(keep) || keep < 1 || keep > MAX_NEWER_NONCURRENT_VERSIONS)) throw s3Errors.invalidArgument(`'NewerNoncurrentVersions' must be a positive integer up to ${MAX_NEWER_NONCURRENT_VERSIONS}`, 'NewerNoncurrentVersions', String(keep));
    const exp = rule.NoncurrentVersionExpiration?.NoncurrentDays;
    if (exp !== undefined && exp <= t.NoncurrentDays) throw s3Errors.invalidArgument("'NoncurrentDays' in the NoncurrentVersionExpiration action must be greater than 'NoncurrentDays' in the NoncurrentVersionTransition action", 'NoncurrentDays', String(exp));
  }
}

function checkAbort(rule: T.LifecycleRule): void {
  const a = rule.AbortIncompleteMultipartUpload;
  if (!a) return;
  if (!positive(a.DaysAfterInitiation)) throw s3Errors.invalidArgument("'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer", 'DaysAfterInitiation', String(a.DaysAfterInitiation));
  const { gt, lt } = sizesOf(rule.Filter);
  if (tagsOf(rule.Filter).length) throw s3Errors.invalidRequest('AbortIncompleteMultipartUpload cannot be specified with Tags.');
  if (gt !== undefined || lt !== undefined) throw s3Errors.invalidRequest('AbortIncompleteMultipartUpload cannot be specified with ObjectSize filters.');
}

/** The configuration as S3 accepts it (IDs assigned), or S3's error. */
export function validateLifecycleConfiguration(config: T.BucketLifecycleConfiguration | undefined, transitionDefault?: T.TransitionDefaultMinimumObjectSize): StoredLifecycle {
  const rules = config?.Rules ?? [];
  if (rules.length === 0) throw s3Errors.malformedXml();
  if (rules.length > MAX_LIFECYCLE_RULES) throw s3Errors.invalidRequest(`A lifecycle configuration can have at most ${MAX_LIFECYCLE_RULES} rules.`);
  if (transitionDefault !== undefined && transitionDefault !== 'all_storage_classes_128K' && transitionDefault !== 'varies_by_storage_class') {
    throw s3Errors.invalidArgument('Invalid value for x-amz-transition-default-minimum-object-size', 'x-amz-transition-default-minimum-object-size', transitionDefault);
  }
  const ids = new Set<string>();
  const accepted: T.LifecycleRule[] = [];
  for (const rule of rules) {
    if (rule.ID !== undefined && rule.ID.length > MAX_RULE_ID_LENGTH) throw s3Errors.invalidArgument(`ID length should not exceed allowed limit of ${MAX_RULE_ID_LENGTH}`, 'ID', rule.ID);
    if (rule.Status !== 'Enabled' && rule.Status !== 'Disabled') throw s3Errors.malformedXml();
    checkFilter(rule);
    const actions = [rule.Expiration, rule.Transitions?.length ? rule.Transitions : undefined, rule.NoncurrentVersionExpiration, rule.NoncurrentVersionTransitions?.length ? rule.NoncurrentVersionTransitions : undefined, rule.AbortIncompleteMultipartUpload];
    if (actions.every((a) => a === undefined)) throw s3Errors.invalidRequest('At least one action needs to be specified in a rule');
    checkExpiration(rule);
    checkNoncurrent(rule);
    checkAbort(rule);
    checkTransitions(rule);
    // S3 gives a rule without an ID a generated one, which GetBucketLifecycleConfiguration returns.
    const id = rule.ID ?? randomBytes(36).toString('base64').replace(/[+/=]/g, '').slice(0, 48);
    if (ids.has(id)) throw s3Errors.invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', id);
    ids.add(id);
    accepted.push({ ...rule, ID: id });
  }
  return { Rules: accepted, TransitionDefaultMinimumObjectSize: transitionDefault ?? DEFAULT_TRANSITION_MINIMUM_SIZE };
}

export function parseLifecycleColumn(json: string | null | undefined): StoredLifecycle | undefined {
  if (!json) return undefined;
  const stored = JSON.parse(json) as StoredLifecycle;
  // Dates come back from JSON as strings.
  for (const r of stored.Rules) {
    if (r.Expiration?.Date !== undefined) r.Expiration.Date = new Date(r.Expiration.Date);
    for (const t of r.Transitions ?? []) if (t.Date !== undefined) t.Date = new Date(t.Date);
  }
  return stored;
}
