// TagResource, UntagResource and ListTagsForResource for every taggable Macie resource. Limits as Macie documents
// them: at most 50 tags per resource, keys 1-128 and values 0-256 characters, keys starting with aws: reserved.
// A resource of another account or Region, or one that doesn't exist, is ResourceNotFoundException (never revealed).
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../../common/index.js';
import { errors, type Macie2Api } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import { checkTags, TAG_LIMITS } from '../../../findings/index.js';
import { changeTags, parseTaggableArn, readTags, type TaggableRef } from './resources.js';

function refOf(ctx: RequestContext, arn: string): TaggableRef {
  const ref = parseTaggableArn(arn ?? '');
  if (!ref) throw new errors.ValidationException(`The resourceArn ${arn} isn't the ARN of a Macie resource that supports tags.`);
  if (ref.accountId !== ctx.accountId || ref.region !== ctx.region) throw notFound(arn);
  return ref;
}

const notFound = (arn: string) => new errors.ResourceNotFoundException(`The resource ${arn} doesn't exist or isn't available in this account and Region.`);

export const tagOps = (deps: { db: Kysely<Database> }) =>
  ({
    async listTagsForResource(ctx, { resourceArn }) {
      const tags = await readTags(deps.db, refOf(ctx, resourceArn));
      if (!tags) throw notFound(resourceArn);
      return { tags };
    },

    async tagResource(ctx, { resourceArn, tags }) {
      const ref = refOf(ctx, resourceArn);
      const added = checkTags(tags);
      if (Object.keys(added).length === 0) throw new errors.ValidationException('tags must contain at least one tag.');
      const changed = await changeTags(deps.db, ref, (current) => {
        const merged = { ...current, ...added };
        if (Object.keys(merged).length > TAG_LIMITS.maxTags) throw new errors.ValidationException(`A resource can have at most ${TAG_LIMITS.maxTags} tags.`);
        return merged;
      });
      if (!changed) throw notFound(resourceArn);
      return {};
    },

    async untagResource(ctx, { resourceArn, tagKeys }) {
      const ref = refOf(ctx, resourceArn);
      if (!Array.isArray(tagKeys) || tagKeys.length === 0) throw new errors.ValidationException('tagKeys must name at least one tag key.');
      const changed = await changeTags(deps.db, ref, (current) => Object.fromEntries(Object.entries(current).filter(([k]) => !tagKeys.includes(k))));
      if (!changed) throw notFound(resourceArn);
      return {};
    },
  }) satisfies Partial<Macie2Api>;
