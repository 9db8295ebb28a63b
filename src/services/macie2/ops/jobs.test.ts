import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../common/index.js';
import { macieServiceRoleArn } from '../../../jobs/index.js';
import { jobsFixture } from '../../../jobs/test-support.js';
import { errors } from '../../../models/macie2/index.js';
import { jobOps, macieBucketAccessCheck } from './jobs.js';

const ACCOUNT = '111122223333';
const request = (policy: object | undefined, action: 's3:ListBucket' | 's3:GetObject' = 's3:ListBucket', owner = ACCOUNT) => ({
  scannerAccountId: ACCOUNT, region: 'us-east-1', bucket: 'data', ownerAccountId: owner, action,
  resource: action === 's3:ListBucket' ? 'arn:aws:s3:::data' : 'arn:aws:s3:::data/k.csv',
  policy: policy ? JSON.stringify(policy) : undefined,
});

describe('macieBucketAccessCheck', () => {
  const check = macieBucketAccessCheck();

  it('allows Macie in its own account without a policy, or with one that does not deny it', () => {
    expect(check(request(undefined))).toBe(true);
    expect(check(request({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data/*' }] }))).toBe(true);
  });

  it('refuses when the bucket policy denies Macie’s role, or everyone, the action', () => {
    const denyRole = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: macieServiceRoleArn(ACCOUNT) }, Action: 's3:*', Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'] }] };
    expect(check(request(denyRole))).toBe(false);
    expect(check(request(denyRole, 's3:GetObject'))).toBe(false);
    const denyAll = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' }] };
    expect(check(request(denyAll))).toBe(false);
    expect(check(request(denyAll, 's3:GetObject'))).toBe(true);
  });

  it('refuses another account’s bucket unless its policy allows Macie', () => {
    expect(check(request(undefined, 's3:ListBucket', '444455556666'))).toBe(false);
    const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' }] };
    expect(check(request(allow, 's3:ListBucket', '444455556666'))).toBe(true);
  });
});

describe('jobOps over real classification jobs', () => {
  it('creates, describes, lists and updates, with Macie’s modelled errors', async () => {
    const f = await jobsFixture();
    try {
      const ops = jobOps({ jobs: f.jobs });
      const ctx = { accountId: ACCOUNT, region: 'us-east-1', clock: f.clock } as unknown as RequestContext;
      await f.bucket('data');
      const { jobId } = await ops.createClassificationJob(ctx, { clientToken: 't', jobType: 'ONE_TIME', name: 'n', s3JobDefinition: { bucketDefinitions: [{ accountId: ACCOUNT, buckets: ['data'] }] } });
      expect((await ops.describeClassificationJob(ctx, { jobId: jobId! })).jobStatus).toBe('RUNNING');
      expect((await ops.listClassificationJobs(ctx, {})).items?.map((j) => j.jobId)).toEqual([jobId]);
      expect(await ops.updateClassificationJob(ctx, { jobId: jobId!, jobStatus: 'USER_PAUSED' })).toEqual({});
      await expect(ops.describeClassificationJob(ctx, { jobId: 'f'.repeat(32) })).rejects.toBeInstanceOf(errors.ResourceNotFoundException);
      await expect(ops.updateClassificationJob(ctx, { jobId: jobId!, jobStatus: 'IDLE' })).rejects.toBeInstanceOf(errors.ValidationException);
      await expect(ops.createClassificationJob(ctx, { clientToken: 'u', jobType: 'ONE_TIME', name: 'n', s3JobDefinition: {} })).rejects.toBeInstanceOf(errors.ValidationException);
    } finally {
      await f.close();
    }
  });
});
