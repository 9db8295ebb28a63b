/**
 * Logs Insights queries as CloudWatch Logs keeps them: StartQuery records a query `Scheduled` and returns at once;
 * the query is a work unit on the queue (issue 18), run by whichever worker takes it (`sift worker`, or this process
 * on the in-process queue), which records it `Running` and ends it `Complete` (results and statistics stored),
 * `Cancelled` (StopQuery, from any API process), `Timeout` (60 minutes of run time, counted across retries) or
 * `Failed`. Everything a client sees lives in the database, so GetQueryResults on any API process answers it.
 *
 * A running query is held under a lease (`worker`, `lease_expires_at`) that the worker's heartbeat renews while it
 * scans; the same heartbeat stores the statistics so far and reads whether StopQuery cancelled the query. A worker
 * killed with -9 stops renewing: the queue hands the item to another worker (BullMQ's stalled check), and every
 * working process sweeps for active queries whose lease lapsed and enqueues them again (ids deduplicate), so a query
 * never stays Running forever. A query taken MAX_QUERY_ATTEMPTS times without ending is Failed.
 * Queries and their results are kept 7 days. Up to 30 queries of an account and Region are active at once
 * (docs/limits.md), counted under a lock so that API processes starting queries together never pass it.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { SecretBox } from '../../../common/index.js';
import type { Clock, IdSource, Logger } from '../../../common/index.js';
import { errors, type QueryInfo, type QueryStatistics, type QueryStatus, type ResultField } from '../../../models/logs/index.js';
import { InProcessQueue, instrumentHandlers, trackQueue, WORKER_ID, type QueueRetryOptions, type WorkItem, type WorkQueue } from '../../../queue/index.js';
import type { Database } from '../../../store/index.js';
import type { EventStores } from '../event-stores.js';
import type { GroupsRepo } from '../groups.js';
import type { LogGroupKeys } from '../kms-groups.js';
import type { QueryPlan } from './compile.js';
import { compileQuery } from './compile.js';
import type { QueryResultsKeys } from './results-keys.js';
import { runQuery, type QueryStats, type QueryTarget } from './run.js';

export const MAX_CONCURRENT_QUERIES = 30;
export const QUERY_TIMEOUT_MS = 60 * 60 * 1000;
export const QUERY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Times a worker may take a query (the first run and two after workers died mid-query) before it is Failed. */
export const MAX_QUERY_ATTEMPTS = 3;
/** The queue's handler name for a query's work unit. */
export const QUERY_WORK_ITEM = 'logs.insights-query';
const ACTIVE: QueryStatus[] = ['Scheduled', 'Running'];

const itemId = (queryId: string) => `insights-query:${queryId}`;

/** Where query work units go and whether this process runs them (gateway/app.ts decides from its role). */
export interface QueriesWork {
  /** Makes the queue, given what to do with a unit it gives up (the query is Failed). */
  queue: (retry: QueueRetryOptions) => WorkQueue;
  /** False in an API process beside workers: it enqueues queries and answers for them, workers run them. */
  runsHere: boolean;
  /** A worker's lease on a running query (default 30 s); its heartbeat renews it every third of it. */
  leaseMs?: number;
  /** Queries this process runs at once (default 4); more wait on the queue, `Scheduled`. */
  concurrency?: number;
  /** This process in leases (default WORKER_ID; tests give two instances in one process two names). */
  holder?: string;
}

export interface QueriesDeps {
  /**
   * Seals stored results under a key derived from the master key: they are log data (from KMS-keyed groups too), and
   * log data is never kept in clear outside the segment files' own encryption. Absent: results stored as JSON.
   */
  resultsBox?: SecretBox;
  /** The account's query-result KMS key, when one is associated, seals results instead (results-keys.ts). */
  resultsKeys: QueryResultsKeys;
  db: Kysely<Database>;
  /** PostgreSQL: StartQuery's concurrency count is taken under an advisory lock (SQLite serializes writers). */
  postgres?: boolean;
  events: EventStores;
  groups: GroupsRepo;
  groupKeys: LogGroupKeys;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** Default: an in-process queue whose items this process runs (the one-process layout). */
  work?: QueriesWork;
  /** Clock time between heartbeats of a running query (default a third of the lease; 0: at every check). */
  heartbeatMs?: number;
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

type Row = Selectable<Database['logs_insights_queries']>;

/** A query this process is running: what its heartbeat learned. */
interface Running {
  /** StopQuery cancelled it (read from the store by the heartbeat). */
  cancelled: boolean;
  /** Another worker holds it now (this one was presumed dead): stop without writing anything. */
  lost: boolean;
}

export class Queries {
  private readonly running = new Map<string, Running>();
  private readonly waiters = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  private readonly queue: WorkQueue;
  private readonly runsHere: boolean;
  private readonly holder: string;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private processing = false;
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  private untrack: (() => void) | undefined;
  private closed = false;

  constructor(private readonly deps: QueriesDeps) {
    const work = deps.work;
    const retry: QueueRetryOptions = { maxAttempts: MAX_QUERY_ATTEMPTS, backoffMs: 500, onFailed: (item, err) => this.givenUp(item, err) };
    this.queue = work ? work.queue(retry) : new InProcessQueue(retry);
    this.runsHere = work?.runsHere ?? true;
    this.holder = work?.holder ?? WORKER_ID;
    this.leaseMs = Math.max(1000, work?.leaseMs ?? 30_000);
    this.heartbeatMs = deps.heartbeatMs ?? Math.floor(this.leaseMs / 3);
  }

  /**
   * Takes query work units from the queue (when this process runs them) and sweeps every half lease for active
   * queries nobody runs: left by a process killed mid-query, or recorded while the queue could not take them.
   */
  startWork(): void {
    if (this.closed || !this.runsHere || this.sweepTimer) return;
    this.process();
    const sweep = () => void this.sweep().catch((err) => this.deps.logger.warn('logs insights sweep failed', { error: String(err) }));
    sweep();
    this.sweepTimer = setInterval(sweep, Math.max(500, Math.floor(this.leaseMs / 2)));
    this.sweepTimer.unref();
  }

  private process(): void {
    if (this.processing || !this.runsHere) return;
    this.processing = true;
    this.untrack = trackQueue(this.queue);
    const handlers = instrumentHandlers({ [QUERY_WORK_ITEM]: (item: WorkItem<{ queryId: string }>) => this.handle(item.payload.queryId) }, this.deps.logger);
    this.queue.process(handlers, { concurrency: Math.max(1, this.deps.work?.concurrency ?? 4) });
  }

  async activeCount(accountId: string, region: string, db: Kysely<Database> = this.deps.db): Promise<number> {
    const r = await db
      .selectFrom('logs_insights_queries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('status', 'in', ACTIVE)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * Records the query `Scheduled` (LimitExceededException when the account already has 30 active) and enqueues its
   * work unit. The plan was compiled by the caller (its errors are the caller's); a worker compiles it again.
   */
  async start(q: NewQuery): Promise<string> {
    await this.purge();
    const queryId = this.deps.ids.uuid();
    const resultsKey = (await this.deps.resultsKeys.current(q.accountId, q.region)) ?? null;
    await this.deps.db.transaction().execute(async (trx) => {
      // One StartQuery of an account and Region at a time counts and inserts, in every process sharing the database.
      if (this.deps.postgres) await sql`select pg_advisory_xact_lock(hashtextextended(${`logs-insights:${q.accountId}:${q.region}`}, 0))`.execute(trx);
      if ((await this.activeCount(q.accountId, q.region, trx)) >= MAX_CONCURRENT_QUERIES) {
        throw new errors.LimitExceededException(`Account maximum query concurrency limit of [${MAX_CONCURRENT_QUERIES}] reached.`);
      }
      await trx
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
          results_kms_key_arn: resultsKey,
          results_wrapped_key: null,
          worker: null,
          lease_expires_at: null,
          run_started_at: null,
        })
        .execute();
    });
    if (this.runsHere) {
      this.waiter(queryId);
      this.process();
    }
    // Recorded first, then enqueued: a unit the queue did not take is enqueued again by the next sweep.
    await this.enqueue([queryId]).catch((err) => this.deps.logger.warn('logs insights query not enqueued yet', { queryId, error: String(err) }));
    return queryId;
  }

  private enqueue(queryIds: string[]): Promise<void> {
    return this.queue.enqueue(queryIds.map((queryId) => ({ name: QUERY_WORK_ITEM, id: itemId(queryId), payload: { queryId } })));
  }

  get(accountId: string, region: string, queryId: string): Promise<Row | undefined> {
    return this.deps.db.selectFrom('logs_insights_queries').selectAll().where('query_id', '=', queryId).where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
  }

  /**
   * StopQuery: true when the query was scheduled or running and is now cancelled. The flag is the row's status: the
   * worker running the query (in any process) reads it at its next heartbeat and stops.
   */
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

  /**
   * Enqueues again every active query nobody holds: scheduled ones (their unit may have been lost) and running ones
   * whose worker's lease lapsed (it died). Returns how many. Units already waiting or running are not duplicated.
   */
  async sweep(): Promise<number> {
    const now = this.deps.clock.nowMs();
    const rows = await this.deps.db
      .selectFrom('logs_insights_queries')
      .select('query_id')
      .where('status', 'in', ACTIVE)
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
      .execute();
    const ids = rows.map((r) => r.query_id).filter((id) => !this.running.has(id));
    if (ids.length > 0) await this.enqueue(ids);
    return ids.length;
  }

  /**
   * Resolves once the query has ended, or once no unit of it is left to run here (tests and benches use it; the
   * query must have been started or swept by this instance).
   */
  async settled(queryId: string): Promise<void> {
    const w = this.waiter(queryId);
    const row = await this.deps.db.selectFrom('logs_insights_queries').select('status').where('query_id', '=', queryId).executeTakeFirst();
    if (!row || !ACTIVE.includes(row.status as QueryStatus)) return this.resolve(queryId);
    await w;
  }

  private waiter(queryId: string): Promise<void> {
    let w = this.waiters.get(queryId);
    if (!w) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      w = { promise, resolve };
      this.waiters.set(queryId, w);
    }
    return w.promise;
  }

  private resolve(queryId: string): void {
    this.waiters.get(queryId)?.resolve();
    this.waiters.delete(queryId);
  }

  /** Stops taking units; queries running here stop and hand their lease back, so another worker takes them at once. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    for (const r of this.running.values()) r.cancelled = true;
    await this.queue.close();
    this.untrack?.();
    for (const id of [...this.waiters.keys()]) this.resolve(id);
  }

  private async purge(): Promise<void> {
    const cutoff = this.deps.clock.nowMs() - QUERY_RETENTION_MS;
    await this.deps.db.deleteFrom('logs_insights_queries').where('create_time', '<', cutoff).where('status', 'not in', ACTIVE).execute();
  }

  /** The queue gave a unit up (its handler kept failing, e.g. the database was unreachable): the query is Failed. */
  private givenUp(item: WorkItem, err: unknown): void {
    const queryId = (item.payload as { queryId?: string }).queryId;
    this.deps.logger.error('logs insights query given up', { queryId, error: err instanceof Error ? err.message : String(err) });
    if (!queryId) return;
    void this.deps.db
      .updateTable('logs_insights_queries')
      .set({ status: 'Failed', completion_time: this.deps.clock.nowMs(), worker: null, lease_expires_at: null })
      .where('query_id', '=', queryId)
      .where('status', 'in', ACTIVE)
      .where((eb) => eb.or([eb('worker', 'is', null), eb('worker', '=', this.holder)]))
      .execute()
      .catch(() => undefined)
      .finally(() => this.resolve(queryId));
  }

  /** The work unit: take the query's lease, run it, record how it ended. Idempotent: a unit delivered again is a no-op. */
  private async handle(queryId: string): Promise<void> {
    if (this.running.has(queryId)) return; // delivered again while it runs here
    const state: Running = { cancelled: false, lost: false };
    this.running.set(queryId, state);
    try {
      // On the in-process queue the unit starts inside StartQuery's enqueue: the query answers Scheduled first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.claimAndRun(queryId, state);
    } catch (err) {
      // The run itself failed (not the database): the query is Failed, as Logs reports a query it could not run.
      this.deps.logger.warn('logs insights query failed', { queryId, error: err instanceof Error ? err.message : String(err) });
      if (!this.closed) await this.finish(queryId, 'Failed', undefined);
    } finally {
      this.running.delete(queryId);
      if (!this.closed) this.resolve(queryId);
    }
  }

  private async claimAndRun(queryId: string, state: Running): Promise<void> {
    const now = this.deps.clock.nowMs();
    // Taken when nobody holds it, or its holder's lease lapsed (that worker died or stopped).
    const claimed = await this.deps.db
      .updateTable('logs_insights_queries')
      .set({ status: 'Running', worker: this.holder, lease_expires_at: now + this.leaseMs, attempts: sql<number>`attempts + 1`, run_started_at: sql<number>`coalesce(run_started_at, ${now})` })
      .where('query_id', '=', queryId)
      .where('status', 'in', ACTIVE)
      .where((eb) => eb.or([eb('worker', 'is', null), eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now), eb('worker', '=', this.holder)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return; // stopped, ended, or running in another live worker
    const row = await this.deps.db.selectFrom('logs_insights_queries').selectAll().where('query_id', '=', queryId).executeTakeFirst();
    if (!row || row.worker !== this.holder) return;
    if (row.attempts > MAX_QUERY_ATTEMPTS) {
      this.deps.logger.warn('logs insights query taken too many times: failed', { queryId, attempts: row.attempts });
      return this.finish(queryId, 'Failed', parseStats(row.statistics));
    }
    const runStarted = Number(row.run_started_at ?? now);
    if (now - runStarted > QUERY_TIMEOUT_MS) return this.finish(queryId, 'Timeout', parseStats(row.statistics));
    let plan: QueryPlan;
    try {
      plan = compileQuery(row.query_string);
    } catch {
      return this.finish(queryId, 'Failed', undefined);
    }
    const store = await this.deps.events.get(row.account_id, row.region);
    const targets: QueryTarget[] = [];
    for (const name of JSON.parse(row.log_group_names) as string[]) {
      const group = await this.deps.groups.get(row.account_id, row.region, name);
      if (!group) continue; // deleted since StartQuery: nothing to read
      targets.push({ groupName: name, accountId: row.account_id, store, cipher: await this.deps.groupKeys.forRead(group) });
    }
    const heartbeat = this.heartbeat(queryId, state, (json) => this.sealResults(row, json));
    // Beats from the scan's checks, and from a timer too, so a slow scan (a loaded machine, a slow database page)
    // still renews its lease between checks. Only the checks' beats store statistics and rows, which agree at a check;
    // the timer's renew the lease alone (statistics stored without their rows would pair with an earlier beat's rows).
    const timer = setInterval(() => heartbeat.beat(this.deps.clock.nowMs()), Math.max(50, this.heartbeatMs));
    let outcome;
    try {
      outcome = await runQuery(plan, targets, { startMs: Number(row.start_time), endMs: Number(row.end_time), nowMs: runStarted }, row.result_limit ?? undefined, {
        check: (stats, rows) => {
          const t = this.deps.clock.nowMs();
          heartbeat.beat(t, stats, rows);
          if (state.cancelled || state.lost || this.closed) return 'Cancelled';
          return t - runStarted > QUERY_TIMEOUT_MS ? 'Timeout' : undefined;
        },
      });
    } finally {
      clearInterval(timer);
      await heartbeat.last();
    }
    const statistics: QueryStatistics = { ...outcome.statistics };
    if (state.lost) return; // another worker holds it now: it records the outcome
    if (outcome.status === 'Cancelled') {
      if (this.closed && !state.cancelled) return this.release(queryId);
      // StopQuery recorded Cancelled; the statistics of what was scanned stay with it.
      await this.deps.db.updateTable('logs_insights_queries').set({ statistics: JSON.stringify(statistics), worker: null, lease_expires_at: null }).where('query_id', '=', queryId).where('status', '=', 'Cancelled').where('worker', '=', this.holder).execute();
      return;
    }
    if (outcome.status !== 'Complete') return this.finish(queryId, outcome.status, statistics);
    await this.finish(queryId, 'Complete', statistics, await this.sealResults(row, JSON.stringify(outcome.results)));
  }

  /** Result rows as stored: under the account's query-result key when StartQuery saw one (a KMS refusal fails the query), else the default way. */
  private async sealResults(row: Row, json: string): Promise<{ results: string; wrapped: string | null }> {
    if (row.results_kms_key_arn !== null) {
      const { sealed, wrapped } = await this.deps.resultsKeys.seal(row.account_id, row.region, row.results_kms_key_arn, row.query_id, json);
      return { results: sealed, wrapped };
    }
    return { results: this.deps.resultsBox ? this.deps.resultsBox.seal(json, `logs-insights-results:${row.query_id}`) : json, wrapped: null };
  }

  /**
   * The running query's heartbeat, sent from the scan's checks at most every `heartbeatMs` and never two at once:
   * renews the lease and stores the statistics and result rows so far (GetQueryResults answers them while the query
   * is Running, as CloudWatch Logs does) while the query is still this worker's and Running; when it is not, reads
   * why (Cancelled by StopQuery, or taken over by another worker).
   */
  private heartbeat(queryId: string, state: Running, seal: (json: string) => Promise<{ results: string; wrapped: string | null }>) {
    let next = -Infinity;
    let inFlight: Promise<void> | undefined;
    const send = async (t: number, snapshot: { progress: QueryStats; rowsJson: string } | undefined): Promise<void> => {
      const stored = snapshot && { statistics: JSON.stringify(snapshot.progress), ...(await seal(snapshot.rowsJson)) };
      const r = await this.deps.db
        .updateTable('logs_insights_queries')
        .set({ lease_expires_at: t + this.leaseMs, ...(stored ? { statistics: stored.statistics, results: stored.results, results_wrapped_key: stored.wrapped } : {}) })
        .where('query_id', '=', queryId)
        .where('status', '=', 'Running')
        .where('worker', '=', this.holder)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return;
      const now = await this.deps.db.selectFrom('logs_insights_queries').select(['status', 'worker']).where('query_id', '=', queryId).executeTakeFirst();
      if (now?.status === 'Cancelled') state.cancelled = true;
      else state.lost = true;
    };
    return {
      /**
       * With `progress` and `partial` (the run's statistics and rows so far, from a check: `partial` is called here,
       * synchronously, between events): stores both with the lease. Without: renews the lease alone, and only when
       * no beat did within `heartbeatMs`; it leaves the next check's beat due.
       */
      beat: (t: number, progress?: QueryStats, partial?: () => ResultField[][]) => {
        if (inFlight || t < next) return;
        if (progress && partial) next = t + this.heartbeatMs;
        inFlight = send(t, progress && partial ? { progress: { ...progress }, rowsJson: JSON.stringify(partial()) } : undefined)
          .catch((err) => this.deps.logger.warn('logs insights heartbeat failed', { queryId, error: String(err) }))
          .finally(() => (inFlight = undefined));
      },
      last: async () => void (await inFlight),
    };
  }

  /** A clean stop mid-query: the lease goes back and the attempt does not count, so the next worker begins at once. */
  private async release(queryId: string): Promise<void> {
    await this.deps.db
      .updateTable('logs_insights_queries')
      .set({ worker: null, lease_expires_at: null, attempts: sql<number>`attempts - 1` })
      .where('query_id', '=', queryId)
      .where('status', '=', 'Running')
      .where('worker', '=', this.holder)
      .execute();
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

  /**
   * Records how the query ended, if it is still active and this worker's (a worker presumed dead writes nothing). When
   * StopQuery got in first (the scan ended before a heartbeat saw Cancelled), the query stays Cancelled with what its
   * last heartbeat stored, and this worker only gives the lease back.
   */
  private async finish(queryId: string, status: QueryStatus, statistics: QueryStatistics | undefined, stored?: { results: string; wrapped: string | null }): Promise<void> {
    const r = await this.deps.db
      .updateTable('logs_insights_queries')
      .set({
        status,
        completion_time: this.deps.clock.nowMs(),
        statistics: statistics ? JSON.stringify(statistics) : null,
        results: stored?.results ?? null,
        results_wrapped_key: stored?.wrapped ?? null,
        worker: null,
        lease_expires_at: null,
      })
      .where('query_id', '=', queryId)
      .where('status', 'in', ACTIVE)
      .where('worker', '=', this.holder)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) > 0) return;
    await this.deps.db
      .updateTable('logs_insights_queries')
      .set({ worker: null, lease_expires_at: null })
      .where('query_id', '=', queryId)
      .where('status', '=', 'Cancelled')
      .where('worker', '=', this.holder)
      .execute();
  }
}

function parseStats(json: string | null): QueryStatistics | undefined {
  return json ? (JSON.parse(json) as QueryStatistics) : undefined;
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
