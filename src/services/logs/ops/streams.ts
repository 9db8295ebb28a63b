// Log streams: CreateLogStream, DeleteLogStream, DescribeLogStreams (prefix; order by name or last event time,
// either direction; pages of ≤50 with a token that names the last stream returned).
import type { LogsApi, LogStream } from '../../../models/logs/index.js';
import type { StreamInfo } from '../engine/index.js';
import { groupStore, type LogsCore } from '../core.js';
import { checkLogGroupName, checkLogStreamName, groupNameOf, logStreamArn } from '../names.js';
import { decodeKey, describeLimit, encodeKey } from '../paging.js';
import { invalidParameter, mapped } from '../wire-errors.js';

export const streamOps = (core: LogsCore) =>
  ({
    async createLogStream(ctx, input) {
      checkLogGroupName(input.logGroupName);
      checkLogStreamName(input.logStreamName);
      const { store } = await groupStore(core, ctx.accountId, ctx.region, input.logGroupName);
      await mapped(() => store.createStream(input.logGroupName, input.logStreamName, core.clock.nowMs()));
    },

    async deleteLogStream(ctx, input) {
      checkLogGroupName(input.logGroupName);
      checkLogStreamName(input.logStreamName);
      const { store } = await groupStore(core, ctx.accountId, ctx.region, input.logGroupName);
      await mapped(() => store.deleteStream(input.logGroupName, input.logStreamName));
    },

    async describeLogStreams(ctx, input) {
      const name = groupNameOf(input, ctx.accountId, ctx.region);
      const limit = describeLimit(input.limit);
      const byTime = input.orderBy === 'LastEventTime';
      if (byTime && input.logStreamNamePrefix !== undefined) {
        throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
      }
      const descending = input.descending === true;
      const { store } = await groupStore(core, ctx.accountId, ctx.region, name);
      const all = await mapped(() => store.describeStreams(name));
      const prefix = input.logStreamNamePrefix;
      const keyOf = (s: StreamInfo): [number, string] => [byTime ? (s.lastEventTimestamp ?? 0) : 0, s.logStreamName];
      const cmp = (a: [number, string], b: [number, string]) => {
        const c = a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
        return descending ? -c : c;
      };
      let list = prefix ? all.filter((s) => s.logStreamName.startsWith(prefix)) : all;
      list = list.sort((a, b) => cmp(keyOf(a), keyOf(b)));
      if (input.nextToken !== undefined) {
        const [t, n] = decodeKey(input.nextToken, ['number', 'string']) as [number, string];
        list = list.filter((s) => cmp(keyOf(s), [t, n]) > 0);
      }
      const page = list.slice(0, limit);
      const logStreams: LogStream[] = page.map((s) => ({
        logStreamName: s.logStreamName,
        creationTime: s.creationTime,
        firstEventTimestamp: s.firstEventTimestamp,
        lastEventTimestamp: s.lastEventTimestamp,
        lastIngestionTime: s.lastIngestionTime,
        arn: logStreamArn(ctx.region, ctx.accountId, name, s.logStreamName),
        // Deprecated in AWS, which now always reports 0 here; the group's storedBytes carries the figure.
        storedBytes: 0,
      }));
      const last = page[page.length - 1];
      return { logStreams, nextToken: list.length > limit && last ? encodeKey(keyOf(last)) : undefined };
    },
  }) satisfies Partial<LogsApi>;
