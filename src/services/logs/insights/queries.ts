/**
 * Logs Insights queries as CloudWatch Logs keeps them: StartQuery records a query `Scheduled` and returns at once;
 * the query then runs here, off the request path (`Running`), and ends `Complete` (results and statistics stored),
 * `Cancelled` (StopQuery), `Timeout` (60 minutes of clock time) or `Failed`. Queries and their results are kept
 * 7 days. Up to 30 queries of an account and Region run at once (docs/limits.md).
 */
import { SecretBox } from '../../../common/index.js';
import type { Kysely } from 'kysely';
import type { Clock, IdSource, Logger } from '../../../common/index.js';
import type { QueryInfo, QueryStatistics, QueryStatus, ResultField } from '../../../models/logs/index.js';
import type { Database } from '../../../store/index.js';
import type { EventStores } from '../event-stores.js';
import type { GroupsRepo } from '../groups.js';
import type { LogGroupKeys } from '../kms-groups.js';
import type { QueryPlan } from './compile.js';
import { compileQuery } from './compile.js';
import type { QueryResultsKeys } from './results-keys.js';
import { runQuery, type QueryTarget } from './run.js';

export const MAX_CONCURRENT_QUERIES = 30;
export const QUERY_TIMEOUT_MS = 60 * 60 * 1000;
export const QUERY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const ACTIVE: QueryStatus[] = ['Scheduled', 'Running'];

export interface QueriesDeps {
  /**
   * Seals stored results under a key derived from the master key: they are log data (from KMS-keyed groups too), and
   * log data is never kept in clear outside the segment files' own encryption. Absent: results stored as JSON.
   */
  resultsBox?: SecretBox;
  /** The account's query-result KMS key, when one is associated, seals results instead (results-keys.ts). */
  resultsKeys: QueryResultsKeys;
  db: Kysely<Database>;
  events: EventStores;
  groups: GroupsRepo;
  groupKeys: LogGroupKeys;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
}

export interface NewQuery {
  accountId: string;
  region: string;
  queryString: string;
  groupNames: string[];
  startMs: number;
  endMs: number;
  limit?: number;
  userIdentity: string;
}

type Row = Database['logs_insights_queries'];

interface Running {
  cancelled: boolean;
  done: Promise<void>;
}

export class Queries {
  private readonly running = new Map<string, Running>();
  private closed = false;

  constructor(private readonly deps: QueriesDeps) {}

  async activeCount(accountId: string, region: string): Promise<number> {
    const r = await this.deps.db
      .selectFrom('logs_insights_queries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('status', 'in', ACTIVE)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Records the query `Scheduled` and starts it; the plan was compiled by the caller (its errors are the caller's). */
  async start(q: NewQuery, plan: QueryPlan): Promise<string> {
    await this.purge();
    const queryId = this.deps.ids.uuid();
    await this.deps.db
      .insertInto('logs_insights_queries')
      .values({
        query_id: queryId,
        account_id: q.accountId,
        region: q.region,
        query_string: q.queryString,
        log_group_names: JSON.stringify(q.groupNames),
        start_time: q.startMs,
        end_time: q.endMs,
        result_limit: q.limit ?? null,
        status: 'Scheduled',
        create_time: this.deps.clock.nowMs(),
        completion_time: null,
        results: null,
        statistics: null,
        user_identity: q.userIdentity,
        results_kms_key_arn: (await this.deps.resultsKeys.current(q.accountId, q.region)) ?? null,
        results_wrapped_key: null,
      })
      .execute();
    this.launch(queryId, plan);
    return queryId;
  }

  get(accountId: string, region: string, queryId: string): Promise<Row | undefined> {
    return this.deps.db.selectFrom('logs_insights_queries').selectAll().where('query_id', '=', queryId).where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
  }

  /** StopQuery: true when the query was scheduled or running and is now cancelled. */
  async stop(accountId: string, region: string, queryId: string): Promise<boolean> {
    const r = await this.deps.db
      .updateTable('logs_insights_queries')
      .set({ status: 'Cancelled', completion_time: this.deps.clock.nowMs() })
      .where('query_id', '=', queryId)
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('status', 'in', ACTIVE)
      .executeTakeFirst();
    const stopped = Number(r.numUpdatedRows) > 0;
    const running = this.running.get(queryId);
    if (stopped && running) running.cancelled = true;
    return stopped;
  }

  /** DescribeQueries: newest first, optionally of one log group and one status. */
  async list(accountId: string, region: string, filter: { logGroupName?: string; status?: QueryStatus }): Promise<QueryInfo[]> {
    await this.purge();
    let q = this.deps.db.selectFrom('logs_insights_queries').selectAll().where('account_id', '=', accountId).where('region', '=', region);
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('create_time', 'desc').orderBy('query_id').execute();
    return rows
      .filter((r) => filter.logGroupName === undefined || (JSON.parse(r.log_group_names) as string[]).includes(filter.logGroupName))
      .map((r) => queryInfo(r));
  }

  /** Runs again the queries a previous process left scheduled or running. */
  async resume(): Promise<void> {
    const rows = await this.deps.db.selectFrom('logs_insights_queries').selectAll().where('status', 'in', ACTIVE).execute();
    for (const row of rows) {
      if (this.running.has(row.query_id)) continue;
      let plan: QueryPlan;
      try {
        plan = compileQuery(row.query_string);
      } catch {
        await this.finish(row.query_id, 'Failed', undefined);
        continue;
      }
      this.launch(row.query_id, plan);
    }
  }

  /** Resolves once the query is no longer running here (tests and benches use it). */
  async settled(queryId: string): Promise<void> {
    await this.running.get(queryId)?.done;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.running.values()) r.cancelled = true;
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private async purge(): Promise<void> {
    const cutoff = this.deps.clock.nowMs() - QUERY_RETENTION_MS;
    await this.deps.db.deleteFrom('logs_insights_queries').where('create_time', '<', cutoff).where('status', 'not in', ACTIVE).execute();
  }

  private launch(queryId: string, plan: QueryPlan): void {
    const state: Running = { cancelled: false, done: Promise.resolve() };
    state.done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run(queryId, plan, state))
      .catch(async (err) => {
        this.deps.logger.warn('logs insights query failed', { queryId, error: err instanceof Error ? err.message : String(err) });
        await this.finish(queryId, 'Failed', undefined).catch(() => undefined);
      })
      .finally(() => this.running.delete(queryId));
    this.running.set(queryId, state);
  }

  private async run(queryId: string, plan: QueryPlan, state: Running): Promise<void> {
    const moved = await this.deps.db.updateTable('logs_insights_queries').set({ status: 'Running' }).where('query_id', '=', queryId).where('status', '=', 'Scheduled').executeTakeFirst();
    const row = await this.deps.db.selectFrom('logs_insights_queries').selectAll().where('query_id', '=', queryId).executeTakeFirst();
    if (!row || (Number(moved.numUpdatedRows) === 0 && row.status !== 'Running')) return; // stopped before it began
    const started = this.deps.clock.nowMs();
    const store = await this.deps.events.get(row.account_id, row.region);
    const targets: QueryTarget[] = [];
    for (const name of JSON.parse(row.log_group_names) as string[]) {
      const group = await this.deps.groups.get(row.account_id, row.region, name);
      if (!group) continue; // deleted since StartQuery: nothing to read
      targets.push({ groupName: name, accountId: row.account_id, store, cipher: await this.deps.groupKeys.forRead(group) });
    }
    const outcome = await runQuery(plan, targets, { startMs: Number(row.start_time), endMs: Number(row.end_time), nowMs: started }, row.result_limit ?? undefined, {
      check: () => {
        if (state.cancelled || this.closed) return 'Cancelled';
        return this.deps.clock.nowMs() - started > QUERY_TIMEOUT_MS ? 'Timeout' : undefined;
      },
    });
    if (outcome.status === 'Cancelled') return; // StopQuery has recorded it (or the process is closing: resume reruns it)
    const statistics: QueryStatistics = { ...outcome.statistics };
    if (outcome.status !== 'Complete') return this.finish(queryId, outcome.status, statistics);
    // Under the account's query-result key when StartQuery saw one (a KMS refusal fails the query), else the default way.
    const json = JSON.stringify(outcome.results);
    if (row.results_kms_key_arn !== null) {
      const { sealed, wrapped } = await this.deps.resultsKeys.seal(row.account_id, row.region, row.results_kms_key_arn, queryId, json);
      return this.finish(queryId, 'Complete', statistics, { results: sealed, wrapped });
    }
    const results = this.deps.resultsBox ? this.deps.resultsBox.seal(json, `logs-insights-results:${queryId}`) : json;
    await this.finish(queryId, 'Complete', statistics, { results, wrapped: null });
  }

  /** A query's stored result rows, opened (through KMS when they were sealed under a query-result key). */
  async resultsOf(row: Row): Promise<ResultField[][]> {
    if (!row.results) return [];
    let json: string;
    if (row.results_wrapped_key !== null && row.results_kms_key_arn !== null) {
      json = await this.deps.resultsKeys.open(row.account_id, row.region, row.results_kms_key_arn, row.query_id, row.results_wrapped_key, row.results);
    } else json = SecretBox.isSealed(row.results) ? this.deps.resultsBox!.open(row.results, `logs-insights-results:${row.query_id}`) : row.results;
    return JSON.parse(json) as ResultField[][];
  }

  private async finish(queryId: string, status: QueryStatus, statistics: QueryStatistics | undefined, stored?: { results: string; wrapped: string | null }): Promise<void> {
    await this.deps.db
      .updateTable('logs_insights_queries')
      .set({
        status,
        completion_time: this.deps.clock.nowMs(),
        statistics: statistics ? JSON.stringify(statistics) : null,
        results: stored?.results ?? null,
        results_wrapped_key: stored?.wrapped ?? null,
      })
      .where('query_id', '=', queryId)
      .where('status', 'in', ACTIVE)
      .execute();
  }
}

export function queryInfo(r: Row): QueryInfo {
  const groups = JSON.parse(r.log_group_names) as string[];
  const stats = r.statistics ? (JSON.parse(r.statistics) as QueryStatistics) : undefined;
  return {
    queryLanguage: 'CWLI',
    queryId: r.query_id,
    queryString: r.query_string,
    status: r.status as QueryStatus,
    createTime: Number(r.create_time),
    logGroupName: groups[0],
    ...(r.completion_time !== null ? { queryDuration: Number(r.completion_time) - Number(r.create_time) } : {}),
    ...(stats ? { bytesScanned: stats.bytesScanned } : {}),
    userIdentity: r.user_identity,
  };
}
