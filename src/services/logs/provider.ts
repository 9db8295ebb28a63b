/**
 * Amazon CloudWatch Logs for Sift: the provider assembled from its op groups, the retention sweep and export
 * resumption as the registration's Background, and the internal API other parts write events through.
 *
 * Events live in per-group segment files under `<dataDir>/logs/<account>/<region>/` (engine/), or with PostgreSQL in
 * the database (table-store/, shared by every process; event-stores.ts); group metadata,
 * metric filters and export tasks in the store. Metric filter data is published through CloudWatch's in-process
 * metrics API (over the same store, so alarms see it); export tasks write through the storage part when it is
 * given, else through the S3 provider.
 */
import { join } from 'node:path';
import type { LogsApi } from '../../models/logs/index.js';
import type { ObjectKms, Storage } from '../../storage/index.js';
import { createCloudWatchMetrics, type CloudWatchMetrics } from '../cloudwatch/index.js';
import type { Background, PlatformDeps, Provider, ServiceRegistration } from '../types.js';
import type { LogsCore } from './core.js';
import type { EngineOptions } from './engine/index.js';
import { EventStores, type EventBackend } from './event-stores.js';
import { exportDestinationFromS3Provider, exportDestinationFromStorage, type ExportDestination } from './export-destination.js';
import { ExportTasks } from './export-tasks.js';
import { GroupsRepo } from './groups.js';
import { createInternalApi, type LogsInternalApi } from './internal-api.js';
import { KeyedLock } from './keyed-lock.js';
import { LogGroupKeys } from './kms-groups.js';
import { MetricFilterRuntime, MetricFiltersRepo } from './metric-filters.js';
import { logGroupArn } from './names.js';
import { eventOps } from './ops/events.js';
import { exportOps } from './ops/exports.js';
import { groupOps } from './ops/groups.js';
import { kmsOps } from './ops/kms.js';
import { QueryResultsKeys } from './insights/results-keys.js';
import { metricFilterOps } from './ops/metric-filters.js';
import { streamOps } from './ops/streams.js';
import { tagOps } from './ops/tags.js';
import { insightsOps } from './ops/insights.js';
import { QueryDefinitions } from './insights/definitions.js';
import { Queries, type QueriesWork } from './insights/queries.js';
import { createRetentionSweeper, type RetentionSweeper } from './retention.js';

export interface LogsOptions {
  /** Where export tasks write (default: `deps.storage`, else the S3 provider in `deps.providers`). */
  storage?: Storage;
  exportDestination?: ExportDestination;
  /** KMS for KMS-keyed log groups (absent: a group's kmsKeyId is refused). */
  kms?: ObjectKms;
  /** Where metric filter data goes (default: CloudWatch's metrics API over the same store). */
  metrics?: CloudWatchMetrics;
  engine?: Partial<EngineOptions>;
  /** Where events live (default: the database with PostgreSQL, so any API process serves any call; else files). */
  eventStore?: EventBackend;
  /** Retention sweep: clock time between sweeps and real time between looks at the clock. */
  retentionIntervalMs?: number;
  retentionTickMs?: number;
  /**
   * False in an API process beside workers: export tasks are left for the process that runs the Logs background
   * (a worker, under a lease), which looks for PENDING and abandoned tasks every `exportsTickMs` (default 5 s).
   */
  inlineWork?: boolean;
  exportsTickMs?: number;
  /**
   * Where Logs Insights queries run, told whether the events are shared by every process (default: an in-process
   * queue whose queries this process runs).
   */
  insightsWork?: (where: { sharedEvents: boolean }) => QueriesWork | undefined;
  /** Clock time between a running query's heartbeats (default a third of its lease). */
  insightsHeartbeatMs?: number;
}

export type LogsDeps = Pick<PlatformDeps, 'store' | 'clock' | 'ids' | 'logger' | 'dataDir' | 'providers'> & Partial<Pick<PlatformDeps, 'storage' | 'masterKey'>>;

export function createLogsProvider(deps: LogsDeps, options: LogsOptions = {}) {
  const postgres = deps.store.dialect === 'postgres';
  const events = new EventStores(join(deps.dataDir, 'logs'), { backend: options.eventStore ?? (postgres ? 'database' : 'files'), db: deps.store.db, postgres, engine: options.engine });
  const groups = new GroupsRepo(deps.store.db);
  const filters = new MetricFiltersRepo(deps.store.db);
  const metrics = options.metrics ?? createCloudWatchMetrics(deps);
  const storage = options.storage ?? deps.storage;
  const groupKeys = new LogGroupKeys(deps.store.db, options.kms, () => deps.clock.nowMs());
  const destination = options.exportDestination ?? (storage ? exportDestinationFromStorage(storage) : exportDestinationFromS3Provider(deps.providers));
  const core: LogsCore = {
    db: deps.store.db,
    groups,
    filters,
    metricRuntime: new MetricFilterRuntime(filters, () => metrics, deps.logger),
    events,
    exports: new ExportTasks({ db: deps.store.db, startOnCreate: options.inlineWork !== false, groups, groupKeys, events, clock: deps.clock, ids: deps.ids, logger: deps.logger, destination: () => destination }),
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    locks: new KeyedLock(),
    groupKeys,
  };
  const retention = createRetentionSweeper({ groups, events, clock: deps.clock, logger: deps.logger, intervalMs: options.retentionIntervalMs, tickMs: options.retentionTickMs });
  const resultsKeys = new QueryResultsKeys(deps.store.db, options.kms);
  const work = options.insightsWork?.({ sharedEvents: events.backend === 'database' });
  const queries = new Queries({
    db: deps.store.db,
    postgres,
    events,
    groups,
    groupKeys,
    resultsKeys,
    clock: deps.clock,
    ids: deps.ids,
    logger: deps.logger,
    ...(work ? { work } : {}),
    ...(options.insightsHeartbeatMs !== undefined ? { heartbeatMs: options.insightsHeartbeatMs } : {}),
    ...(deps.masterKey ? { resultsBox: deps.masterKey.secretBox('sift/logs/insights-results') } : {}),
  });
  const provider = {
    ...groupOps(core, () => retention.request()),
    ...streamOps(core),
    ...eventOps(core),
    ...tagOps(core),
    ...metricFilterOps(core),
    ...exportOps(core),
    ...kmsOps(core, resultsKeys),
    ...insightsOps(core, { queries, definitions: new QueryDefinitions(deps.store.db) }),
  } satisfies Partial<LogsApi>;
  let exportsTimer: ReturnType<typeof setInterval> | undefined;
  const resumeExports = () => void core.exports.resume().catch((err) => deps.logger.warn('log export tasks not resumed', { error: String(err) }));
  const background: Background & { close(): Promise<void> } = {
    start() {
      retention.start();
      resumeExports();
      // Tasks recorded by API processes that do not run them, or left by a process killed mid-task.
      exportsTimer ??= setInterval(resumeExports, options.exportsTickMs ?? 5000);
      exportsTimer.unref();
    },
    async stop() {
      if (exportsTimer) clearInterval(exportsTimer);
      exportsTimer = undefined;
      await retention.stop();
      await core.exports.close();
    },
    // Not part of stop(): a worker that loses the lease of the Logs singleton keeps serving Insights queries and
    // may retake the lease later, so the event stores stay open until the process closes.
    async close() {
      await events.close();
    },
  };
  return { provider, core, retention, background, queries, internal: createInternalApi(core), sharedEvents: events.backend === 'database' };
}

export type LogsProvider = ReturnType<typeof createLogsProvider>['provider'];

export interface LogsRegistration extends ServiceRegistration {
  provider: Provider & LogsProvider;
  background: Background & { close(): Promise<void> };
  /** The API other parts of Sift write events through. */
  internal: LogsInternalApi;
  /** The retention sweep (tests call `sweep()` to run one now). */
  retention: RetentionSweeper;
  /** Export tasks (tests await `settled(taskId)`). */
  exports: ExportTasks;
  /**
   * Logs Insights queries: their own lifecycle, apart from the Logs background (which runs in one worker at a time),
   * since every working process runs queries: `startWork()` takes units (if this process runs them), `close()` stops.
   * Tests await `settled(queryId)`.
   */
  queries: Queries;
  /** True when events live in the database, so any process (a worker too) may write and read them. */
  sharedEvents: boolean;
}

// CloudTrail logs these CloudWatch Logs calls as data events, kept out of event history.
const DATA_EVENTS = new Set(['PutLogEvents', 'GetLogEvents', 'FilterLogEvents']);
const BY_ARN = new Set(['TagResource', 'UntagResource', 'ListTagsForResource']);

export function createLogsRegistration(deps: PlatformDeps, options: LogsOptions = {}): LogsRegistration {
  const { provider, background, internal, retention, core, queries, sharedEvents } = createLogsProvider(deps, options);
  return {
    service: 'logs',
    provider: provider as Provider & LogsProvider,
    actionOf: (operation) => `logs:${operation}`,
    resourceOf: (operation, input, ctx) => {
      if (BY_ARN.has(operation) && typeof input?.resourceArn === 'string') return input.resourceArn;
      const name = typeof input?.logGroupName === 'string' ? input.logGroupName : typeof input?.logGroupIdentifier === 'string' ? input.logGroupIdentifier : undefined;
      if (name === undefined) return '*';
      if (name.startsWith('arn:')) return name.replace(/:\*$/, '');
      const arn = logGroupArn(ctx.region, ctx.accountId, name);
      return typeof input?.logStreamName === 'string' ? `${arn}:log-stream:${input.logStreamName}` : arn;
    },
    isDataEvent: (operation) => DATA_EVENTS.has(operation),
    background,
    internal,
    retention,
    exports: core.exports,
    queries,
    sharedEvents,
  };
}
