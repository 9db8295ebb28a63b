/**
 * What the Logs operations and the internal API share: the group metadata, the event stores, the metric filter
 * runtime and export tasks, and the few steps that touch more than one of them (creating and deleting a group,
 * ingesting a batch). A group exists when its row does; its events live in the event store. Creation writes the
 * event store first and the row last, deletion the other way round, each under a per-name lock, so a crash leaves
 * at most an orphan event folder that the next creation of that name clears.
 */
import type { Kysely } from 'kysely';
import type { Clock, IdSource, Logger } from '../../common/index.js';
import type { PutLogEventsResponse } from '../../models/logs/index.js';
import type { Database } from '../../store/index.js';
import { LogEngineError, type InputEvent } from './engine/index.js';
import type { EventStore, EventStores } from './event-stores.js';
import type { ExportTasks } from './export-tasks.js';
import type { GroupRecord, GroupsRepo } from './groups.js';
import { checkBatch, DAY_MS } from './ingest-rules.js';
import { KeyedLock } from './keyed-lock.js';
import { CLEAR } from './event-cipher.js';
import type { LogGroupKeys } from './kms-groups.js';
import type { MetricFilterRuntime, MetricFiltersRepo } from './metric-filters.js';
import { groupExists, groupNotFound, mapped } from './wire-errors.js';

export interface LogsCore {
  db: Kysely<Database>;
  groups: GroupsRepo;
  filters: MetricFiltersRepo;
  metricRuntime: MetricFilterRuntime;
  events: EventStores;
  exports: ExportTasks;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  locks: KeyedLock;
  /** Data keys of KMS-keyed groups (kms-groups.ts). */
  groupKeys: LogGroupKeys;
}

export interface NewGroup {
  /** A data key under the group's KMS key, checked by KMS already (kms-groups.ts). */
  dataKey?: { keyArn: string; wrapped: string };
  logGroupClass?: string;
  deletionProtection?: boolean;
  tags?: Record<string, string>;
}

export const lockKey = (accountId: string, region: string, name: string) => `${accountId}\u0000${region}\u0000${name}`;

export async function requireGroup(core: LogsCore, accountId: string, region: string, name: string): Promise<GroupRecord> {
  const g = await core.groups.get(accountId, region, name);
  if (!g) throw groupNotFound();
  return g;
}

/** Creates a group; false when it already exists (the caller decides whether that is an error). */
export function createGroup(core: LogsCore, accountId: string, region: string, name: string, options: NewGroup = {}): Promise<boolean> {
  return core.locks.run(lockKey(accountId, region, name), async () => {
    if (await core.groups.get(accountId, region, name)) return false;
    const store = await core.events.get(accountId, region);
    const creationTime = core.clock.nowMs();
    // An event folder without a row is what a crash in create or delete left behind: it was never acknowledged.
    if (await store.hasGroup(name)) await store.deleteGroup(name);
    await store.createGroup(name, creationTime);
    const inserted = await core.groups.insert({
      accountId,
      region,
      name,
      creationTime,
      kmsKeyId: options.dataKey?.keyArn,
      logGroupClass: options.logGroupClass ?? 'STANDARD',
      deletionProtection: options.deletionProtection ?? false,
      tags: options.tags ?? {},
    });
    if (!inserted) throw groupExists(); // another process created it between our check and insert
    await core.groupKeys.forget(accountId, region, name); // a crashed deletion's leftovers
    if (options.dataKey) await core.groupKeys.attach(accountId, region, name, options.dataKey);
    core.metricRuntime.invalidate(accountId, region, name);
    return true;
  });
}

export function deleteGroup(core: LogsCore, accountId: string, region: string, name: string): Promise<void> {
  return core.locks.run(lockKey(accountId, region, name), async () => {
    if (!(await core.groups.delete(accountId, region, name))) throw groupNotFound();
    core.metricRuntime.invalidate(accountId, region, name);
    await core.groupKeys.forget(accountId, region, name);
    const store = await core.events.get(accountId, region);
    await store.deleteGroup(name).catch((err) => {
      if (!(err instanceof LogEngineError && err.code === 'LogGroupNotFound')) throw err;
    });
  });
}

/** The event store of a group that exists (its row checked first). */
export async function groupStore(core: LogsCore, accountId: string, region: string, name: string): Promise<{ group: GroupRecord; store: EventStore }> {
  const group = await requireGroup(core, accountId, region, name);
  return { group, store: await core.events.get(accountId, region) };
}

/** The first timestamp a read may show: events older than the group's retention are gone even before the sweep. */
export function retentionCutoff(group: GroupRecord, nowMs: number): number {
  return group.retentionInDays === undefined ? 0 : Math.max(0, nowMs - group.retentionInDays * DAY_MS);
}

/**
 * Ingests one PutLogEvents batch: applies AWS's rules, appends the accepted events durably (resolving only once
 * they are on disk), then feeds them to the group's metric filters.
 */
export async function ingest(core: LogsCore, accountId: string, region: string, groupName: string, stream: string, events: readonly InputEvent[]): Promise<PutLogEventsResponse> {
  const { group, store } = await groupStore(core, accountId, region, groupName);
  const now = core.clock.nowMs();
  const { accepted, rejected } = checkBatch(events, now, group.retentionInDays);
  await mapped(async () => {
    // In a KMS-keyed group the messages are sealed before they reach the event store; metric filters see them clear.
    const cipher = accepted.length ? await core.groupKeys.forWrite(group, accepted) : CLEAR;
    if (accepted.length) await store.putEvents(groupName, stream, cipher === CLEAR ? accepted : accepted.map((e) => ({ ...e, message: cipher.seal(e.message) })), now);
    // A batch with nothing accepted still needs the stream to exist.
    else if (!(await store.describeStream(groupName, stream))) throw new LogEngineError('LogStreamNotFound', 'The specified log stream does not exist.');
  });
  if (accepted.length) await core.metricRuntime.publish(accountId, region, groupName, accepted);
  return { rejectedLogEventsInfo: rejected };
}
