// Log groups and their retention: CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy,
// DeleteRetentionPolicy.
import type { LogGroup, LogsApi } from '../../../models/logs/index.js';
import { errors } from '../../../models/logs/index.js';
import { createGroup, deleteGroup, requireGroup, type LogsCore } from '../core.js';
import type { GroupRecord } from '../groups.js';
import { checkLogGroupName, checkNewLogGroupName, logGroupArn, parseLogGroupArn } from '../names.js';
import { decodeKey, describeLimit, encodeKey } from '../paging.js';
import { checkTags } from '../tags.js';
import { groupExists, groupNotFound, invalidParameter } from '../wire-errors.js';

/** The retention periods AWS allows, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface RetentionChanged {
  /** Called after a retention policy is set, so expired events go at the next sweep, not the next scheduled one. */
  (accountId: string, region: string, group: string): void;
}

export { kmsKeyNotUsable } from '../kms-groups.js';

export const groupOps = (core: LogsCore, onRetentionChanged: RetentionChanged = () => {}) =>
  ({
    async createLogGroup(ctx, input) {
      checkNewLogGroupName(input.logGroupName);
      if (input.tags) checkTags(input.tags, input.logGroupName);
      // A key is checked (and the group's data key made) through KMS before the group exists.
      const dataKey = input.kmsKeyId === undefined ? undefined : await core.groupKeys.newDataKey(ctx.accountId, ctx.region, input.logGroupName, input.kmsKeyId);
      const created = await createGroup(core, ctx.accountId, ctx.region, input.logGroupName, {
        dataKey,
        logGroupClass: input.logGroupClass,
        deletionProtection: input.deletionProtectionEnabled,
        tags: input.tags,
      });
      if (!created) throw groupExists();
    },

    async deleteLogGroup(ctx, input) {
      checkLogGroupName(input.logGroupName);
      const group = await requireGroup(core, ctx.accountId, ctx.region, input.logGroupName);
      if (group.deletionProtection) {
        throw new errors.InvalidOperationException('Log group deletion protection is enabled. Disable it before deleting the log group.');
      }
      await deleteGroup(core, ctx.accountId, ctx.region, input.logGroupName);
    },

    async describeLogGroups(ctx, input) {
      const limit = describeLimit(input.limit);
      if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
        throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
      }
      if (input.logGroupIdentifiers !== undefined && (input.logGroupNamePrefix !== undefined || input.logGroupNamePattern !== undefined)) {
        throw invalidParameter('logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern.');
      }
      const after = input.nextToken === undefined ? undefined : String(decodeKey(input.nextToken, ['string'])[0]);
      const wanted = input.logGroupIdentifiers ? identifierNames(input.logGroupIdentifiers, ctx.accountId, ctx.region) : undefined;
      const page: GroupRecord[] = [];
      let more = false;
      let cursor = after;
      // Page through the names in order, keeping those that pass the filters the store cannot apply.
      for (;;) {
        const batch = await core.groups.list(ctx.accountId, ctx.region, { prefix: input.logGroupNamePrefix, after: cursor, limit: 500 });
        for (const g of batch) {
          if (input.logGroupNamePattern !== undefined && !g.name.includes(input.logGroupNamePattern)) continue;
          if (input.logGroupClass !== undefined && g.logGroupClass !== input.logGroupClass) continue;
          if (wanted && !wanted.has(g.name)) continue;
          if (page.length === limit) {
            more = true;
            break;
          }
          page.push(g);
        }
        if (more || batch.length < 500) break;
        cursor = batch[batch.length - 1]!.name;
      }
      const patternOnly = input.logGroupNamePattern !== undefined;
      const counts = patternOnly ? new Map<string, number>() : await core.filters.countByGroup(ctx.accountId, ctx.region, page.map((g) => g.name));
      const store = await core.events.get(ctx.accountId, ctx.region);
      const logGroups: LogGroup[] = [];
      for (const g of page) {
        const arn = logGroupArn(ctx.region, ctx.accountId, g.name);
        if (patternOnly) {
          logGroups.push({ logGroupName: g.name, creationTime: g.creationTime, arn: `${arn}:*` });
          continue;
        }
        const storedBytes = await store.describeGroup(g.name).then(
          (info) => info.storedBytes,
          () => 0,
        );
        logGroups.push({
          logGroupName: g.name,
          creationTime: g.creationTime,
          retentionInDays: g.retentionInDays,
          metricFilterCount: counts.get(g.name) ?? 0,
          arn: `${arn}:*`,
          storedBytes,
          kmsKeyId: g.kmsKeyId,
          logGroupClass: g.logGroupClass as LogGroup['logGroupClass'],
          logGroupArn: arn,
          deletionProtectionEnabled: g.deletionProtection,
        });
      }
      return { logGroups, nextToken: more ? encodeKey([page[page.length - 1]!.name]) : undefined };
    },

    async putRetentionPolicy(ctx, input) {
      checkLogGroupName(input.logGroupName);
      if (!(RETENTION_DAYS as readonly number[]).includes(input.retentionInDays)) {
        throw invalidParameter(
          `1 validation error detected: Value '${input.retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
        );
      }
      if (!(await core.groups.setRetention(ctx.accountId, ctx.region, input.logGroupName, input.retentionInDays))) throw groupNotFound();
      onRetentionChanged(ctx.accountId, ctx.region, input.logGroupName);
    },

    async deleteRetentionPolicy(ctx, input) {
      checkLogGroupName(input.logGroupName);
      if (!(await core.groups.setRetention(ctx.accountId, ctx.region, input.logGroupName, null))) throw groupNotFound();
    },
  }) satisfies Partial<LogsApi>;

/** Group names from DescribeLogGroups' logGroupIdentifiers (names or ARNs of this account and region). */
function identifierNames(ids: readonly string[], accountId: string, region: string): Set<string> {
  const names = new Set<string>();
  for (const id of ids) {
    if (id.startsWith('arn:')) {
      const p = parseLogGroupArn(id);
      if (!p) throw invalidParameter(`Invalid log group identifier: ${id}`);
      if (p.accountId === accountId && p.region === region) names.add(p.name);
    } else {
      names.add(id);
    }
  }
  return names;
}
