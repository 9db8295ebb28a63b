// A bucket's sensitivity profile from automated discovery (issue 16): GetResourceProfile / UpdateResourceProfile
// (the override to 100 and back), ListResourceProfileDetections / UpdateResourceProfileDetections (suppressing a
// type takes it out of the score, which is recalculated at once) and ListResourceProfileArtifacts (the objects
// analysed, with their sensitivity). The bucket is the caller's or, for an administrator, a current member's.
import type { Kysely } from 'kysely';
import { computeProfile, recalculate, type BucketKey, type StoredDetections } from '../../../jobs/index.js';
import { errors, type Macie2Api } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import { CriteriaError, page } from '../inventory/index.js';

/** ListResourceProfileArtifacts takes no maxResults: a page holds this many objects. */
export const ARTIFACTS_PAGE = 100;

export interface ResourceProfileOpsDeps {
  db: Kysely<Database>;
  memberAccounts?: (accountId: string, region: string) => Promise<string[]>;
  isMember?: (accountId: string, region: string) => Promise<boolean>;
}

const ARN = /^arn:aws(?:-cn|-us-gov)?:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;

function validated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof CriteriaError ? new errors.ValidationException(err.message) : err;
  }
}

export const resourceProfileOps = (deps: ResourceProfileOpsDeps) => {
  const { db } = deps;
  /** The profile's bucket among those the caller sees. */
  const bucketOf = async (ctx: { accountId: string; region: string }, resourceArn: string): Promise<BucketKey> => {
    const name = ARN.exec(resourceArn)?.[1];
    if (!name) throw new errors.ValidationException(`The resourceArn ${resourceArn} isn't the ARN of an S3 bucket (arn:aws:s3:::bucket-name).`);
    const owners = [ctx.accountId, ...((await deps.memberAccounts?.(ctx.accountId, ctx.region)) ?? [])];
    const row = await db.selectFrom('macie_ad_buckets').select('account_id').where('bucket', '=', name).where('region', '=', ctx.region).where('account_id', 'in', owners).executeTakeFirst();
    if (!row) throw new errors.ResourceNotFoundException(`Macie has no sensitivity profile for the S3 bucket ${name}: automated sensitive data discovery hasn't evaluated it.`);
    return { accountId: row.account_id, region: ctx.region, bucket: name };
  };
  const refuseMembers = async (ctx: { accountId: string; region: string }) => {
    if (await deps.isMember?.(ctx.accountId, ctx.region)) throw new errors.AccessDeniedException("Only the Macie administrator can change sensitivity settings for a member account's buckets.");
  };

  return {
    async getResourceProfile(ctx, { resourceArn }) {
      const key = await bucketOf(ctx, resourceArn);
      const p = (await computeProfile(db, key))!;
      return { profileUpdatedAt: p.updatedAt, sensitivityScore: p.score, sensitivityScoreOverridden: p.overridden, statistics: p.statistics };
    },

    async updateResourceProfile(ctx, { resourceArn, sensitivityScoreOverride }) {
      await refuseMembers(ctx);
      const key = await bucketOf(ctx, resourceArn);
      if (sensitivityScoreOverride !== undefined && sensitivityScoreOverride !== null && sensitivityScoreOverride !== 100) {
        throw new errors.ValidationException('sensitivityScoreOverride can only be 100 (assign the maximum score); omit it to have Macie calculate the score.');
      }
      await db
        .updateTable('macie_ad_buckets')
        .set({ score_override: sensitivityScoreOverride === 100 ? 100 : null })
        .where('account_id', '=', key.accountId).where('region', '=', key.region).where('bucket', '=', key.bucket)
        .execute();
      await recalculate(db, key, ctx.clock.nowMs());
      return {};
    },

    async listResourceProfileDetections(ctx, { resourceArn, maxResults, nextToken }) {
      const key = await bucketOf(ctx, resourceArn);
      const p = (await computeProfile(db, key))!;
      const items = p.detections.map((d) => ({
        ...(d.type === 'CUSTOM' ? { arn: `arn:aws:macie2:${ctx.region}:${key.accountId}:custom-data-identifier/${d.id}` } : {}),
        count: d.count, id: d.id, name: d.name, suppressed: d.suppressed, type: d.type,
      }));
      const pg = validated(() => page(items, maxResults, nextToken, 25));
      return { detections: pg.items, ...(pg.nextToken ? { nextToken: pg.nextToken } : {}) };
    },

    async updateResourceProfileDetections(ctx, { resourceArn, suppressDataIdentifiers }) {
      await refuseMembers(ctx);
      const key = await bucketOf(ctx, resourceArn);
      // The list replaces the suppressed types: an empty list includes every type in the score again.
      const suppressed = new Set<string>();
      for (const s of suppressDataIdentifiers ?? []) {
        if (!s.id || !s.type) throw new errors.ValidationException('Each suppressDataIdentifiers entry needs an id and a type (CUSTOM or MANAGED).');
        suppressed.add(`${s.type}:${s.id}`);
      }
      await db
        .updateTable('macie_ad_buckets')
        .set({ suppressed: JSON.stringify([...suppressed].sort()) })
        .where('account_id', '=', key.accountId).where('region', '=', key.region).where('bucket', '=', key.bucket)
        .execute();
      await recalculate(db, key, ctx.clock.nowMs());
      return {};
    },

    async listResourceProfileArtifacts(ctx, { resourceArn, nextToken }) {
      const key = await bucketOf(ctx, resourceArn);
      const row = (await db.selectFrom('macie_ad_buckets').select('suppressed').where('account_id', '=', key.accountId).where('region', '=', key.region).where('bucket', '=', key.bucket).executeTakeFirst())!;
      const suppressed = new Set(JSON.parse(row.suppressed) as string[]);
      const objects = await db
        .selectFrom('macie_ad_objects')
        .select(['object_key', 'status', 'detections'])
        .where('account_id', '=', key.accountId).where('region', '=', key.region).where('bucket', '=', key.bucket)
        .orderBy('object_key')
        .execute();
      const p = validated(() => page(objects, undefined, nextToken, ARTIFACTS_PAGE));
      return {
        artifacts: p.items.map((o) => ({
          arn: `arn:aws:s3:::${key.bucket}/${o.object_key}`,
          classificationResultStatus: o.status,
          sensitive: Object.keys(JSON.parse(o.detections) as StoredDetections).some((t) => !suppressed.has(t)),
        })),
        ...(p.nextToken ? { nextToken: p.nextToken } : {}),
      };
    },
  } satisfies Partial<Macie2Api>;
};
