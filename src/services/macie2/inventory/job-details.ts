// BucketMetadata.jobDetails from the jobs part's tables: whether a job names the bucket (or one of its runs
// analysed it through runtime criteria), whether an active scheduled job does, and the latest run that analysed it.
import type { Kysely } from 'kysely';
import type { JobDetails } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';

interface Definition {
  s3JobDefinition?: { bucketDefinitions?: Array<{ accountId?: string; buckets?: string[] }> };
}

const ACTIVE = new Set(['RUNNING', 'IDLE', 'PAUSED', 'USER_PAUSED']);

/** Job details for each bucket of the account in the Region, keyed by bucket name. */
export async function jobDetailsByBucket(db: Kysely<Database>, accountId: string, region: string, buckets: string[]): Promise<Map<string, JobDetails>> {
  const rows = await db.selectFrom('macie_jobs').select(['job_id', 'job_type', 'status', 'definition']).where('account_id', '=', accountId).where('region', '=', region).execute();
  const jobs = rows.map((j) => ({ ...j, listed: new Set((JSON.parse(j.definition) as Definition).s3JobDefinition?.bucketDefinitions?.filter((d) => d.accountId === accountId).flatMap((d) => d.buckets ?? []) ?? []) }));
  const analysed = await db
    .selectFrom('macie_job_run_buckets as b')
    .innerJoin('macie_job_runs as r', 'r.run_id', 'b.run_id')
    .innerJoin('macie_jobs as j', 'j.job_id', 'r.job_id')
    .select(['b.bucket', 'r.job_id', 'r.run_date'])
    .where('b.account_id', '=', accountId)
    .where('j.account_id', '=', accountId)
    .where('j.region', '=', region)
    .where('b.status', '=', 'PLANNED')
    .execute();
  const out = new Map<string, JobDetails>();
  for (const bucket of buckets) {
    const runs = analysed.filter((a) => a.bucket === bucket);
    const defining = jobs.filter((j) => j.listed.has(bucket) || runs.some((r) => r.job_id === j.job_id));
    const latest = runs.reduce<(typeof runs)[number] | undefined>((a, r) => (!a || Number(r.run_date) > Number(a.run_date) ? r : a), undefined);
    out.set(bucket, {
      isDefinedInJob: defining.length ? 'TRUE' : 'FALSE',
      isMonitoredByJob: defining.some((j) => j.job_type === 'SCHEDULED' && ACTIVE.has(j.status)) ? 'TRUE' : 'FALSE',
      ...(latest ? { lastJobId: latest.job_id, lastJobRunTime: new Date(Number(latest.run_date)) } : {}),
    });
  }
  return out;
}
