// Tags on log groups: TagResource / UntagResource / ListTagsForResource (by ARN) and the older TagLogGroup /
// UntagLogGroup / ListTagsLogGroup (by name).
import type { RequestContext } from '../../../common/index.js';
import type { LogsApi } from '../../../models/logs/index.js';
import { errors } from '../../../models/logs/index.js';
import { requireGroup, type LogsCore } from '../core.js';
import { checkLogGroupName, parseLogGroupArn } from '../names.js';
import { mergeTags, removeTags } from '../tags.js';
import { groupNotFound } from '../wire-errors.js';

/** The group an ARN names in the caller's account and region (destinations are not served: not found). */
function groupOfArn(ctx: RequestContext, arn: string): string {
  const parsed = parseLogGroupArn(arn);
  if (!parsed) {
    if (/^arn:aws[a-z-]*:logs:/.test(arn)) throw new errors.ResourceNotFoundException('The specified resource does not exist.');
    throw new errors.InvalidParameterException(`Invalid resource ARN: ${arn}`);
  }
  if (parsed.accountId !== ctx.accountId || parsed.region !== ctx.region) throw groupNotFound();
  return parsed.name;
}

export const tagOps = (core: LogsCore) => {
  const change = async (ctx: RequestContext, name: string, fn: (tags: Record<string, string>) => Record<string, string>) => {
    await requireGroup(core, ctx.accountId, ctx.region, name);
    if (!(await core.groups.changeTags(ctx.accountId, ctx.region, name, fn))) throw groupNotFound();
  };
  const tag = (ctx: RequestContext, name: string, tags: Record<string, string>, resourceName: string) => change(ctx, name, (current) => mergeTags(current, tags, resourceName));
  const untag = (ctx: RequestContext, name: string, keys: readonly string[]) => change(ctx, name, (current) => removeTags(current, keys));
  const list = async (ctx: RequestContext, name: string) => (await requireGroup(core, ctx.accountId, ctx.region, name)).tags;
  return {
    async tagResource(ctx, input) {
      await tag(ctx, groupOfArn(ctx, input.resourceArn), input.tags, input.resourceArn);
    },
    async untagResource(ctx, input) {
      await untag(ctx, groupOfArn(ctx, input.resourceArn), input.tagKeys);
    },
    async listTagsForResource(ctx, input) {
      return { tags: await list(ctx, groupOfArn(ctx, input.resourceArn)) };
    },
    async tagLogGroup(ctx, input) {
      checkLogGroupName(input.logGroupName);
      await tag(ctx, input.logGroupName, input.tags, input.logGroupName);
    },
    async untagLogGroup(ctx, input) {
      checkLogGroupName(input.logGroupName);
      await untag(ctx, input.logGroupName, input.tags);
    },
    async listTagsLogGroup(ctx, input) {
      checkLogGroupName(input.logGroupName);
      return { tags: await list(ctx, input.logGroupName) };
    },
  } satisfies Partial<LogsApi>;
};
