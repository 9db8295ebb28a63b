/**
 * Export tasks: CreateExportTask records a PENDING task and starts it at once; the task reads the group's events in
 * the [from, to] window (optionally only streams with a prefix) in one pass and writes them as gzip files in AWS's
 * layout — `<prefix>/<taskId>/<stream>/000000.gz`, `000001.gz`, … — each line `<ISO-8601 timestamp> <message>`.
 * A probe object `<prefix>/aws-logs-write-test` is written first, as AWS does. Memory stays bounded: buffered text
 * is flushed as the next file of its stream once the buffers together pass `maxBufferedBytes`.
 * One active (PENDING or RUNNING) task per account and region; tasks cut short by a restart run again on start.
 */
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Clock, IdSource, Logger, RequestContext } from '../../common/index.js';
import { errors, type CreateExportTaskRequest, type ExportTask, type ExportTaskStatusCode } from '../../models/logs/index.js';
import type { Database } from '../../store/index.js';
import type { EventStores } from './event-stores.js';
import type { ExportDestination } from './export-destination.js';
import type { GroupsRepo } from './groups.js';
import { CLEAR } from './event-cipher.js';
import type { LogGroupKeys } from './kms-groups.js';
import { groupNotFound, invalidParameter, invalidToken } from './wire-errors.js';

export const DEFAULT_DESTINATION_PREFIX = 'exportedlogs';
export const PERMISSION_CHECK_KEY = 'aws-logs-write-test';

/** Joins key parts with single slashes: no empty segment (no `//`, no leading slash) whatever the prefix or stream. */
export function exportKey(...parts: string[]): string {
  return parts.flatMap((p) => p.split('/')).filter((p) => p !== '').join('/');
}

/** The prefix as stored: the default when none is given, without empty segments. */
export function exportPrefix(given: string | undefined): string {
  return exportKey(given ?? DEFAULT_DESTINATION_PREFIX);
}
const ACTIVE: ExportTaskStatusCode[] = ['PENDING', 'RUNNING'];

export interface ExportTasksDeps {
  db: Kysely<Database>;
  groups: GroupsRepo;
  /** Opens the events of KMS-keyed groups (an export writes them clear, as AWS's does). */
  groupKeys: LogGroupKeys;
  events: EventStores;
  /**
   * False where another process runs the tasks (an API process beside workers): CreateExportTask only records the
   * task PENDING and the process running the Logs background starts it at its next look (`resume`).
   */
  startOnCreate?: boolean;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  destination: () => ExportDestination | undefined;
  /** Text held before it is written out (default 32 MiB). */
  maxBufferedBytes?: number;
}

type Row = Database['logs_export_tasks'];

function toExportTask(r: Row): ExportTask {
  return {
    taskId: r.task_id,
    taskName: r.task_name ?? undefined,
    logGroupName: r.group_name,
    from: Number(r.from_time),
    to: Number(r.to_time),
    destination: r.destination,
    destinationPrefix: r.destination_prefix,
    status: { code: r.status_code as ExportTaskStatusCode, message: r.status_message ?? undefined },
    executionInfo: { creationTime: Number(r.creation_time), completionTime: r.completion_time === null ? undefined : Number(r.completion_time) },
  };
}

/** The execution context of a running task: who asked, so writes go to that account's storage. */
interface Running {
  cancelled: boolean;
  done: Promise<void>;
}

export class ExportTasks {
  private readonly running = new Map<string, Running>();
  private creating: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ExportTasksDeps) {}

  async create(ctx: RequestContext, input: CreateExportTaskRequest): Promise<string> {
    // Creation runs one at a time so the one-active-task rule holds within this process.
    const run = this.creating.then(() => this.createNow(ctx, input));
    this.creating = run.catch(() => undefined);
    return run;
  }

  private async createNow(ctx: RequestContext, input: CreateExportTaskRequest): Promise<string> {
    const group = await this.deps.groups.get(ctx.accountId, ctx.region, input.logGroupName);
    if (!group) throw groupNotFound();
    const active = await this.deps.db
      .selectFrom('logs_export_tasks')
      .select('task_id')
      .where('account_id', '=', ctx.accountId)
      .where('region', '=', ctx.region)
      .where('status_code', 'in', ACTIVE)
      .executeTakeFirst();
    if (active) throw new errors.LimitExceededException('Resource limit exceeded.');
    const destination = this.deps.destination();
    if (!destination) throw new errors.ServiceUnavailableException('Exports are not available: no object storage is configured.');
    const prefix = exportPrefix(input.destinationPrefix);
    const problem = await destination.checkBucket(ctx, input.destination, { logGroupName: input.logGroupName, prefix });
    if (problem === 'NoSuchBucket') throw invalidParameter('The specified bucket does not exist.');
    if (problem === 'WrongRegion') throw invalidParameter('The specified bucket is in a different region. Please make sure the bucket is in the same region as the log group.');
    if (problem === 'AccessDenied') {
      throw invalidParameter('GetBucketAcl call on the given bucket failed. Please check if CloudWatch Logs has been granted permission to perform this operation.');
    }
    // The bucket is checked before the time range, as Logs does (a missing bucket's message comes first); a range
    // that starts (or ends) before the group existed is accepted and exports what the group holds in it.
    if (!Number.isSafeInteger(input.from) || !Number.isSafeInteger(input.to) || input.from < 0 || input.to < 0) {
      throw invalidParameter('from and to must be epoch milliseconds.');
    }
    if (input.from > input.to) throw invalidParameter("The 'from' time must not be later than the 'to' time.");
    // Logs' permission check object is written at the bucket's root, whatever the prefix.
    await destination.putObject(ctx, input.destination, PERMISSION_CHECK_KEY, Buffer.from('Permission Check Successful'));
    const taskId = this.deps.ids.uuid();
    await this.deps.db
      .insertInto('logs_export_tasks')
      .values({
        task_id: taskId,
        account_id: ctx.accountId,
        region: ctx.region,
        task_name: input.taskName ?? null,
        group_name: input.logGroupName,
        stream_prefix: input.logStreamNamePrefix ?? null,
        from_time: input.from,
        to_time: input.to,
        destination: input.destination,
        destination_prefix: prefix,
        status_code: 'PENDING',
        status_message: 'Pending.',
        creation_time: this.deps.clock.nowMs(),
        completion_time: null,
      })
      .execute();
    if (this.deps.startOnCreate !== false) this.start(ctx, taskId);
    return taskId;
  }

  async describe(
    ctx: RequestContext,
    q: { taskId?: string; statusCode?: ExportTaskStatusCode; nextToken?: string; limit?: number },
  ): Promise<{ exportTasks: ExportTask[]; nextToken?: string }> {
    const offset = q.nextToken === undefined ? 0 : decodeOffset(q.nextToken);
    const limit = q.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw invalidParameter('limit must be between 1 and 50.');
    let sel = this.deps.db.selectFrom('logs_export_tasks').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region);
    if (q.taskId !== undefined) sel = sel.where('task_id', '=', q.taskId);
    if (q.statusCode !== undefined) sel = sel.where('status_code', '=', q.statusCode);
    const rows = await sel.orderBy('creation_time', 'desc').orderBy('task_id').offset(offset).limit(limit + 1).execute();
    const page = rows.slice(0, limit).map(toExportTask);
    return { exportTasks: page, nextToken: rows.length > limit ? encodeOffset(offset + limit) : undefined };
  }

  async cancel(ctx: RequestContext, taskId: string): Promise<void> {
    const row = await this.row(taskId);
    if (!row || row.account_id !== ctx.accountId || row.region !== ctx.region) {
      throw new errors.ResourceNotFoundException('The specified export task does not exist.');
    }
    if (!ACTIVE.includes(row.status_code as ExportTaskStatusCode)) {
      throw new errors.InvalidOperationException(`The specified export task has already finished with status ${row.status_code}.`);
    }
    const r = this.running.get(taskId);
    if (r) r.cancelled = true;
    await this.finish(taskId, 'CANCELLED', 'Cancelled by user', ACTIVE);
  }

  /** Runs the tasks PENDING or RUNNING that this process is not running (left by a previous or another process). */
  async resume(): Promise<void> {
    const rows = await this.deps.db.selectFrom('logs_export_tasks').selectAll().where('status_code', 'in', ACTIVE).execute();
    for (const row of rows) {
      if (this.running.has(row.task_id)) continue;
      const ctx = systemContext(row, this.deps.clock);
      this.start(ctx, row.task_id);
    }
  }

  /** Waits for running tasks (after asking them to stop at their next page). */
  async close(): Promise<void> {
    for (const r of this.running.values()) r.cancelled = true;
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Resolves once the task is no longer running here (tests use it). */
  async settled(taskId: string): Promise<void> {
    await this.running.get(taskId)?.done;
  }

  private row(taskId: string): Promise<Row | undefined> {
    return this.deps.db.selectFrom('logs_export_tasks').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  }

  private async finish(taskId: string, code: ExportTaskStatusCode, message: string, from: ExportTaskStatusCode[]): Promise<void> {
    await this.deps.db
      .updateTable('logs_export_tasks')
      .set({ status_code: code, status_message: message, completion_time: this.deps.clock.nowMs() })
      .where('task_id', '=', taskId)
      .where('status_code', 'in', from)
      .execute();
  }

  private start(ctx: RequestContext, taskId: string): void {
    const state: Running = { cancelled: false, done: Promise.resolve() };
    state.done = this.run(ctx, taskId, state)
      .catch(async (err) => {
        this.deps.logger.warn('log export task failed', { taskId, error: err instanceof Error ? err.message : String(err) });
        await this.finish(taskId, 'FAILED', `Export failed: ${err instanceof Error ? err.message : String(err)}`, ACTIVE).catch(() => undefined);
      })
      .finally(() => this.running.delete(taskId));
    this.running.set(taskId, state);
  }

  private async run(ctx: RequestContext, taskId: string, state: Running): Promise<void> {
    await Promise.resolve(); // let CreateExportTask answer first
    const row = await this.row(taskId);
    if (!row || !ACTIVE.includes(row.status_code as ExportTaskStatusCode)) return;
    await this.deps.db.updateTable('logs_export_tasks').set({ status_code: 'RUNNING', status_message: 'Running.' }).where('task_id', '=', taskId).where('status_code', '=', 'PENDING').execute();
    const destination = this.deps.destination();
    if (!destination) throw new Error('no object storage is configured');
    const store = await this.deps.events.get(row.account_id, row.region);
    const group = await this.deps.groups.get(row.account_id, row.region, row.group_name);
    const cipher = group ? await this.deps.groupKeys.forRead(group) : CLEAR;
    const limit = this.deps.maxBufferedBytes ?? 32 * 1024 * 1024;
    const buffers = new Map<string, { lines: string[]; bytes: number; files: number }>();
    let buffered = 0;
    const base = exportKey(row.destination_prefix, taskId);
    const flush = async (stream: string) => {
      const b = buffers.get(stream);
      if (!b || b.lines.length === 0) return;
      const body = gzipSync(Buffer.from(b.lines.join(''), 'utf8'));
      await destination.putObject(ctx, row.destination, exportKey(base, stream, `${String(b.files).padStart(6, '0')}.gz`), body, 'gzip');
      b.files++;
      buffered -= b.bytes;
      b.lines = [];
      b.bytes = 0;
    };
    let token: string | undefined;
    do {
      if (state.cancelled) return;
      const page = await store.filterEvents(row.group_name, {
        logStreamNamePrefix: row.stream_prefix ?? undefined,
        startTime: Number(row.from_time),
        endTime: Number(row.to_time),
        nextToken: token,
      });
      for (const e of page.events) {
        const line = `${new Date(e.timestamp).toISOString()} ${cipher.open(e.message)}\n`;
        let b = buffers.get(e.logStreamName);
        if (!b) buffers.set(e.logStreamName, (b = { lines: [], bytes: 0, files: 0 }));
        b.lines.push(line);
        b.bytes += line.length;
        buffered += line.length;
        if (buffered > limit) {
          let largest = e.logStreamName;
          for (const [name, x] of buffers) if (x.bytes > (buffers.get(largest)?.bytes ?? 0)) largest = name;
          await flush(largest);
        }
      }
      token = page.nextToken;
    } while (token);
    if (state.cancelled) return;
    for (const stream of buffers.keys()) await flush(stream);
    await this.finish(taskId, 'COMPLETED', 'Completed successfully', ['RUNNING']);
  }
}

function encodeOffset(n: number): string {
  return `e${n}`;
}

function decodeOffset(token: string): number {
  const m = /^e(\d{1,9})$/.exec(token);
  if (!m) throw invalidToken();
  return Number(m[1]);
}

function systemContext(row: Row, clock: Clock): RequestContext {
  return {
    accountId: row.account_id,
    region: row.region,
    principal: { type: 'AWSService', accountId: row.account_id, arn: `arn:aws:iam::${row.account_id}:root`, principalId: row.account_id, invokedBy: 'logs.amazonaws.com' },
    requestId: `export-${row.task_id}`,
    clock,
    sourceIp: 'logs.amazonaws.com',
    userAgent: 'logs.amazonaws.com',
  };
}
