// AssociateKmsKey and DisassociateKmsKey for log groups (kms-groups.ts). The resourceIdentifier form (a KMS key for
// Logs Insights query results, which Sift stores unencrypted by a KMS key) answers NotImplemented.
import { ServiceError } from '../../../common/index.js';
import type { LogsApi } from '../../../models/logs/index.js';
import { lockKey, requireGroup, type LogsCore } from '../core.js';
import { checkLogGroupName } from '../names.js';
import { invalidParameter } from '../wire-errors.js';

function groupNameFor(input: { logGroupName?: string; resourceIdentifier?: string }): string {
  if (input.resourceIdentifier !== undefined) {
    if (input.logGroupName !== undefined) throw invalidParameter('logGroupName and resourceIdentifier are mutually exclusive.');
    throw new ServiceError('NotImplemented', 'Sift does not encrypt CloudWatch Logs Insights query results with a KMS key.', 501, 'server');
  }
  if (input.logGroupName === undefined) throw invalidParameter('Either logGroupName or resourceIdentifier must be specified.');
  checkLogGroupName(input.logGroupName);
  return input.logGroupName;
}

export const kmsOps = (core: LogsCore) =>
  ({
    async associateKmsKey(ctx, input) {
      const name = groupNameFor(input);
      await requireGroup(core, ctx.accountId, ctx.region, name);
      const dataKey = await core.groupKeys.newDataKey(ctx.accountId, ctx.region, name, input.kmsKeyId);
      await core.locks.run(lockKey(ctx.accountId, ctx.region, name), async () => {
        await requireGroup(core, ctx.accountId, ctx.region, name); // not deleted meanwhile
        await core.groupKeys.attach(ctx.accountId, ctx.region, name, dataKey);
      });
    },

    async disassociateKmsKey(ctx, input) {
      const name = groupNameFor(input);
      await core.locks.run(lockKey(ctx.accountId, ctx.region, name), async () => {
        await requireGroup(core, ctx.accountId, ctx.region, name);
        await core.groupKeys.detach(ctx.accountId, ctx.region, name);
      });
    },
  }) satisfies Partial<LogsApi>;
