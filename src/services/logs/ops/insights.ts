// CloudWatch Logs Insights: StartQuery, GetQueryResults, StopQuery, DescribeQueries, and saved queries
// (Put/Describe/DeleteQueryDefinition). The query language is compiled here, on the request path, so a malformed
// query answers MalformedQueryException at once; the query itself runs later (insights/queries.ts).
import { ServiceError } from '../../../common/index.js';
import type { RequestContext } from '../../../common/context.js';
import { errors, type LogsApi, type QueryLanguage, type QueryStatistics, type QueryStatus, type ResultField } from '../../../models/logs/index.js';
import type { LogsCore } from '../core.js';
import { compileQuery } from '../insights/compile.js';
import { decodePtr, flattenJson } from '../insights/event-row.js';
import { jsonFields } from '../insights/json-fields.js';
import { RECORD_HEADER_BYTES } from '../engine/index.js';
import { groupStore } from '../core.js';
import { definition, type QueryDefinitions } from '../insights/definitions.js';
import { queryInfo, type Queries } from '../insights/queries.js';
import { checkLogGroupName, parseLogGroupArn } from '../names.js';
import { decodeKey, encodeKey } from '../paging.js';
import { groupNotFound, invalidParameter } from '../wire-errors.js';

/** StartQuery reads up to 50 log groups (StartQuery API reference). */
export const MAX_QUERY_LOG_GROUPS = 50;

export interface InsightsParts {
  queries: Queries;
  definitions: QueryDefinitions;
}

function onlyLogsInsightsQl(language: QueryLanguage | undefined): void {
  if (language !== undefined && language !== 'CWLI') {
    throw new ServiceError('NotImplemented', `Sift runs Logs Insights QL (CWLI) queries only, not ${language}.`, 501, 'server');
  }
}

/** The groups a StartQuery names, by exactly one of logGroupName, logGroupNames and logGroupIdentifiers. */
function groupNames(ctx: RequestContext, input: { logGroupName?: string; logGroupNames?: string[]; logGroupIdentifiers?: string[] }): string[] {
  const given = [input.logGroupName, input.logGroupNames, input.logGroupIdentifiers].filter((x) => x !== undefined).length;
  if (given !== 1) throw invalidParameter('A StartQuery operation must include exactly one of the following parameters: logGroupName, logGroupNames, or logGroupIdentifiers.');
  let names: string[];
  if (input.logGroupName !== undefined) names = [input.logGroupName];
  else if (input.logGroupNames !== undefined) names = input.logGroupNames;
  else {
    names = input.logGroupIdentifiers!.map((id) => {
      if (!id.startsWith('arn:')) return id;
      if (id.endsWith('*')) throw invalidParameter(`The ARN of a log group to query can't end with an asterisk (*): ${id}`);
      const arn = parseLogGroupArn(id);
      if (!arn) throw invalidParameter(`Invalid log group identifier: ${id}`);
      // Another account's groups are queried from a monitoring account (cross-account observability), which Sift has not.
      if (arn.accountId !== ctx.accountId || arn.region !== ctx.region) throw groupNotFound();
      return arn.name;
    });
  }
  if (names.length === 0) throw invalidParameter('At least one log group must be specified.');
  if (names.length > MAX_QUERY_LOG_GROUPS) throw invalidParameter(`You can specify up to ${MAX_QUERY_LOG_GROUPS} log groups in a query.`);
  for (const n of names) checkLogGroupName(n);
  return [...new Set(names)];
}

function queryNotFound(): Error {
  return new errors.ResourceNotFoundException('The specified query does not exist.');
}

function pageOf<T>(items: T[], nextToken: string | undefined, max: number): { page: T[]; nextToken?: string } {
  const from = nextToken === undefined ? 0 : (decodeKey(nextToken, ['number'])[0] as number);
  const page = items.slice(from, from + max);
  return { page, ...(from + max < items.length ? { nextToken: encodeKey([from + max]) } : {}) };
}

export const insightsOps = (core: LogsCore, parts: InsightsParts) =>
  ({
    async startQuery(ctx, input) {
      onlyLogsInsightsQl(input.queryLanguage);
      const names = groupNames(ctx, input);
      if (!Number.isSafeInteger(input.startTime) || !Number.isSafeInteger(input.endTime) || input.startTime < 0 || input.endTime < 0) {
        throw invalidParameter('startTime and endTime must be epoch seconds.');
      }
      if (input.endTime < input.startTime) throw invalidParameter('endTime must not be earlier than startTime.');
      compileQuery(input.queryString); // a malformed query is refused here; the worker compiles it again
      // The gateway has authorized logs:StartQuery on each group's ARN (IAM reference: log-group, from logGroupNames[] etc.).
      for (const name of names) if (!(await core.groups.get(ctx.accountId, ctx.region, name))) throw groupNotFound();
      // Times are epoch seconds, both ends inclusive: the end second is read to its last millisecond. The account's
      // 30 active queries are counted where the query is recorded (LimitExceededException).
      const queryId = await parts.queries.start({ accountId: ctx.accountId, region: ctx.region, queryString: input.queryString, groupNames: names, startMs: input.startTime * 1000, endMs: input.endTime * 1000 + 999, limit: input.limit, userIdentity: ctx.principal.arn });
      return { queryId };
    },

    async getQueryResults(ctx, input) {
      const row = await parts.queries.get(ctx.accountId, ctx.region, input.queryId);
      if (!row) throw queryNotFound();
      const all = await parts.queries.resultsOf(row);
      // Until a query has run, its statistics are zeros.
      const statistics: QueryStatistics = row.statistics ? JSON.parse(row.statistics) : { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, logGroupsScanned: 0 };
      const max = input.maxItems;
      if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw invalidParameter('maxItems must be at least 1.');
      const { page, nextToken } = max === undefined && input.nextToken === undefined ? { page: all, nextToken: undefined } : pageOf(all, input.nextToken, max ?? all.length);
      return { queryLanguage: 'CWLI', ...(row.results_kms_key_arn !== null ? { encryptionKey: row.results_kms_key_arn } : {}), results: page, statistics: { estimatedRecordsSkipped: 0, estimatedBytesSkipped: 0, ...statistics }, status: row.status as QueryStatus, ...(nextToken ? { nextToken } : {}) };
    },

    async stopQuery(ctx, input) {
      const row = await parts.queries.get(ctx.accountId, ctx.region, input.queryId);
      if (!row) throw queryNotFound();
      if (!(await parts.queries.stop(ctx.accountId, ctx.region, input.queryId))) throw invalidParameter('The specified query is not running.');
      return { success: true };
    },

    async describeQueries(ctx, input) {
      onlyLogsInsightsQl(input.queryLanguage);
      const max = input.maxResults ?? 1000;
      const all = await parts.queries.list(ctx.accountId, ctx.region, { logGroupName: input.logGroupName, status: input.status });
      const { page, nextToken } = pageOf(all, input.nextToken, max);
      return { queries: page, ...(nextToken ? { nextToken } : {}) };
    },

    async putQueryDefinition(ctx, input) {
      onlyLogsInsightsQl(input.queryLanguage);
      if (input.parameters !== undefined && input.parameters.length > 0) {
        throw new ServiceError('NotImplemented', 'Sift does not support query definition parameters.', 501, 'server');
      }
      for (const n of input.logGroupNames ?? []) checkLogGroupName(n);
      let id = input.queryDefinitionId;
      if (id !== undefined) {
        if (!(await parts.definitions.get(ctx.accountId, ctx.region, id))) throw new errors.ResourceNotFoundException('The specified query definition does not exist.');
      } else id = core.ids.uuid();
      await parts.definitions.put({
        query_definition_id: id,
        account_id: ctx.accountId,
        region: ctx.region,
        name: input.name,
        query_string: input.queryString,
        log_group_names: JSON.stringify(input.logGroupNames ?? []),
        last_modified: core.clock.nowMs(),
      });
      return { queryDefinitionId: id };
    },

    async describeQueryDefinitions(ctx, input) {
      onlyLogsInsightsQl(input.queryLanguage);
      const all = await parts.definitions.list(ctx.accountId, ctx.region, input.queryDefinitionNamePrefix);
      const { page, nextToken } = pageOf(all, input.nextToken, input.maxResults ?? 1000);
      return { queryDefinitions: page, ...(nextToken ? { nextToken } : {}) };
    },

    // GetLogRecord: the whole event a query result's @ptr points at, with its JSON fields flattened.
    async getLogRecord(ctx, input) {
      const ptr = decodePtr(input.logRecordPointer);
      if (!ptr) throw invalidParameter('The specified logRecordPointer is not valid.');
      const { group, store } = await groupStore(core, ctx.accountId, ctx.region, ptr.groupName);
      const cipher = await core.groupKeys.forRead(group);
      let record: Record<string, string> | undefined;
      await store.scanEvents(ptr.groupName, { startTime: ptr.timestamp, endTime: ptr.timestamp }, (e, buf, off, length) => {
        if (e.seq !== ptr.seq) return;
        const message = cipher.open(buf.toString('utf8', off + RECORD_HEADER_BYTES, off + length));
        const json = jsonFields(message, undefined);
        record = {
          ...(json ? flattenJson(json) : {}),
          '@timestamp': String(e.timestamp),
          '@ingestionTime': String(e.ingestionTime),
          '@logStream': e.logStreamName,
          '@log': `${ctx.accountId}:${ptr.groupName}`,
          '@message': message,
        };
        return false;
      });
      if (!record) throw new errors.ResourceNotFoundException('The specified log record does not exist.');
      return { logRecord: record };
    },

    async deleteQueryDefinition(ctx, input) {
      if (!(await parts.definitions.delete(ctx.accountId, ctx.region, input.queryDefinitionId))) {
        throw new errors.ResourceNotFoundException('The specified query definition does not exist.');
      }
      return { success: true };
    },
  }) satisfies Partial<LogsApi>;

export { queryInfo, definition };
