// Events: PutLogEvents (AWS's batch rules in ingest-rules.ts; sequence tokens accepted and ignored, as AWS now
// does), GetLogEvents (head or tail; forward and backward tokens that come back unchanged at the end) and
// FilterLogEvents (all, named or prefixed streams; time range; filter pattern; pages with a token). Events older
// than the group's retention are not shown even before the retention sweep removes them.
import type { LogsApi } from '../../../models/logs/index.js';
import { compileFilterPattern } from '../filter-pattern/index.js';
import { CLEAR } from '../event-cipher.js';
import { groupStore, ingest, retentionCutoff, type LogsCore } from '../core.js';
import { checkLogGroupName, checkLogStreamName, groupNameOf } from '../names.js';
import { invalidParameter, mapped } from '../wire-errors.js';

export const eventOps = (core: LogsCore) =>
  ({
    async putLogEvents(ctx, input) {
      checkLogGroupName(input.logGroupName);
      checkLogStreamName(input.logStreamName);
      return ingest(core, ctx.accountId, ctx.region, input.logGroupName, input.logStreamName, input.logEvents);
    },

    async getLogEvents(ctx, input) {
      const name = groupNameOf(input, ctx.accountId, ctx.region);
      checkLogStreamName(input.logStreamName);
      const { group, store } = await groupStore(core, ctx.accountId, ctx.region, name);
      const cutoff = retentionCutoff(group, core.clock.nowMs());
      const cipher = await core.groupKeys.forRead(group);
      const out = await mapped(() =>
        store.getEvents(name, input.logStreamName, {
          startTime: Math.max(input.startTime ?? 0, cutoff),
          endTime: input.endTime,
          startFromHead: input.startFromHead,
          limit: input.limit,
          nextToken: input.nextToken,
        }),
      );
      return { events: cipher === CLEAR ? out.events : out.events.map((e) => ({ ...e, message: cipher.open(e.message) })), nextForwardToken: out.nextForwardToken, nextBackwardToken: out.nextBackwardToken };
    },

    async filterLogEvents(ctx, input) {
      const name = groupNameOf(input, ctx.accountId, ctx.region);
      if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
        throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive.');
      }
      if (input.startTime !== undefined && input.endTime !== undefined && input.startTime > input.endTime) {
        throw invalidParameter('startTime must not be later than endTime.');
      }
      // The pattern is checked before the group, so a bad pattern is reported even for a missing group.
      const pattern = input.filterPattern === undefined ? undefined : await mapped(async () => compileFilterPattern(input.filterPattern!));
      const { group, store } = await groupStore(core, ctx.accountId, ctx.region, name);
      const cutoff = retentionCutoff(group, core.clock.nowMs());
      const cipher = await core.groupKeys.forRead(group);
      // The pattern sees each message as it was put: opened first when the group's events are sealed.
      const matcher = pattern && pattern.kind !== 'all' ? (cipher === CLEAR ? pattern : { matches: (m: string) => pattern.matches(cipher.open(m)) }) : undefined;
      const out = await mapped(() =>
        store.filterEvents(name, {
          logStreamNames: input.logStreamNames,
          logStreamNamePrefix: input.logStreamNamePrefix,
          startTime: Math.max(input.startTime ?? 0, cutoff),
          endTime: input.endTime,
          pattern: matcher,
          limit: input.limit,
          nextToken: input.nextToken,
        }),
      );
      // searchedLogStreams is deprecated: AWS returns it empty since 2020-05-15.
      return { events: cipher === CLEAR ? out.events : out.events.map((e) => ({ ...e, message: cipher.open(e.message) })), searchedLogStreams: [], nextToken: out.nextToken };
    },
  }) satisfies Partial<LogsApi>;
