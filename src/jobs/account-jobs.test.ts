import { describe, expect, it } from 'vitest';
import { StorageError, type ObjectStorage } from '../storage/index.js';
import { ACCOUNT, REGION, SCOPE, csvWithCards, findingsOf, jobsFixture } from './test-support.js';
import type { CreateJobInput } from './types.js';

const OTHER = '444455556666';
const oneTime = (buckets: string[], over: Partial<CreateJobInput> = {}): CreateJobInput => ({
  clientToken: `t-${Math.random()}`,
  jobType: 'ONE_TIME',
  name: 'scan reports',
  s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets }] },
  ...over,
});
const types = (events: Array<{ eventType: string }>) => events.map((e) => e.eventType);

async function currentRun(f: Awaited<ReturnType<typeof jobsFixture>>, jobId: string): Promise<string> {
  const row = await f.store.db.selectFrom('macie_jobs').select('current_run_id').where('job_id', '=', jobId).executeTakeFirstOrThrow();
  return row.current_run_id!;
}

describe('suspending and disabling Macie', () => {
  it('suspending cancels every open job: ACCOUNT_SUSPENDED for a run in progress, then JOB_CANCELLED', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('reports');
      await f.put('reports', 'a.csv', csvWithCards(3));
      const running = await f.jobs.create(SCOPE, oneTime(['reports']));
      const scheduled = await f.jobs.create(SCOPE, oneTime(['reports'], { jobType: 'SCHEDULED', scheduleFrequency: { dailySchedule: {} }, initialRun: false }));
      const other = await f.jobs.create({ accountId: OTHER, region: REGION }, oneTime(['x'], { s3JobDefinition: { bucketDefinitions: [{ accountId: OTHER, buckets: ['x'] }] } }));
      const cancelled = await f.jobs.cancelAccountJobs(SCOPE, 'suspended');
      expect(cancelled.sort()).toEqual([running.jobId, scheduled.jobId].sort());
      f.jobs.start();
      await f.jobs.settle();
      expect((await f.jobs.describe(SCOPE, running.jobId)).jobStatus).toBe('CANCELLED');
      expect((await f.jobs.describe(SCOPE, scheduled.jobId)).jobStatus).toBe('CANCELLED');
      expect((await f.jobs.describe({ accountId: OTHER, region: REGION }, other.jobId)).jobStatus).not.toBe('CANCELLED');
      const events = f.sink.events(ACCOUNT, REGION, running.jobId);
      expect(types(events)).toEqual(['JOB_CREATED', 'ONE_TIME_JOB_STARTED', 'ACCOUNT_SUSPENDED', 'JOB_CANCELLED']);
      expect(events[2]).toMatchObject({ affectedAccount: ACCOUNT, description: 'The job was cancelled or skipped resources that are owned by the affected account. Macie was suspended for the account.' });
      expect(types(f.sink.events(ACCOUNT, REGION, scheduled.jobId))).toEqual(['JOB_CREATED', 'JOB_CANCELLED']);
      expect(await findingsOf(f.store, running.jobId)).toEqual([]);
      // A job already finished is left alone.
      expect(await f.jobs.cancelAccountJobs(SCOPE, 'suspended')).toEqual([]);
    } finally {
      await f.close();
    }
  });

  it('disabling cancels and then deletes the jobs with their runs and units; their events are still published', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('reports');
      await f.put('reports', 'a.csv', csvWithCards(3));
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['reports']));
      await f.jobs.runner.planRun(await currentRun(f, jobId));
      await f.jobs.deleteAccountJobs(SCOPE);
      await f.jobs.publisher.flush();
      for (const table of ['macie_jobs', 'macie_job_runs', 'macie_job_units', 'macie_job_run_buckets'] as const) {
        expect(await f.store.db.selectFrom(table).selectAll().execute()).toEqual([]);
      }
      await expect(f.jobs.describe(SCOPE, jobId)).rejects.toMatchObject({ kind: 'notFound' });
      expect(types(f.sink.events(ACCOUNT, REGION, jobId)).at(-1)).toBe('JOB_CANCELLED');
    } finally {
      await f.close();
    }
  });
});

describe('bucket-level events met when the objects are analysed', () => {
  it('a bucket deleted and recreated by another account after planning: BUCKET_OWNER_CHANGED once, nothing of theirs read', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('reports');
      for (let i = 0; i < 7; i++) await f.put('reports', `k${i}.csv`, csvWithCards(2, i)); // three units
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['reports']));
      const runId = await currentRun(f, jobId);
      await f.jobs.runner.planRun(runId);
      await f.jobs.runner.planBucket({ runId, accountId: ACCOUNT, bucket: 'reports' });
      for (let i = 0; i < 7; i++) await f.storage.embedded.deleteObject('reports', `k${i}.csv`);
      await f.storage.embedded.deleteBucket('reports');
      await f.bucket('reports', { accountId: OTHER });
      for (let i = 0; i < 7; i++) await f.put('reports', `k${i}.csv`, csvWithCards(2, i));
      f.jobs.start();
      await f.jobs.settle();
      const events = f.sink.events(ACCOUNT, REGION, jobId);
      const changed = events.filter((e) => e.eventType === 'BUCKET_OWNER_CHANGED');
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatchObject({ affectedAccount: ACCOUNT, affectedResource: { type: 'S3_BUCKET_NAME', value: 'reports' }, description: 'The owner of the affected S3 bucket changed. Macie doesn’t have permission to access the bucket anymore.' });
      expect(await findingsOf(f.store, jobId)).toEqual([]);
      const d = await f.jobs.describe(SCOPE, jobId);
      expect(d).toMatchObject({ jobStatus: 'COMPLETE', lastRunErrorStatus: { code: 'ERROR' } });
    } finally {
      await f.close();
    }
  });

  it('a store that does not answer: BUCKET_DETAILS_UNAVAILABLE', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('reports');
      await f.put('reports', 'a.csv', csvWithCards(2));
      const real = f.storage.forAccount.bind(f.storage);
      let down = false;
      // The embedded store stands for the endpoint; once "down" its bucket reads fail as an unreachable endpoint's do.
      (f.storage as { forAccount: (a: string) => Promise<ObjectStorage> }).forAccount = async (a) => {
        const s = await real(a);
        return {
          ...s,
          getBucketConfiguration: async (b: string) => {
            if (down) throw new StorageError('Unavailable', 'The S3 endpoint could not be reached: connect ETIMEDOUT', { operation: 'GetBucketPolicy', bucket: b });
            return s.getBucketConfiguration(b);
          },
        };
      };
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['reports']));
      const runId = await currentRun(f, jobId);
      await f.jobs.runner.planRun(runId);
      await f.jobs.runner.planBucket({ runId, accountId: ACCOUNT, bucket: 'reports' });
      down = true;
      f.jobs.start();
      await f.jobs.settle();
      const events = f.sink.events(ACCOUNT, REGION, jobId);
      expect(events.filter((e) => e.eventType === 'BUCKET_DETAILS_UNAVAILABLE')).toEqual([
        expect.objectContaining({ affectedAccount: ACCOUNT, affectedResource: { type: 'S3_BUCKET_NAME', value: 'reports' }, description: 'A temporary issue prevented Macie from retrieving details about the bucket and the bucket’s objects.' }),
      ]);
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('COMPLETE');
    } finally {
      await f.close();
    }
  });
});

describe("the monthly quota of a member's data", () => {
  it("pauses an administrator's job for the member whose quota is met, and resumes it naming that member", async () => {
    let memberQuota = 0;
    const f = await jobsFixture({ jobs: { unitMaxObjects: 1, concurrency: 1 }, quotaBytes: async (accountId: string) => (accountId === OTHER ? memberQuota : 10 ** 12) });
    try {
      await f.bucket('member-data', { accountId: OTHER });
      const body = csvWithCards(2);
      await f.put('member-data', 'a.csv', body);
      f.jobs.start();
      const { jobId } = await f.jobs.create(SCOPE, oneTime([], { s3JobDefinition: { bucketDefinitions: [{ accountId: OTHER, buckets: ['member-data'] }] } }));
      await f.jobs.settle();
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('PAUSED');
      memberQuota = Buffer.byteLength(body);
      await f.jobs.tick();
      await f.jobs.settle();
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('COMPLETE');
      const events = f.sink.events(ACCOUNT, REGION, jobId);
      const quota = events.filter((e) => e.eventType.includes('QUOTA'));
      expect(quota.map((e) => [e.eventType, e.affectedAccount])).toEqual([
        ['JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET', OTHER],
        ['JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED', OTHER],
      ]);
    } finally {
      await f.close();
    }
  });
});

