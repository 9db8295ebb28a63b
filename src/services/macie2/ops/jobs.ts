// Classification jobs: CreateClassificationJob, DescribeClassificationJob, ListClassificationJobs and
// UpdateClassificationJob. Mapping only; the logic lives in src/jobs. Also the two things the jobs part needs from
// this service: its custom identifiers and allow lists (DetectionResolver), and the check of a bucket policy
// against Macie's service-linked role (BucketAccessCheck), made with the IAM policy engine.
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../../common/index.js';
import { systemClock } from '../../../common/index.js';
import { JobError, macieServiceRoleArn, type ClassificationJobs, type DetectionResolver } from '../../../jobs/index.js';
import { errors, type Macie2Api } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import { loadAllowLists, type WordsListStorageFor } from './allow-lists.js';
export { macieBucketAccessCheck } from './macie-role-access.js';
import { loadCustomDataIdentifiers } from './identifiers.js';

export interface JobOpsDeps {
  jobs: ClassificationJobs;
}

/** JobError → Macie's modelled error of the same meaning. */
function asMacieError(err: unknown): unknown {
  if (!(err instanceof JobError)) return err;
  switch (err.kind) {
    case 'validation': return new errors.ValidationException(err.message);
    case 'notFound': return new errors.ResourceNotFoundException(err.message);
    case 'conflict': return new errors.ConflictException(err.message);
    case 'quota': return new errors.ServiceQuotaExceededException(err.message);
  }
}

async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asMacieError(err);
  }
}

const scopeOf = (ctx: RequestContext) => ({ accountId: ctx.accountId, region: ctx.region });

export const jobOps = (deps: JobOpsDeps) => ({
  async createClassificationJob(ctx, input) {
    return mapped(() => deps.jobs.create(scopeOf(ctx), input));
  },

  async describeClassificationJob(ctx, { jobId }) {
    return mapped(() => deps.jobs.describe(scopeOf(ctx), jobId));
  },

  async listClassificationJobs(ctx, input) {
    return mapped(() => deps.jobs.list(scopeOf(ctx), input));
  },

  async updateClassificationJob(ctx, { jobId, jobStatus }) {
    await mapped(() => deps.jobs.update(scopeOf(ctx), jobId, jobStatus));
    return {};
  },
}) satisfies Partial<Macie2Api>;

/** A request context for the reads Macie makes on its own behalf (allow list files at run start). */
function serviceContext(accountId: string, region: string): RequestContext {
  return {
    accountId,
    region,
    principal: {
      type: 'AWSService',
      accountId,
      arn: macieServiceRoleArn(accountId),
      principalId: accountId,
      invokedBy: 'macie.amazonaws.com',
    },
    requestId: 'macie-classification-job',
    clock: systemClock,
    sourceIp: 'macie.amazonaws.com',
    userAgent: 'macie.amazonaws.com',
  };
}

/** The job's custom data identifiers and allow lists, from this service's store. */
export function jobDetectionResolver(db: Kysely<Database>, storageFor: WordsListStorageFor): DetectionResolver {
  return {
    async check(scope, def) {
      const customIds = def.customDataIdentifierIds ?? [];
      const custom = await loadCustomDataIdentifiers(db, scope.accountId, scope.region, customIds);
      const live = new Set(custom.filter((c) => !c.deleted).map((c) => c.id));
      const missing = customIds.filter((id) => !live.has(id));
      if (missing.length) throw new JobError('validation', `The custom data identifiers ${missing.join(', ')} don't exist or aren't available in this account and Region.`);
      const allowIds = def.allowListIds ?? [];
      if (allowIds.length) {
        const found = await db.selectFrom('macie_allow_lists').select('id').where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('id', 'in', allowIds).execute();
        const have = new Set(found.map((r) => r.id));
        const absent = allowIds.filter((id) => !have.has(id));
        if (absent.length) throw new JobError('validation', `The allow lists ${absent.join(', ')} don't exist or aren't available in this account and Region.`);
      }
    },
    async resolve(scope, def) {
      const custom = (await loadCustomDataIdentifiers(db, scope.accountId, scope.region, def.customDataIdentifierIds ?? [])).map(({ arn: _arn, deleted: _deleted, ...spec }) => spec);
      // Allow lists that can't be read are left out: Macie's job carries on without them.
      const { specs } = await loadAllowLists({ db, storageFor }, serviceContext(scope.accountId, scope.region), def.allowListIds ?? []);
      return { custom, allowLists: specs };
    },
  };
}

