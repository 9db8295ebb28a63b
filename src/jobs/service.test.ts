import { describe, expect, it } from 'vitest';
import { macieBucketAccessCheck } from '../services/macie2/ops/jobs.js';
import { JobError } from './errors.js';
import { ACCOUNT, REGION, SCOPE, csvWithCards, findingsOf, jobsFixture, plainText } from './test-support.js';
import type { CreateJobInput } from './types.js';

const oneTime = (buckets: string[], over: Partial<CreateJobInput> = {}): CreateJobInput => ({
  clientToken: `t-${Math.random()}`,
  jobType: 'ONE_TIME',
  name: 'scan reports',
  s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets }] },
  ...over,
});

const types = (events: Array<{ eventType: string }>) => events.map((e) => e.eventType);

describe('a one-time job over a real embedded store', () => {
  it('runs RUNNING → COMPLETE, records one finding per affected object, and logs its events', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('reports');
      for (let i = 0; i < 7; i++) await f.put('reports', `exports/users-${i}.csv`, csvWithCards(5, i));
      for (let i = 0; i < 4; i++) await f.put('reports', `notes/note-${i}.txt`, plainText(20, i));
      f.jobs.start();
      const { jobId, jobArn } = await f.jobs.create(SCOPE, oneTime(['reports']));
      expect(jobArn).toBe(`arn:aws:macie2:${REGION}:${ACCOUNT}:classification-job/${jobId}`);
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('RUNNING');
      await f.jobs.settle();

      const d = await f.jobs.describe(SCOPE, jobId);
      expect(d).toMatchObject({ jobStatus: 'COMPLETE', jobType: 'ONE_TIME', initialRun: false, samplingPercentage: 100, lastRunErrorStatus: { code: 'NONE' } });
      expect(d.statistics).toEqual({ approximateNumberOfObjectsToProcess: 0, numberOfRuns: 1 });

      const findings = await findingsOf(f.store, jobId);
      expect(findings.map((x) => x.object_key)).toEqual(Array.from({ length: 7 }, (_, i) => `exports/users-${i}.csv`));
      expect(new Set(findings.map((x) => x.type))).toEqual(new Set(['SensitiveData:S3Object/Financial']));
      const one = JSON.parse(findings[0]!.finding);
      expect(one.severity).toEqual({ description: 'High', score: 3 });
      expect(one.classificationDetails).toMatchObject({ jobId, jobArn, originType: 'SENSITIVE_DATA_DISCOVERY_JOB', result: { status: { code: 'COMPLETE' }, mimeType: 'text/csv' } });
      const detection = one.classificationDetails.result.sensitiveData[0].detections[0];
      expect(detection.type).toBe('CREDIT_CARD_NUMBER');
      expect(detection.count).toBeGreaterThan(0);
      expect(detection.occurrences.cells.length).toBe(detection.count);
      expect(one.resourcesAffected.s3Object).toMatchObject({ key: 'exports/users-0.csv', path: 'reports/exports/users-0.csv', extension: 'csv', storageClass: 'STANDARD' });
      expect(one.resourcesAffected.s3Bucket).toMatchObject({ name: 'reports', owner: { id: ACCOUNT } });

      const units = await f.store.db.selectFrom('macie_job_units').selectAll().execute();
      expect(units.reduce((n, u) => n + Number(u.scanned_objects), 0)).toBe(11);
      const month = new Date(f.clock.nowMs()).toISOString().slice(0, 7);
      expect(await f.jobs.usageBytes(ACCOUNT, REGION, month)).toBe(units.reduce((n, u) => n + Number(u.scanned_bytes), 0));

      const events = f.sink.events(ACCOUNT, REGION, jobId);
      expect(types(events)).toEqual(['JOB_CREATED', 'ONE_TIME_JOB_STARTED', 'JOB_COMPLETED']);
      expect(events[0]).toEqual({ adminAccountId: ACCOUNT, jobId, eventType: 'JOB_CREATED', occurredAt: '2026-03-10T12:00:00.000000Z', description: 'The job was created.', jobName: 'scan reports' });
      expect(events[1]!.occurredAt).toBe('2026-03-10T12:00:00.000001Z');
      expect(events[2]).toMatchObject({ description: 'The job finished running.', runDate: '2026-03-10T12:00:00.000000Z' });
    } finally {
      await f.close();
    }
  });

  it('returns the same job for the same clientToken', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('reports');
      const input = oneTime(['reports'], { clientToken: 'same' });
      const a = await f.jobs.create(SCOPE, input);
      const b = await f.jobs.create(SCOPE, input);
      expect(b).toEqual(a);
      expect((await f.jobs.list(SCOPE, {})).items).toHaveLength(1);
    } finally {
      await f.close();
    }
  });

  it('finishes the other buckets when one is denied by its policy and another was deleted', async () => {
    const denyMacie = (bucket: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie` }, Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }] });
    // The policy check as the macie2 provider wires it: the IAM policy engine on Macie's service-linked role.
    const f = await jobsFixture({ bucketAccess: macieBucketAccessCheck() });
    try {
      for (const b of ['good', 'locked', 'gone']) await f.bucket(b);
      await f.put('good', 'a.csv', csvWithCards(3));
      await f.put('locked', 'b.csv', csvWithCards(3));
      await f.storage.embedded.setBucketField('locked', 'policy', denyMacie('locked'));
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['good', 'locked', 'gone']));
      await f.storage.embedded.deleteBucket('gone');
      f.jobs.start();
      await f.jobs.settle();
      const d = await f.jobs.describe(SCOPE, jobId);
      expect(d.jobStatus).toBe('COMPLETE');
      expect(d.lastRunErrorStatus).toEqual({ code: 'ERROR' });
      expect((await findingsOf(f.store, jobId)).map((x) => `${x.bucket_name}/${x.object_key}`)).toEqual(['good/a.csv']);
      const events = f.sink.events(ACCOUNT, REGION, jobId);
      const denied = events.find((e) => e.eventType === 'BUCKET_ACCESS_DENIED')!;
      expect(denied).toMatchObject({ operation: 'ListObjectsV2', affectedAccount: ACCOUNT, affectedResource: { type: 'S3_BUCKET_NAME', value: 'locked' }, description: 'Macie doesn’t have permission to access the affected S3 bucket.' });
      expect(denied.runDate).toBeDefined();
      expect(events.find((e) => e.eventType === 'BUCKET_DOES_NOT_EXIST')).toMatchObject({ affectedAccount: ACCOUNT, affectedResource: { type: 'S3_BUCKET_NAME', value: 'gone' } });
      expect(types(events).at(-1)).toBe('JOB_COMPLETED');
    } finally {
      await f.close();
    }
  });

  it('reports a bucket in another Region and one owned by another account', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('elsewhere', { region: 'eu-west-1' });
      await f.bucket('theirs', { accountId: '444455556666' });
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['elsewhere', 'theirs']));
      f.jobs.start();
      await f.jobs.settle();
      const events = f.sink.events(ACCOUNT, REGION, jobId);
      expect(events.filter((e) => e.affectedResource).map((e) => [e.eventType, e.affectedResource!.value, e.affectedAccount])).toEqual(
        expect.arrayContaining([['BUCKET_IN_DIFFERENT_REGION', 'elsewhere', ACCOUNT], ['BUCKET_OWNER_CHANGED', 'theirs', ACCOUNT]]),
      );
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('COMPLETE');
    } finally {
      await f.close();
    }
  });

  it('evaluates runtime bucket criteria at each run and logs the matches', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('fin-a');
      await f.bucket('fin-b');
      await f.bucket('ops');
      await f.storage.embedded.setBucketField('fin-a', 'tags', JSON.stringify([{ Key: 'team', Value: 'finance' }]));
      await f.storage.embedded.setBucketField('fin-b', 'tags', JSON.stringify([{ Key: 'team', Value: 'finance' }]));
      await f.put('fin-a', 'x.csv', csvWithCards(2));
      await f.put('ops', 'y.csv', csvWithCards(2));
      f.jobs.start();
      const { jobId } = await f.jobs.create(SCOPE, {
        clientToken: 'c1', jobType: 'ONE_TIME', name: 'finance',
        s3JobDefinition: { bucketCriteria: { includes: { and: [{ tagCriterion: { comparator: 'EQ', tagValues: [{ key: 'team', value: 'finance' }] } }] } } },
      });
      await f.jobs.settle();
      const events = f.sink.events(ACCOUNT, REGION, jobId);
      expect(events.filter((e) => e.eventType === 'BUCKET_MATCHED_THE_CRITERIA').map((e) => e.affectedResource!.value).sort()).toEqual(['fin-a', 'fin-b']);
      expect((await findingsOf(f.store, jobId)).map((x) => x.bucket_name)).toEqual(['fin-a']);

      const none = await f.jobs.create(SCOPE, {
        clientToken: 'c2', jobType: 'ONE_TIME', name: 'nobody',
        s3JobDefinition: { bucketCriteria: { includes: { and: [{ simpleCriterion: { comparator: 'EQ', key: 'S3_BUCKET_NAME', values: ['missing'] } }] } } },
      });
      await f.jobs.settle();
      expect(types(f.sink.events(ACCOUNT, REGION, none.jobId))).toEqual(['JOB_CREATED', 'ONE_TIME_JOB_STARTED', 'NO_BUCKETS_MATCHED_THE_CRITERIA', 'JOB_COMPLETED']);
    } finally {
      await f.close();
    }
  });

  it('applies scoping and sampling', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('data');
      for (let i = 0; i < 40; i++) await f.put('data', `in/${i}.csv`, csvWithCards(1, i));
      await f.put('data', 'out/skip.csv', csvWithCards(2));
      await f.put('data', 'in/tagged.csv', csvWithCards(2), [{ Key: 'ignore', Value: 'yes' }]);
      f.jobs.start();
      const scoped = await f.jobs.create(SCOPE, oneTime(['data'], {
        s3JobDefinition: {
          bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['data'] }],
          scoping: {
            includes: { and: [{ simpleScopeTerm: { comparator: 'STARTS_WITH', key: 'OBJECT_KEY', values: ['in/'] } }] },
            excludes: { and: [{ tagScopeTerm: { comparator: 'EQ', key: 'TAG', tagValues: [{ key: 'ignore', value: 'yes' }], target: 'S3_OBJECT' } }] },
          },
        },
      }));
      const half = await f.jobs.create(SCOPE, oneTime(['data'], { samplingPercentage: 50 }));
      await f.jobs.settle();
      const keys = (await findingsOf(f.store, scoped.jobId)).map((x) => x.object_key);
      expect(keys).toHaveLength(40);
      expect(keys.every((k) => k!.startsWith('in/') && k !== 'in/tagged.csv')).toBe(true);
      const sampledCount = (await findingsOf(f.store, half.jobId)).length;
      expect(sampledCount).toBeGreaterThan(8);
      expect(sampledCount).toBeLessThan(34);
    } finally {
      await f.close();
    }
  });
});

describe('pause, resume and cancel', () => {
  it('pauses a running job, keeps its place, and resumes it to completion', async () => {
    const f = await jobsFixture({ jobs: { unitMaxObjects: 1, concurrency: 1 } });
    try {
      await f.bucket('big');
      for (let i = 0; i < 12; i++) await f.put('big', `f-${String(i).padStart(2, '0')}.csv`, csvWithCards(2, i));
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['big']));
      await f.jobs.update(SCOPE, jobId, 'USER_PAUSED');
      f.jobs.start();
      await f.jobs.settle();
      const paused = await f.jobs.describe(SCOPE, jobId);
      expect(paused.jobStatus).toBe('USER_PAUSED');
      expect(paused.userPausedDetails).toEqual({ jobPausedAt: f.clock.now(), jobExpiresAt: new Date(f.clock.nowMs() + 30 * 86_400_000) });
      expect(await findingsOf(f.store, jobId)).toHaveLength(0);
      await expect(f.jobs.update(SCOPE, jobId, 'USER_PAUSED')).rejects.toMatchObject({ kind: 'validation' });

      await f.jobs.update(SCOPE, jobId, 'RUNNING');
      await f.jobs.settle();
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('COMPLETE');
      expect(await findingsOf(f.store, jobId)).toHaveLength(12);
      expect(types(f.sink.events(ACCOUNT, REGION, jobId))).toEqual(['JOB_CREATED', 'ONE_TIME_JOB_STARTED', 'JOB_PAUSED_BY_USER', 'JOB_RESUMED_BY_USER', 'JOB_COMPLETED']);
      await expect(f.jobs.update(SCOPE, jobId, 'CANCELLED')).rejects.toBeInstanceOf(JobError);
    } finally {
      await f.close();
    }
  });

  it('cancels a job for good', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('bbb');
      await f.put('bbb', 'x.csv', csvWithCards(2));
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['bbb']));
      await f.jobs.update(SCOPE, jobId, 'CANCELLED');
      f.jobs.start();
      await f.jobs.settle();
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('CANCELLED');
      expect(await findingsOf(f.store, jobId)).toHaveLength(0);
      expect(types(f.sink.events(ACCOUNT, REGION, jobId)).at(-1)).toBe('JOB_CANCELLED');
      await expect(f.jobs.update(SCOPE, jobId, 'RUNNING')).rejects.toMatchObject({ kind: 'validation' });
    } finally {
      await f.close();
    }
  });

  it('cancels a one-time job left paused for 30 days', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('bbb');
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['bbb']));
      await f.jobs.update(SCOPE, jobId, 'USER_PAUSED');
      f.clock.advance(30 * 86_400_000 - 1);
      await f.jobs.tick();
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('USER_PAUSED');
      f.clock.advance(1);
      await f.jobs.tick();
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('CANCELLED');
      expect(types(f.sink.events(ACCOUNT, REGION, jobId)).at(-1)).toBe('JOB_CANCELLED');
    } finally {
      await f.close();
    }
  });
});

describe('scheduled jobs', () => {
  it('runs daily on the clock, and the second run scans only what changed', async () => {
    const f = await jobsFixture({ clockStart: '2026-03-10T12:00:00Z' });
    try {
      await f.bucket('daily');
      await f.put('daily', 'old-1.csv', csvWithCards(2, 1));
      await f.put('daily', 'old-2.csv', csvWithCards(2, 2));
      f.clock.advance(1000);
      f.jobs.start();
      const { jobId } = await f.jobs.create(SCOPE, {
        clientToken: 'd', jobType: 'SCHEDULED', name: 'daily', initialRun: true, scheduleFrequency: { dailySchedule: {} },
        s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['daily'] }] },
      });
      await f.jobs.settle();
      let d = await f.jobs.describe(SCOPE, jobId);
      expect(d).toMatchObject({ jobStatus: 'IDLE', initialRun: true, statistics: { numberOfRuns: 1 } });
      expect(await findingsOf(f.store, jobId)).toHaveLength(2);

      f.clock.set(Date.parse('2026-03-10T18:00:00Z'));
      await f.put('daily', 'new.csv', csvWithCards(2, 3));
      await f.put('daily', 'old-1.csv', csvWithCards(3, 4)); // changed
      await f.jobs.tick();
      await f.jobs.settle();
      expect((await f.jobs.describe(SCOPE, jobId)).statistics.numberOfRuns).toBe(1); // not due before midnight

      f.clock.set(Date.parse('2026-03-11T00:00:00Z'));
      await f.jobs.tick();
      await f.jobs.settle();
      d = await f.jobs.describe(SCOPE, jobId);
      expect(d).toMatchObject({ jobStatus: 'IDLE', statistics: { numberOfRuns: 2 }, lastRunTime: new Date('2026-03-11T00:00:00Z') });
      expect(d.lastRunTime).toEqual(new Date('2026-03-11T00:00:00Z'));
      const run2 = (await findingsOf(f.store, jobId)).filter((x) => JSON.parse(x.finding).createdAt.startsWith('2026-03-11'));
      expect(run2.map((x) => x.object_key)).toEqual(['new.csv', 'old-1.csv']);
      expect(types(f.sink.events(ACCOUNT, REGION, jobId))).toEqual([
        'JOB_CREATED', 'SCHEDULED_RUN_STARTED', 'SCHEDULED_RUN_COMPLETED', 'SCHEDULED_RUN_STARTED', 'SCHEDULED_RUN_COMPLETED',
      ]);
    } finally {
      await f.close();
    }
  });

  it('without initialRun waits IDLE for its first run and analyses only objects changed since creation', async () => {
    const f = await jobsFixture({ clockStart: '2026-03-10T12:00:00Z' });
    try {
      await f.bucket('www');
      await f.put('www', 'before.csv', csvWithCards(2));
      f.clock.advance(1000);
      f.jobs.start();
      const { jobId } = await f.jobs.create(SCOPE, {
        clientToken: 'w', jobType: 'SCHEDULED', name: 'weekly', scheduleFrequency: { weeklySchedule: { dayOfWeek: 'FRIDAY' } },
        s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['www'] }] },
      });
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('IDLE');
      f.clock.advance(60_000);
      await f.put('www', 'after.csv', csvWithCards(2));
      f.clock.set(Date.parse('2026-03-13T00:00:00Z'));
      await f.jobs.tick();
      await f.jobs.settle();
      expect((await findingsOf(f.store, jobId)).map((x) => x.object_key)).toEqual(['after.csv']);
    } finally {
      await f.close();
    }
  });
});

describe('the monthly quota', () => {
  it('pauses a job that would exceed it and resumes it when the quota is raised or the month turns', async () => {
    let quota = 0;
    const f = await jobsFixture({ jobs: { unitMaxObjects: 1, concurrency: 1 }, quotaBytes: async () => quota, clockStart: '2026-03-30T12:00:00Z' });
    try {
      await f.bucket('quota-bkt');
      const body = csvWithCards(4);
      for (let i = 0; i < 6; i++) await f.put('quota-bkt', `q-${i}.csv`, body);
      const size = Buffer.byteLength(body);
      quota = size * 2;
      f.jobs.start();
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['quota-bkt']));
      await f.jobs.settle();
      let d = await f.jobs.describe(SCOPE, jobId);
      expect(d.jobStatus).toBe('PAUSED');
      expect(d.statistics.approximateNumberOfObjectsToProcess).toBe(4);
      expect(await findingsOf(f.store, jobId)).toHaveLength(2);

      quota = size * 4; // raised
      await f.jobs.tick();
      await f.jobs.settle();
      d = await f.jobs.describe(SCOPE, jobId);
      expect(d.jobStatus).toBe('PAUSED');
      expect(await findingsOf(f.store, jobId)).toHaveLength(4);

      f.clock.set(Date.parse('2026-04-01T00:00:00Z')); // a new month: usage starts again
      await f.jobs.tick();
      await f.jobs.settle();
      expect((await f.jobs.describe(SCOPE, jobId)).jobStatus).toBe('COMPLETE');
      expect(await findingsOf(f.store, jobId)).toHaveLength(6);
      const events = f.sink.events(ACCOUNT, REGION, jobId);
      expect(types(events)).toEqual([
        'JOB_CREATED', 'ONE_TIME_JOB_STARTED',
        'JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET', 'JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED',
        'JOB_PAUSED_BY_MACIE_SERVICE_QUOTA_MET', 'JOB_RESUMED_BY_MACIE_SERVICE_QUOTA_LIFTED',
        'JOB_COMPLETED',
      ]);
      expect(events[2]).toMatchObject({ affectedAccount: ACCOUNT, description: 'The job was paused by Macie. Completion of the job would exceed a monthly quota for the affected account.' });
      expect(await f.jobs.usageBytes(ACCOUNT, REGION, '2026-03')).toBe(size * 4);
      expect(await f.jobs.usageBytes(ACCOUNT, REGION, '2026-04')).toBe(size * 2);
    } finally {
      await f.close();
    }
  });
});

describe('restart', () => {
  it('carries on after a stop mid-run: no object twice, none skipped, counts exact', async () => {
    const f = await jobsFixture({ jobs: { unitMaxObjects: 1, concurrency: 1 } });
    try {
      await f.bucket('rrr');
      for (let i = 0; i < 10; i++) await f.put('rrr', `o-${i}.csv`, csvWithCards(2, i));
      const { jobId } = await f.jobs.create(SCOPE, oneTime(['rrr']));
      f.jobs.start();
      // Stop the first server after a few units are checkpointed.
      for (;;) {
        const done = await f.store.db.selectFrom('macie_job_units').select('unit_id').where('status', '=', 'DONE').execute();
        if (done.length >= 3) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      await f.jobs.stop();
      const doneBefore = (await f.store.db.selectFrom('macie_job_units').select('unit_id').where('status', '=', 'DONE').execute()).length;
      expect(doneBefore).toBeLessThan(10);
      // The crash window: findings written, checkpoint not. Put one done unit back to pending.
      const redo = (await f.store.db.selectFrom('macie_job_units').select('unit_id').where('status', '=', 'DONE').limit(1).executeTakeFirstOrThrow()).unit_id;
      await f.store.db.updateTable('macie_job_units').set({ status: 'PENDING' }).where('unit_id', '=', redo).execute();

      const again = await f.restart();
      again.start();
      await again.settle();
      expect((await again.describe(SCOPE, jobId)).jobStatus).toBe('COMPLETE');
      const findings = await findingsOf(f.store, jobId);
      expect(findings.map((x) => x.object_key)).toEqual(Array.from({ length: 10 }, (_, i) => `o-${i}.csv`));
      const units = await f.store.db.selectFrom('macie_job_units').selectAll().execute();
      expect(units.reduce((n, u) => n + Number(u.scanned_objects), 0)).toBe(10);
      expect(units.reduce((n, u) => n + Number(u.findings), 0)).toBe(10);
      expect(types(f.sink.events(ACCOUNT, REGION, jobId)).filter((t) => t === 'JOB_COMPLETED')).toHaveLength(1);
    } finally {
      await f.close();
    }
  });
});

describe('validation and listing', () => {
  it('refuses what Macie refuses', async () => {
    const f = await jobsFixture();
    try {
      const bad: Array<Partial<CreateJobInput>> = [
        { scheduleFrequency: { dailySchedule: {} } },
        { initialRun: true },
        { jobType: 'SCHEDULED' },
        { jobType: 'SCHEDULED', scheduleFrequency: { monthlySchedule: { dayOfMonth: 32 } } },
        { s3JobDefinition: {} },
        { s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['aaa'] }], bucketCriteria: { includes: { and: [] } } } },
        { samplingPercentage: 0 },
        { managedDataIdentifierSelector: 'INCLUDE' },
        { managedDataIdentifierSelector: 'ALL', managedDataIdentifierIds: ['CREDIT_CARD_NUMBER'] },
        { managedDataIdentifierSelector: 'INCLUDE', managedDataIdentifierIds: ['NOT_AN_IDENTIFIER'] },
        { managedDataIdentifierSelector: 'NONE' },
        { name: '' },
        { s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['aaa'] }], scoping: { includes: { and: [{ simpleScopeTerm: { comparator: 'GT', key: 'OBJECT_KEY', values: ['x'] } }] } } } },
      ];
      for (const over of bad) {
        await expect(f.jobs.create(SCOPE, oneTime(['aaa'], over)), JSON.stringify(over)).rejects.toMatchObject({ kind: 'validation' });
      }
      await expect(f.jobs.describe(SCOPE, 'f'.repeat(32))).rejects.toMatchObject({ kind: 'notFound' });
    } finally {
      await f.close();
    }
  });

  it('lists with filters, sorting and pages', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('aaa');
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        made.push((await f.jobs.create(SCOPE, oneTime(['aaa'], { name: `job-${i}`, clientToken: `k${i}` }))).jobId);
        f.clock.advance(1000);
      }
      await f.jobs.update(SCOPE, made[1]!, 'CANCELLED');
      const page1 = await f.jobs.list(SCOPE, { maxResults: 2, sortCriteria: { attributeName: 'name', orderBy: 'ASC' } });
      expect(page1.items.map((j) => j.name)).toEqual(['job-0', 'job-1']);
      const page2 = await f.jobs.list(SCOPE, { maxResults: 2, sortCriteria: { attributeName: 'name', orderBy: 'ASC' }, nextToken: page1.nextToken });
      expect(page2.items.map((j) => j.name)).toEqual(['job-2', 'job-3']);
      await expect(f.jobs.list(SCOPE, { nextToken: page1.nextToken })).rejects.toMatchObject({ kind: 'validation' });
      const cancelled = await f.jobs.list(SCOPE, { filterCriteria: { includes: [{ comparator: 'EQ', key: 'jobStatus', values: ['CANCELLED'] }] } });
      expect(cancelled.items.map((j) => j.jobId)).toEqual([made[1]]);
      const newest = await f.jobs.list(SCOPE, { filterCriteria: { excludes: [{ comparator: 'EQ', key: 'jobStatus', values: ['CANCELLED'] }], includes: [{ comparator: 'GTE', key: 'createdAt', values: [new Date(Date.parse('2026-03-10T12:00:02Z')).toISOString()] }] } });
      expect(newest.items.map((j) => j.name)).toEqual(['job-4', 'job-3', 'job-2']);
      expect(newest.items[0]).toMatchObject({ jobType: 'ONE_TIME', bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['aaa'] }], lastRunErrorStatus: { code: 'NONE' } });
    } finally {
      await f.close();
    }
  });
});
