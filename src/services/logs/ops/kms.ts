// AssociateKmsKey and DisassociateKmsKey: for one log group (kms-groups.ts), or, with the resourceIdentifier
// `arn:aws:logs:<region>:<account>:query-result:*`, for the account's Logs Insights query results (results-keys.ts).
import type { LogsApi } from '../../../models/logs/index.js';
import { lockKey, requireGroup, type LogsCore } from '../core.js';
import { queryResultsArn, type QueryResultsKeys } from '../insights/results-keys.js';
import { checkLogGroupName } from '../names.js';
import { invalidParameter } from '../wire-errors.js';

/** The log group named, or 'query-results' for the account's query-result resource. */
function targetOf(ctx: { accountId: string; region: string }, input: { logGroupName?: string; resourceIdentifier?: string }): string | 'query-results' {
  if (input.resourceIdentifier !== undefined) {
    if (input.logGroupName !== undefined) throw invalidParameter('logGroupName and resourceIdentifier are mutually exclusive.');
    const arn = queryResultsArn(ctx.region, ctx.accountId);
    if (input.resourceIdentifier !== arn) throw invalidParameter(`resourceIdentifier must be ${arn}.`);
    return 'query-results';
  }
  if (input.logGroupName === undefined) throw invalidParameter('Either logGroupName or resourceIdentifier must be specified.');
  checkLogGroupName(input.logGroupName);
  return input.logGroupName;
}

export const kmsOps = (core: LogsCore, resultsKeys: QueryResultsKeys) =>
  ({
    async associateKmsKey(ctx, input) {
      const name = targetOf(ctx, input);
      if (name === 'query-results') return resultsKeys.associate(ctx.accountId, ctx.region, input.kmsKeyId);
      await requireGroup(core, ctx.accountId, ctx.region, name);
      const dataKey = await core.groupKeys.newDataKey(ctx.accountId, ctx.region, name, input.kmsKeyId);
      await core.locks.run(lockKey(ctx.accountId, ctx.region, name), async () => {
        await requireGroup(core, ctx.accountId, ctx.region, name); // not deleted meanwhile
        await core.groupKeys.attach(ctx.accountId, ctx.region, name, dataKey);
      });
    },

    async disassociateKmsKey(ctx, input) {
      const name = targetOf(ctx, input);
      if (name === 'query-results') return resultsKeys.disassociate(ctx.accountId, ctx.region);
      await core.locks.run(lockKey(ctx.accountId, ctx.region, name), async () => {
        await requireGroup(core, ctx.accountId, ctx.region, name);
        await core.groupKeys.detach(ctx.accountId, ctx.region, name);
      });
    },
  }) satisfies Partial<LogsApi>;
