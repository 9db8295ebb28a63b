/**
 * The log event store: a directory of log groups (one folder each, named by a hash of the group name so any valid
 * name fits the file system), with GetLogEvents and FilterLogEvents reads on top of each group's segments.
 * Independent of HTTP and of the model types; the Logs provider validates requests and maps errors.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LogEngineError } from './errors.js';
import { defaultEngineOptions, GroupStore, type EngineOptions, type InputEvent, type StreamInfo } from './group.js';
import { MANIFEST_FILE, readManifest } from './manifest.js';
import { selectPage, type EventKey } from './page.js';
import { recordIngestionTime, recordSeq, recordStreamId, recordTimestamp } from './record.js';
import { scanSegment } from './segment-file.js';
import { decodeFilterToken, decodePositionToken, encodeFilterToken, encodePositionToken, END, eventIdOf, START } from './tokens.js';

/** GetLogEvents and FilterLogEvents pages hold at most this many events (model: limit 1–10,000) … */
export const MAX_EVENTS_PER_PAGE = 10_000;
/** … and at most 1 MB of events (message bytes + 26 each). */
export const MAX_PAGE_BYTES = 1_048_576;

export interface OutputEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface FilteredEvent extends OutputEvent {
  logStreamName: string;
  eventId: string;
}

export interface GetEventsInput {
  /** Inclusive. */
  startTime?: number;
  /** Exclusive. */
  endTime?: number;
  /** Without a token: true reads from the oldest event, false (default) returns the latest events. */
  startFromHead?: boolean;
  limit?: number;
  nextToken?: string;
}

export interface GetEventsOutput {
  events: OutputEvent[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

export interface FilterEventsInput {
  logStreamNames?: readonly string[];
  logStreamNamePrefix?: string;
  /** Inclusive. */
  startTime?: number;
  /** Inclusive. */
  endTime?: number;
  /**
   * A compiled filter pattern (anything with `matches`); absent matches every event. `requiredSubstrings`, when
   * given, is a necessary condition the PostgreSQL table store tests in the database (filter-pattern's compile.ts).
   */
  pattern?: { matches(message: string): boolean; readonly requiredSubstrings?: readonly (readonly string[])[] };
  limit?: number;
  nextToken?: string;
}

export interface FilterEventsOutput {
  events: FilteredEvent[];
  /** Absent when every event of the window up to now has been returned. */
  nextToken?: string;
  /** Events read and checked for this page (for metrics and benchmarks). */
  scannedEvents: number;
}

/** One event of a scan; the same object is reused for every event (copy what you keep). */
export interface ScannedEvent {
  timestamp: number;
  ingestionTime: number;
  seq: number;
  logStreamName: string;
}

export interface GroupInfo {
  logGroupName: string;
  creationTime: number;
  storedBytes: number;
}

export class LogEventStore {
  private readonly groups = new Map<string, Promise<GroupStore>>();
  private closed = false;

  private constructor(
    readonly root: string,
    private readonly options: EngineOptions,
  ) {}

  /** Opens (creating if needed) a store under `root`. Groups are opened on first use. */
  static async open(root: string, options: Partial<EngineOptions> = {}): Promise<LogEventStore> {
    await mkdir(join(root, 'groups'), { recursive: true, mode: 0o700 });
    return new LogEventStore(root, { ...defaultEngineOptions, ...options });
  }

  private groupDir(name: string): string {
    return join(this.root, 'groups', createHash('sha256').update(name).digest('hex').slice(0, 40));
  }

  private checkOpen(): void {
    if (this.closed) throw new LogEngineError('LogEngineClosed', 'The log event store is closed.');
  }

  private async group(name: string): Promise<GroupStore> {
    this.checkOpen();
    let pending = this.groups.get(name);
    if (!pending) {
      const dir = this.groupDir(name);
      const exists = await stat(join(dir, MANIFEST_FILE)).then(
        () => true,
        () => false,
      );
      if (!exists) throw new LogEngineError('LogGroupNotFound', 'The specified log group does not exist.');
      pending = this.groups.get(name) ?? GroupStore.open(dir, this.options);
      this.groups.set(name, pending);
      pending.catch(() => this.groups.delete(name));
    }
    return pending;
  }

  async hasGroup(name: string): Promise<boolean> {
    return this.group(name).then(
      () => true,
      (err) => {
        if (err instanceof LogEngineError && err.code === 'LogGroupNotFound') return false;
        throw err;
      },
    );
  }

  async createGroup(name: string, creationTime: number): Promise<void> {
    this.checkOpen();
    if (this.groups.has(name) || (await this.hasGroup(name))) {
      throw new LogEngineError('LogGroupAlreadyExists', 'The specified log group already exists');
    }
    const dir = this.groupDir(name);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const pending = GroupStore.create(dir, name, creationTime, this.options);
    this.groups.set(name, pending);
    pending.catch(() => this.groups.delete(name));
    await pending;
  }

  async deleteGroup(name: string): Promise<void> {
    const g = await this.group(name);
    this.groups.delete(name);
    await g.destroy();
  }

  /** Every group, sorted by name (reads each group's manifest; for listings, not hot paths). */
  async listGroups(): Promise<GroupInfo[]> {
    this.checkOpen();
    const out: GroupInfo[] = [];
    for (const entry of await readdir(join(this.root, 'groups'))) {
      const manifest = await readManifest(join(this.root, 'groups', entry)).catch(() => undefined);
      if (!manifest) continue;
      out.push(await this.describeGroup(manifest.name));
    }
    return out.sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0));
  }

  async describeGroup(name: string): Promise<GroupInfo> {
    const g = await this.group(name);
    return { logGroupName: g.name, creationTime: g.creationTime, storedBytes: g.storedBytes() };
  }

  async createStream(group: string, stream: string, creationTime: number): Promise<void> {
    await (await this.group(group)).createStream(stream, creationTime);
  }

  async deleteStream(group: string, stream: string): Promise<void> {
    await (await this.group(group)).deleteStream(stream);
  }

  /** Streams of a group, sorted by name. */
  async describeStreams(group: string): Promise<StreamInfo[]> {
    const list = (await this.group(group)).streams();
    return list.sort((a, b) => (a.logStreamName < b.logStreamName ? -1 : a.logStreamName > b.logStreamName ? 1 : 0));
  }

  async describeStream(group: string, stream: string): Promise<StreamInfo | undefined> {
    return (await this.group(group)).stream(stream);
  }

  /** Appends a batch to a stream; resolves once it is durable. */
  async putEvents(group: string, stream: string, events: readonly InputEvent[], ingestionTime: number): Promise<void> {
    await (await this.group(group)).append(stream, events, ingestionTime);
  }

  /** GetLogEvents over one stream. */
  async getEvents(group: string, stream: string, input: GetEventsInput = {}): Promise<GetEventsOutput> {
    const g = await this.group(group);
    const streamId = g.streamId(stream);
    const limit = pageLimit(input.limit);
    let direction: 'forward' | 'backward';
    let from: EventKey;
    if (input.nextToken !== undefined) {
      const token = decodePositionToken(input.nextToken);
      direction = token.direction;
      from = { ts: token.ts, seq: token.seq };
    } else if (input.startFromHead) {
      direction = 'forward';
      from = START;
    } else {
      direction = 'backward';
      from = END;
    }
    const page = await selectPage(g.snapshot(), {
      direction,
      from,
      minTs: input.startTime ?? 0,
      maxTs: input.endTime === undefined ? Number.MAX_SAFE_INTEGER : input.endTime - 1,
      streamIds: new Set([streamId]),
      limit,
      maxBytes: MAX_PAGE_BYTES,
    });
    const events = page.events.map((e) => ({ timestamp: e.ts, message: e.message, ingestionTime: e.ingestionTime }));
    const first = page.events[0];
    const last = page.events[page.events.length - 1];
    // With no events the tokens stay where they were (AWS: the end is reached when the token comes back
    // unchanged); a first read of an empty window points at the start so later events are seen.
    const here = input.nextToken !== undefined ? from : START;
    return {
      events,
      nextForwardToken: encodePositionToken('forward', last ?? here),
      nextBackwardToken: encodePositionToken('backward', first ?? here),
    };
  }

  /** FilterLogEvents over all, named or prefixed streams of a group, in (timestamp, ingestion order). */
  async filterEvents(group: string, input: FilterEventsInput = {}): Promise<FilterEventsOutput> {
    const g = await this.group(group);
    const selected = g.streamIds({ names: input.logStreamNames, prefix: input.logStreamNamePrefix });
    const from = input.nextToken !== undefined ? decodeFilterToken(input.nextToken) : START;
    const pattern = input.pattern;
    const page = await selectPage(g.snapshot(), {
      direction: 'forward',
      from,
      minTs: input.startTime ?? 0,
      maxTs: input.endTime ?? Number.MAX_SAFE_INTEGER,
      streamIds: new Set(selected.keys()),
      match: pattern ? (m) => pattern.matches(m) : undefined,
      limit: pageLimit(input.limit),
      maxBytes: MAX_PAGE_BYTES,
      scanBudget: this.options.maxScanEventsPerPage,
    });
    const events = page.events.map((e) => ({
      logStreamName: selected.get(e.streamId) as string,
      timestamp: e.ts,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: eventIdOf(e),
    }));
    const last = page.events[page.events.length - 1];
    let next: EventKey | undefined;
    if (page.frontierTs !== undefined) {
      // Cut by the scan budget: resume after the last event returned, or past everything before the frontier.
      // (When the heap was full, later events before the frontier may have been dropped from it.)
      next = page.full && last ? last : { ts: page.frontierTs - 1, seq: Number.MAX_SAFE_INTEGER };
    } else if (page.full && last) {
      next = last;
    }
    return { events, nextToken: next && encodeFilterToken(next), scannedEvents: page.scanned };
  }

  /**
   * Visits every event of a group with timestamp in [startTime, endTime], segment by segment in no particular order
   * (Logs Insights reads a whole window and orders what it keeps itself). `visit` gets the record in place
   * (message bytes at `off + RECORD_HEADER_BYTES` up to `off + length`); returning false stops the scan.
   */
  async scanEvents(group: string, window: { startTime: number; endTime: number }, visit: (event: ScannedEvent, buf: Buffer, off: number, length: number) => boolean | void): Promise<void> {
    const g = await this.group(group);
    const names = g.streamIds({});
    const ids = new Set(names.keys());
    const event: ScannedEvent = { timestamp: 0, ingestionTime: 0, seq: 0, logStreamName: '' };
    let stopped = false;
    for (const { summary, path } of g.snapshot()) {
      if (stopped) return;
      if (summary.count === 0) continue;
      let lo = Infinity;
      let hi = -Infinity;
      for (const id of ids) {
        const slice = summary.streams[id];
        if (!slice) continue;
        if (slice.minTs < lo) lo = slice.minTs;
        if (slice.maxTs > hi) hi = slice.maxTs;
      }
      if (lo === Infinity || hi < window.startTime || lo > window.endTime) continue;
      const { startTime, endTime } = window;
      // A batch's records are one stream's, side by side: the last id's name answers most lookups.
      let lastId = -1;
      let lastName: string | undefined;
      await scanSegment(path, summary.fileBytes, (buf, off, length) => {
        const ts = recordTimestamp(buf, off);
        if (ts < startTime || ts > endTime) return;
        const id = recordStreamId(buf, off);
        if (id !== lastId) {
          lastId = id;
          lastName = names.get(id);
        }
        const name = lastName;
        if (name === undefined) return; // a stream deleted since
        event.timestamp = ts;
        event.ingestionTime = recordIngestionTime(buf, off);
        event.seq = recordSeq(buf, off);
        event.logStreamName = name;
        if (visit(event, buf, off, length) === false) {
          stopped = true;
          return false;
        }
      });
    }
  }

  /** Retention: removes events with timestamp < cutoff from a group; storedBytes drop accordingly. */
  async deleteEventsBefore(group: string, cutoff: number): Promise<{ deletedEvents: number; deletedBytes: number }> {
    return (await this.group(group)).deleteEventsBefore(cutoff);
  }

  async close(): Promise<void> {
    this.closed = true;
    const open = [...this.groups.values()];
    this.groups.clear();
    for (const pending of open) await pending.then((g) => g.close(), () => undefined);
  }
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return MAX_EVENTS_PER_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_PER_PAGE) {
    throw new LogEngineError('InvalidLogEventQuery', `limit must be between 1 and ${MAX_EVENTS_PER_PAGE}.`);
  }
  return limit;
}
