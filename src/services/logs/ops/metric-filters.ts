// Metric filters: PutMetricFilter (create or replace), DescribeMetricFilters, DeleteMetricFilter, TestMetricFilter.
import type { LogsApi, MetricFilter, MetricFilterMatchRecord } from '../../../models/logs/index.js';
import { errors } from '../../../models/logs/index.js';
import { compileFilterPattern } from '../filter-pattern/index.js';
import { requireGroup, type LogsCore } from '../core.js';
import { checkLogGroupName } from '../names.js';
import {
  compileMetricFilter,
  MAX_METRIC_FILTERS_PER_GROUP,
  MAX_REGEX_FILTERS_PER_GROUP,
  type MetricFilterRecord,
} from '../metric-filters.js';
import { decodeKey, describeLimit, encodeKey } from '../paging.js';
import { invalidParameter, mapped } from '../wire-errors.js';

const toMetricFilter = (r: MetricFilterRecord): MetricFilter => ({
  filterName: r.filterName,
  filterPattern: r.filterPattern,
  metricTransformations: [r.transformation],
  creationTime: r.creationTime,
  logGroupName: r.groupName,
});

export const metricFilterOps = (core: LogsCore) =>
  ({
    async putMetricFilter(ctx, input) {
      checkLogGroupName(input.logGroupName);
      if (input.metricTransformations.length !== 1) {
        throw invalidParameter('A metric filter must have exactly one metric transformation.');
      }
      const t = input.metricTransformations[0]!;
      const record: MetricFilterRecord = {
        groupName: input.logGroupName,
        filterName: input.filterName,
        filterPattern: input.filterPattern,
        transformation: {
          metricName: t.metricName,
          metricNamespace: t.metricNamespace,
          metricValue: t.metricValue,
          defaultValue: t.defaultValue,
          dimensions: t.dimensions && Object.keys(t.dimensions).length ? t.dimensions : undefined,
          unit: t.unit,
        },
        creationTime: core.clock.nowMs(),
      };
      const compiled = compileMetricFilter(record);
      const group = await requireGroup(core, ctx.accountId, ctx.region, input.logGroupName);
      // The Infrequent Access log class has no metric filters (Logs User Guide, "Log classes").
      if (group.logGroupClass === 'INFREQUENT_ACCESS') {
        throw invalidParameter('Metric filters are not supported for log groups of the INFREQUENT_ACCESS log class.');
      }
      const existing = await core.filters.forGroup(ctx.accountId, ctx.region, input.logGroupName);
      const others = existing.filter((f) => f.filterName !== input.filterName);
      if (others.length >= MAX_METRIC_FILTERS_PER_GROUP) throw new errors.LimitExceededException('Resource limit exceeded.');
      if (compiled.pattern.regexCount > 0) {
        const withRegex = others.filter((f) => {
          try {
            return compileFilterPattern(f.filterPattern).regexCount > 0;
          } catch {
            return false;
          }
        }).length;
        if (withRegex >= MAX_REGEX_FILTERS_PER_GROUP) {
          throw new errors.LimitExceededException(`A log group can have at most ${MAX_REGEX_FILTERS_PER_GROUP} metric filters whose patterns use regular expressions.`);
        }
      }
      const previous = existing.find((f) => f.filterName === input.filterName);
      await core.filters.put(ctx.accountId, ctx.region, previous ? { ...record, creationTime: previous.creationTime } : record);
      core.metricRuntime.invalidate(ctx.accountId, ctx.region, input.logGroupName);
    },

    async describeMetricFilters(ctx, input) {
      const limit = describeLimit(input.limit);
      if ((input.metricName === undefined) !== (input.metricNamespace === undefined)) {
        throw invalidParameter('metricName and metricNamespace must be specified together.');
      }
      if (input.filterNamePrefix !== undefined && input.logGroupName === undefined) {
        throw invalidParameter('filterNamePrefix can only be used with logGroupName.');
      }
      if (input.logGroupName !== undefined) {
        checkLogGroupName(input.logGroupName);
        await requireGroup(core, ctx.accountId, ctx.region, input.logGroupName);
      }
      const after = input.nextToken === undefined ? undefined : (decodeKey(input.nextToken, ['string', 'string']) as [string, string]);
      const rows = await core.filters.list(ctx.accountId, ctx.region, {
        groupName: input.logGroupName,
        filterNamePrefix: input.filterNamePrefix,
        metricName: input.metricName,
        metricNamespace: input.metricNamespace,
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { metricFilters: page.map(toMetricFilter), nextToken: rows.length > limit && last ? encodeKey([last.groupName, last.filterName]) : undefined };
    },

    async deleteMetricFilter(ctx, input) {
      checkLogGroupName(input.logGroupName);
      await requireGroup(core, ctx.accountId, ctx.region, input.logGroupName);
      if (!(await core.filters.delete(ctx.accountId, ctx.region, input.logGroupName, input.filterName))) {
        throw new errors.ResourceNotFoundException('The specified metric filter does not exist.');
      }
      core.metricRuntime.invalidate(ctx.accountId, ctx.region, input.logGroupName);
    },

    async testMetricFilter(_ctx, input) {
      if (input.logEventMessages.length < 1 || input.logEventMessages.length > 50) {
        throw invalidParameter('logEventMessages must hold between 1 and 50 messages.');
      }
      const pattern = await mapped(async () => compileFilterPattern(input.filterPattern));
      const matches: MetricFilterMatchRecord[] = [];
      input.logEventMessages.forEach((message, i) => {
        if (!pattern.matches(message)) return;
        // eventNumber counts the messages from 1, as AWS's console and examples show.
        matches.push({ eventNumber: i + 1, eventMessage: message, extractedValues: pattern.extractedValues(message) });
      });
      return { matches };
    },
  }) satisfies Partial<LogsApi>;
