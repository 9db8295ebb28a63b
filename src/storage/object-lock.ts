// Object Lock as the embedded store enforces it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html):
// a version under a legal hold, or under COMPLIANCE retention until its date, cannot be deleted by anyone; under
// GOVERNANCE retention only with the bypass (which the provider grants only to callers allowed
// s3:BypassGovernanceRetention who sent x-amz-bypass-governance-retention: true). Delete markers carry no lock.
import { ServiceError } from '../common/errors.js';

export interface LockState {
  lock_mode: string | null;
  lock_until: number | null;
  legal_hold: number | null;
}

export const objectLockDenied = () => new ServiceError('AccessDenied', 'Access Denied because object protected by object lock.', 403);

export function isRetained(v: LockState, nowMs: number): boolean {
  return v.lock_mode !== null && v.lock_until !== null && Number(v.lock_until) > nowMs;
}

/** Throws AccessDenied unless this version may be deleted now. */
export function checkDeletable(v: LockState, nowMs: number, bypassGovernance: boolean): void {
  if (v.legal_hold === 1) throw objectLockDenied();
  if (!isRetained(v, nowMs)) return;
  if (v.lock_mode === 'COMPLIANCE' || !bypassGovernance) throw objectLockDenied();
}

/** Object Lock configuration as stored on the bucket. */
export interface BucketObjectLock {
  ObjectLockEnabled: 'Enabled';
  Rule?: { DefaultRetention?: { Mode?: 'GOVERNANCE' | 'COMPLIANCE'; Days?: number; Years?: number } };
}

/** The retention a new version gets from the bucket's default rule, if any. */
export function defaultRetention(config: BucketObjectLock | undefined, nowMs: number): { mode: string; until: number } | undefined {
  const r = config?.Rule?.DefaultRetention;
  if (!r?.Mode) return undefined;
  const until = new Date(nowMs);
  if (r.Days) until.setUTCDate(until.getUTCDate() + r.Days);
  if (r.Years) until.setUTCFullYear(until.getUTCFullYear() + r.Years);
  return { mode: r.Mode, until: until.getTime() };
}
