// Which accounts a run reaches and whether it may analyse each one's buckets now. A Macie administrator's job
// reaches its own buckets and those of its associated members; before planning, every account other than the
// job's own is checked, and one that can't be analysed gets its ACCOUNT_* event once and its buckets skipped
// while the run goes on with the others. The job's own account being suspended cancels the job (seed table,
// ACCOUNT_SUSPENDED). Members whose every bucket refuses Macie get ACCOUNT_ACCESS_DENIED instead of a
// BUCKET_ACCESS_DENIED per bucket.
import type { ObjectStorage } from '../storage/index.js';
import { inspectBucket, type BucketAccessCheck } from './bucket-check.js';
import type { JobEventType } from './events.js';

export type AccountEventType = Extract<JobEventType, `ACCOUNT_${string}`>;

/** Supplied by the macie2 provider (members, sessions and account states live there and in iam). */
export interface JobAccounts {
  /** The administrator's associated member accounts in the Region (whose buckets criteria-based jobs consider). */
  members(adminAccountId: string, region: string): Promise<string[]>;
  /** Why the job can't analyse `accountId`'s buckets now, as its account-level event; undefined when it can. */
  condition(adminAccountId: string, region: string, accountId: string): Promise<AccountEventType | undefined>;
}

export interface AccountGate {
  /** Buckets the run keeps. */
  buckets: Array<{ account_id: string; bucket: string }>;
  events: Array<{ type: JobEventType; details: { runDateMs: number; affectedAccount: string; operation?: string } }>;
  /** The job's own account is suspended: the job is cancelled. */
  cancel: boolean;
}

/** Checks each account a run's buckets belong to (the job's own account first). */
export async function gateAccounts(
  accounts: JobAccounts | undefined,
  job: { accountId: string; region: string },
  runDateMs: number,
  buckets: Array<{ account_id: string; bucket: string }>,
  storageFor: (accountId: string) => Promise<ObjectStorage>,
  access: BucketAccessCheck | undefined,
): Promise<AccountGate> {
  const gate: AccountGate = { buckets: [], events: [], cancel: false };
  if (!accounts) return { ...gate, buckets };
  const own = await accounts.condition(job.accountId, job.region, job.accountId);
  if (own === 'ACCOUNT_SUSPENDED') {
    gate.events.push({ type: 'ACCOUNT_SUSPENDED', details: { runDateMs, affectedAccount: job.accountId } });
    return { ...gate, cancel: true };
  }
  const byAccount = new Map<string, Array<{ account_id: string; bucket: string }>>();
  for (const b of buckets) byAccount.set(b.account_id, [...(byAccount.get(b.account_id) ?? []), b]);
  for (const [accountId, list] of byAccount) {
    if (accountId === job.accountId) {
      gate.buckets.push(...list);
      continue;
    }
    const condition = await accounts.condition(job.accountId, job.region, accountId);
    if (condition) {
      gate.events.push({ type: condition, details: { runDateMs, affectedAccount: accountId } });
      continue;
    }
    if (await everyBucketDenied(list, accountId, job, storageFor, access)) {
      gate.events.push({ type: 'ACCOUNT_ACCESS_DENIED', details: { runDateMs, affectedAccount: accountId, operation: 'ListObjectsV2' } });
      continue;
    }
    gate.buckets.push(...list);
  }
  return gate;
}

async function everyBucketDenied(
  list: Array<{ bucket: string }>,
  accountId: string,
  job: { region: string },
  storageFor: (accountId: string) => Promise<ObjectStorage>,
  access: BucketAccessCheck | undefined,
): Promise<boolean> {
  if (!access || list.length === 0) return false;
  const storage = await storageFor(accountId);
  for (const b of list) {
    // The member's buckets are read with the member's own Macie service-linked role (as Macie does), so the check
    // runs as that account.
    const inspection = await inspectBucket(storage, { accountId, region: job.region, bucket: b.bucket, scannerAccountId: accountId }, access);
    if (inspection.ok || inspection.problem.type !== 'BUCKET_ACCESS_DENIED') return false;
  }
  return true;
}
