/**
 * The API other parts of Sift write events through (the jobs part publishes classification job events with it),
 * without HTTP. `putEvents` takes any number of events, sorts them by time (stable, so equal timestamps keep their
 * order), splits them into batches PutLogEvents would take and resolves once every accepted event is on disk: an
 * acknowledged event is a kept event. Events AWS would reject (too old, expired, too far ahead) are counted in the
 * result, never silently dropped.
 */
import type { InputLogEvent } from '../../models/logs/index.js';
import { createGroup, groupStore, ingest, type LogsCore } from './core.js';
import { CLEAR } from './event-cipher.js';
import { LogEngineError } from './engine/index.js';
import { splitIntoBatches } from './ingest-rules.js';
import { checkLogGroupName, checkLogStreamName } from './names.js';
import { groupNotFound, mapped } from './wire-errors.js';

export interface PutEventsResult {
  /** Events stored. */
  accepted: number;
  /** Events refused by AWS's time rules (more than 14 days old, older than retention, more than 2 h ahead). */
  rejected: number;
}

export interface LogsInternalApi {
  /** Creates the group with default settings if it is missing; never changes an existing group. */
  ensureGroup(accountId: string, region: string, name: string): Promise<void>;
  /** Creates the stream if it is missing (the group must exist). */
  ensureStream(accountId: string, region: string, group: string, stream: string): Promise<void>;
  /** Appends events to a stream, durably and in order. */
  putEvents(accountId: string, region: string, group: string, stream: string, events: readonly InputLogEvent[]): Promise<PutEventsResult>;
  /** The messages of a stream's latest `limit` events (opened when the group is KMS-keyed); none for a missing stream. */
  latestMessages(accountId: string, region: string, group: string, stream: string, limit: number): Promise<string[]>;
}

export function createInternalApi(core: LogsCore): LogsInternalApi {
  return {
    async ensureGroup(accountId, region, name) {
      checkLogGroupName(name);
      await createGroup(core, accountId, region, name);
    },

    async ensureStream(accountId, region, group, stream) {
      checkLogGroupName(group);
      checkLogStreamName(stream);
      const store = await core.events.get(accountId, region);
      if (!(await core.groups.get(accountId, region, group))) {
        throw groupNotFound();
      }
      await mapped(() =>
        store.createStream(group, stream, core.clock.nowMs()).catch((err) => {
          if (!(err instanceof LogEngineError && err.code === 'LogStreamAlreadyExists')) throw err;
        }),
      );
    },

    async putEvents(accountId, region, group, stream, events) {
      checkLogGroupName(group);
      checkLogStreamName(stream);
      const sorted = events
        .map((e, i) => ({ e, i }))
        .sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i)
        .map(({ e }) => ({ timestamp: e.timestamp, message: e.message }));
      let accepted = 0;
      for (const batch of splitIntoBatches(sorted)) {
        const out = await ingest(core, accountId, region, group, stream, batch);
        const r = out.rejectedLogEventsInfo;
        const start = Math.max(r?.tooOldLogEventEndIndex ?? 0, r?.expiredLogEventEndIndex ?? 0);
        const end = r?.tooNewLogEventStartIndex ?? batch.length;
        accepted += Math.max(0, end - start);
      }
      return { accepted, rejected: sorted.length - accepted };
    },

    async latestMessages(accountId, region, group, stream, limit) {
      const { group: record, store } = await groupStore(core, accountId, region, group);
      const cipher = await core.groupKeys.forRead(record);
      const out = await store.getEvents(group, stream, { startFromHead: false, limit: Math.max(1, Math.min(10_000, limit)) }).catch((err) => {
        if (err instanceof LogEngineError && err.code === 'LogStreamNotFound') return undefined;
        throw err;
      });
      return (out?.events ?? []).map((e) => (cipher === CLEAR ? e.message : cipher.open(e.message)));
    },
  };
}
