/**
 * One log group on disk: a manifest, and segment files of records in ingestion order. Appends go to the active
 * segment and are fsync'd before they are acknowledged; a segment is sealed when it passes `segmentBytes`. Appends,
 * stream changes and retention run one at a time per group; reads run beside them on a snapshot of the segment
 * list and committed lengths, so an acknowledged event is visible to the next read.
 *
 * Stream statistics (first/last event timestamp, last ingestion time, stored bytes) are sums of the per-segment
 * slices, so they are always consistent with the files and need no write of their own on append.
 */
import { open, rm, stat, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { LogEngineError } from './errors.js';
import {
  addToSummary,
  emptySummary,
  readManifest,
  writeManifest,
  type GroupManifest,
  type SegmentSummary,
  type StreamEntry,
} from './manifest.js';
import { EVENT_OVERHEAD_BYTES, RECORD_HEADER_BYTES, recordIngestionTime, recordSeq, recordStreamId, recordTimestamp, writeRecords } from './record.js';
import { scanSegment } from './segment-file.js';

export interface EngineOptions {
  /** A segment is sealed once it holds this many bytes. */
  segmentBytes: number;
  /** fsync appends and manifest writes (turn off only for throwaway stores). */
  durable: boolean;
  /** Events one FilterLogEvents call may scan before it returns a partial page with a token. */
  maxScanEventsPerPage: number;
}

export const defaultEngineOptions: EngineOptions = Object.freeze({
  segmentBytes: 8 * 1024 * 1024,
  durable: true,
  maxScanEventsPerPage: 5_000_000,
});

export interface StreamInfo {
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  /** UTF-8 message bytes + 26 per event, as AWS counts event sizes. */
  storedBytes: number;
  eventCount: number;
}

export interface InputEvent {
  timestamp: number;
  message: string;
}

interface QueuedAppend {
  streamName: string;
  events: readonly InputEvent[];
  ingestionTime: number;
  resolve(firstSeq: number): void;
  reject(err: unknown): void;
}

interface StreamState {
  entry: StreamEntry;
  info: StreamInfo;
}

export interface SegmentRef {
  summary: SegmentSummary;
  path: string;
}

const segmentFile = (id: number): string => `${String(id).padStart(8, '0')}.seg`;

export class GroupStore {
  private activeFh: FileHandle | undefined;
  private readonly byName = new Map<string, StreamState>();
  private readonly byId = new Map<number, StreamState>();
  private nextSeq = 0;
  private lock: Promise<unknown> = Promise.resolve();
  /** Appends waiting for the lock, to be written together (group commit); undefined when none wait. */
  private queued: QueuedAppend[] | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    private manifest: GroupManifest,
    private active: SegmentSummary,
    private readonly options: EngineOptions,
  ) {}

  get name(): string {
    return this.manifest.name;
  }
  get creationTime(): number {
    return this.manifest.creationTime;
  }

  static async create(dir: string, name: string, creationTime: number, options: EngineOptions): Promise<GroupStore> {
    const manifest: GroupManifest = {
      version: 1,
      name,
      creationTime,
      nextStreamId: 1,
      nextSegmentId: 2,
      activeSegment: 1,
      streams: [],
      sealed: [],
    };
    await writeManifest(dir, manifest, options.durable);
    return GroupStore.open(dir, options);
  }

  /** Opens a group: reads the manifest, recovers the active segment (cutting a torn tail) and rebuilds statistics. */
  static async open(dir: string, options: EngineOptions): Promise<GroupStore> {
    const manifest = await readManifest(dir);
    const active = emptySummary(manifest.activeSegment);
    const path = join(dir, segmentFile(active.id));
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    const good = await scanSegment(
      path,
      size,
      (buf, off, length) => {
        addToSummary(active, recordStreamId(buf, off), recordTimestamp(buf, off), recordIngestionTime(buf, off), recordSeq(buf, off), length - RECORD_HEADER_BYTES + EVENT_OVERHEAD_BYTES);
      },
      { verify: true },
    );
    if (good < size) await truncate(path, good);
    active.fileBytes = good;
    const group = new GroupStore(dir, manifest, active, options);
    group.activeFh = await open(path, 'a', 0o600);
    group.rebuildStreams();
    let maxSeq = active.maxSeq;
    for (const s of manifest.sealed) if (s.maxSeq > maxSeq) maxSeq = s.maxSeq;
    group.nextSeq = maxSeq + 1;
    return group;
  }

  private segmentPath(id: number): string {
    return join(this.dir, segmentFile(id));
  }

  /** Runs `fn` after every earlier exclusive operation of this group has finished. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(() => {
      if (this.closed) throw new LogEngineError('LogEngineClosed', `The log group ${this.name} is closed.`);
      return fn();
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  private rebuildStreams(): void {
    this.byName.clear();
    this.byId.clear();
    for (const entry of this.manifest.streams) {
      const state: StreamState = { entry, info: { logStreamName: entry.name, creationTime: entry.creationTime, storedBytes: 0, eventCount: 0 } };
      this.byName.set(entry.name, state);
      this.byId.set(entry.id, state);
    }
    for (const seg of [...this.manifest.sealed, this.active]) {
      for (const [id, slice] of Object.entries(seg.streams)) {
        const state = this.byId.get(Number(id));
        if (!state) continue;
        const info = state.info;
        info.eventCount += slice.count;
        info.storedBytes += slice.bytes;
        info.firstEventTimestamp = Math.min(info.firstEventTimestamp ?? Infinity, slice.minTs);
        info.lastEventTimestamp = Math.max(info.lastEventTimestamp ?? -Infinity, slice.maxTs);
        info.lastIngestionTime = Math.max(info.lastIngestionTime ?? -Infinity, slice.maxIngestion);
      }
    }
  }

  streams(): StreamInfo[] {
    return [...this.byName.values()].map((s) => ({ ...s.info }));
  }

  stream(name: string): StreamInfo | undefined {
    const s = this.byName.get(name);
    return s && { ...s.info };
  }

  storedBytes(): number {
    let total = 0;
    for (const s of this.byName.values()) total += s.info.storedBytes;
    return total;
  }

  /** Stream ids selected by exact names (unknown names are skipped), a name prefix, or all streams. */
  streamIds(select: { names?: readonly string[]; prefix?: string }): Map<number, string> {
    const out = new Map<number, string>();
    if (select.names) {
      for (const name of select.names) {
        const s = this.byName.get(name);
        if (s) out.set(s.entry.id, name);
      }
    } else {
      for (const s of this.byName.values()) {
        if (select.prefix === undefined || s.entry.name.startsWith(select.prefix)) out.set(s.entry.id, s.entry.name);
      }
    }
    return out;
  }

  streamId(name: string): number {
    const s = this.byName.get(name);
    if (!s) throw new LogEngineError('LogStreamNotFound', 'The specified log stream does not exist.');
    return s.entry.id;
  }

  /** The segments a read sees: sealed ones and the active one up to its committed length. */
  snapshot(): SegmentRef[] {
    const refs = this.manifest.sealed.map((summary) => ({ summary, path: this.segmentPath(summary.id) }));
    refs.push({ summary: { ...this.active, streams: { ...this.active.streams } }, path: this.segmentPath(this.active.id) });
    return refs;
  }

  createStream(name: string, creationTime: number): Promise<void> {
    return this.exclusive(async () => {
      if (this.byName.has(name)) throw new LogEngineError('LogStreamAlreadyExists', 'The specified log stream already exists');
      const entry: StreamEntry = { id: this.manifest.nextStreamId, name, creationTime };
      const next = { ...this.manifest, nextStreamId: entry.id + 1, streams: [...this.manifest.streams, entry] };
      await writeManifest(this.dir, next, this.options.durable);
      this.manifest = next;
      const state: StreamState = { entry, info: { logStreamName: name, creationTime, storedBytes: 0, eventCount: 0 } };
      this.byName.set(name, state);
      this.byId.set(entry.id, state);
    });
  }

  /** Removes a stream at once; its events stop being visible and their space is reclaimed by the next retention pass. */
  deleteStream(name: string): Promise<void> {
    return this.exclusive(async () => {
      const state = this.byName.get(name);
      if (!state) throw new LogEngineError('LogStreamNotFound', 'The specified log stream does not exist.');
      const next = { ...this.manifest, streams: this.manifest.streams.filter((s) => s.id !== state.entry.id) };
      await writeManifest(this.dir, next, this.options.durable);
      this.manifest = next;
      this.byName.delete(name);
      this.byId.delete(state.entry.id);
    });
  }

  /**
   * Appends events (sorted by timestamp, as PutLogEvents takes them) to a stream and returns once they are on
   * disk. Returns the sequence number of the first event.
   *
   * Group commit: appends that arrive while the group is busy (another append's write and fsync, a stream change)
   * wait together and go to disk as one write and one fsync, in arrival order; each is still acknowledged only once
   * its events are on disk, and a failed write fails every append it carried.
   */
  append(streamName: string, events: readonly InputEvent[], ingestionTime: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const item: QueuedAppend = { streamName, events, ingestionTime, resolve, reject };
      if (this.queued) return void this.queued.push(item);
      const batch = [item];
      this.queued = batch;
      this.exclusive(async () => {
        if (this.queued === batch) this.queued = undefined; // later arrivals start the next batch
        await this.appendAll(batch);
      }).catch((err: unknown) => {
        for (const b of batch) b.reject(err);
      });
    });
  }

  /** Writes the queued appends that are valid as one write and one fsync (caller holds the lock). */
  private async appendAll(batch: QueuedAppend[]): Promise<void> {
    const accepted: Array<{ item: QueuedAppend; state: StreamState; sizes: number[]; bytes: number; firstSeq: number }> = [];
    let seq = this.nextSeq;
    let total = 0;
    for (const item of batch) {
      const { events } = item;
      try {
        const state = this.byName.get(item.streamName);
        if (!state) throw new LogEngineError('LogStreamNotFound', 'The specified log stream does not exist.');
        const sizes = new Array<number>(events.length);
        let bytes = 0;
        let previous = -Infinity;
        for (let i = 0; i < events.length; i++) {
          const e = events[i];
          if (!Number.isSafeInteger(e.timestamp) || e.timestamp < 0 || typeof e.message !== 'string') {
            throw new LogEngineError('InvalidLogEventBatch', `Log event ${i} needs a non-negative integer timestamp and a string message.`);
          }
          if (e.timestamp < previous) {
            throw new LogEngineError('InvalidLogEventBatch', 'Log events in a single PutLogEvents request must be in chronological order.');
          }
          previous = e.timestamp;
          sizes[i] = Buffer.byteLength(e.message, 'utf8');
          bytes += RECORD_HEADER_BYTES + sizes[i];
        }
        accepted.push({ item, state, sizes, bytes, firstSeq: seq });
        seq += events.length;
        total += bytes;
      } catch (err) {
        item.reject(err);
      }
    }
    if (total === 0) {
      for (const a of accepted) a.item.resolve(a.firstSeq); // empty batches of existing streams
      return;
    }
    const buf = Buffer.allocUnsafe(total);
    let off = 0;
    for (const a of accepted) {
      writeRecords(buf.subarray(off, off + a.bytes), a.item.events, a.sizes, a.firstSeq, a.item.ingestionTime, a.state.entry.id);
      off += a.bytes;
    }
    const fh = this.activeFh as FileHandle;
    try {
      await fh.write(buf, 0, total);
      if (this.options.durable) await fh.datasync();
    } catch (err) {
      // Leave no partial batch behind for later appends to follow.
      await fh.truncate(this.active.fileBytes).catch(() => undefined);
      for (const a of accepted) a.item.reject(err);
      return;
    }
    this.nextSeq = seq;
    this.active.fileBytes += total;
    for (const { item, state, sizes, firstSeq } of accepted) {
      const { events, ingestionTime } = item;
      if (events.length === 0) continue;
      const streamId = state.entry.id;
      const info = state.info;
      for (let i = 0; i < events.length; i++) {
        const bytes = sizes[i] + EVENT_OVERHEAD_BYTES;
        addToSummary(this.active, streamId, events[i].timestamp, ingestionTime, firstSeq + i, bytes);
        info.eventCount++;
        info.storedBytes += bytes;
      }
      info.firstEventTimestamp = Math.min(info.firstEventTimestamp ?? Infinity, events[0].timestamp);
      info.lastEventTimestamp = Math.max(info.lastEventTimestamp ?? -Infinity, events[events.length - 1].timestamp);
      info.lastIngestionTime = Math.max(info.lastIngestionTime ?? -Infinity, ingestionTime);
    }
    try {
      if (this.active.fileBytes >= this.options.segmentBytes) await this.seal();
    } catch (err) {
      for (const a of accepted) a.item.reject(err);
      return;
    }
    for (const a of accepted) a.item.resolve(a.firstSeq);
  }

  /** Moves the active segment to the sealed list and starts a new one (caller holds the lock). */
  private async seal(): Promise<void> {
    if (this.active.count === 0) return;
    const sealed = this.active;
    const nextId = this.manifest.nextSegmentId;
    const next = { ...this.manifest, sealed: [...this.manifest.sealed, sealed], activeSegment: nextId, nextSegmentId: nextId + 1 };
    await writeManifest(this.dir, next, this.options.durable);
    this.manifest = next;
    await this.activeFh?.close();
    this.active = emptySummary(nextId);
    this.activeFh = await open(this.segmentPath(nextId), 'a', 0o600);
  }

  /**
   * Retention: removes every event with timestamp < cutoff (and the leftovers of deleted streams). Segments wholly
   * older are deleted; segments straddling the cutoff are rewritten. Returns what was removed.
   */
  deleteEventsBefore(cutoff: number): Promise<{ deletedEvents: number; deletedBytes: number }> {
    return this.exclusive(async () => {
      if (this.active.count > 0 && (this.active.minTs < cutoff || this.hasDeletedStreams(this.active))) await this.seal();
      let deletedEvents = 0;
      let deletedBytes = 0;
      const kept: SegmentSummary[] = [];
      const obsolete: number[] = [];
      let nextSegmentId = this.manifest.nextSegmentId;
      for (const seg of this.manifest.sealed) {
        if (seg.maxTs < cutoff) {
          obsolete.push(seg.id);
          deletedEvents += seg.count;
          for (const slice of Object.values(seg.streams)) deletedBytes += slice.bytes;
        } else if (seg.minTs < cutoff || this.hasDeletedStreams(seg)) {
          const id = nextSegmentId++;
          const rewritten = await this.rewrite(seg, id, cutoff);
          obsolete.push(seg.id);
          deletedEvents += seg.count - rewritten.count;
          deletedBytes += sumBytes(seg) - sumBytes(rewritten);
          if (rewritten.count > 0) kept.push(rewritten);
          else obsolete.push(id);
        } else {
          kept.push(seg);
        }
      }
      if (obsolete.length === 0) return { deletedEvents: 0, deletedBytes: 0 };
      const next = { ...this.manifest, sealed: kept, nextSegmentId };
      await writeManifest(this.dir, next, this.options.durable);
      this.manifest = next;
      for (const id of obsolete) await unlink(this.segmentPath(id)).catch(() => undefined);
      this.rebuildStreams();
      return { deletedEvents, deletedBytes };
    });
  }

  private hasDeletedStreams(seg: SegmentSummary): boolean {
    for (const id of Object.keys(seg.streams)) if (!this.byId.has(Number(id))) return true;
    return false;
  }

  /** Copies the records of `seg` that are at or after `cutoff` and belong to live streams into segment `id`. */
  private async rewrite(seg: SegmentSummary, id: number, cutoff: number): Promise<SegmentSummary> {
    const summary = emptySummary(id);
    const out = await open(this.segmentPath(id), 'w', 0o600);
    try {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      let pos = 0;
      let readFrom = 0;
      while (readFrom < seg.fileBytes) {
        let pending: Buffer | undefined;
        readFrom = await scanSegment(
          this.segmentPath(seg.id),
          seg.fileBytes,
          (buf, off, length) => {
            const ts = recordTimestamp(buf, off);
            const streamId = recordStreamId(buf, off);
            if (ts < cutoff || !this.byId.has(streamId)) return;
            if (pos + length > chunk.length) {
              pending = Buffer.from(buf.subarray(off, off + length));
              return false; // flush, then go on after this record
            }
            buf.copy(chunk, pos, off, off + length);
            pos += length;
            addToSummary(summary, streamId, ts, recordIngestionTime(buf, off), recordSeq(buf, off), length - RECORD_HEADER_BYTES + EVENT_OVERHEAD_BYTES);
          },
          { start: readFrom },
        );
        if (pos > 0) await out.write(chunk, 0, pos);
        summary.fileBytes += pos;
        pos = 0;
        if (pending) {
          await out.write(pending);
          summary.fileBytes += pending.length;
          const p = pending;
          addToSummary(summary, p.readUInt32LE(32), p.readDoubleLE(8), p.readDoubleLE(16), p.readDoubleLE(24), p.length - RECORD_HEADER_BYTES + EVENT_OVERHEAD_BYTES);
        } else {
          break;
        }
      }
      if (this.options.durable) await out.sync();
    } finally {
      await out.close();
    }
    return summary;
  }

  /** Closes the group's files once pending operations finish. */
  close(): Promise<void> {
    return this.exclusive(async () => {
      this.closed = true;
      await this.activeFh?.close();
      this.activeFh = undefined;
    }).catch(() => undefined);
  }

  /** Deletes the group's files once pending operations finish. */
  destroy(): Promise<void> {
    return this.exclusive(async () => {
      this.closed = true;
      await this.activeFh?.close();
      this.activeFh = undefined;
      await rm(this.dir, { recursive: true, force: true });
    });
  }
}

function sumBytes(seg: SegmentSummary): number {
  let total = 0;
  for (const slice of Object.values(seg.streams)) total += slice.bytes;
  return total;
}
