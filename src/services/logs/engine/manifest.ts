/**
 * A group's manifest: its streams and its sealed segments with their summaries. Written whole and atomically
 * (temporary file, fsync, rename, fsync of the directory) whenever streams or the segment list change; the active
 * segment's summary is not in it but rebuilt from the file on open.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

/** What one segment holds of one stream. */
export interface StreamSlice {
  count: number;
  bytes: number;
  minTs: number;
  maxTs: number;
  maxIngestion: number;
}

export interface SegmentSummary {
  id: number;
  /** Committed length of the file. */
  fileBytes: number;
  count: number;
  minTs: number;
  maxTs: number;
  maxSeq: number;
  /** Slices by stream id. */
  streams: Record<number, StreamSlice>;
}

export interface StreamEntry {
  id: number;
  name: string;
  creationTime: number;
}

export interface GroupManifest {
  version: 1;
  name: string;
  creationTime: number;
  nextStreamId: number;
  nextSegmentId: number;
  activeSegment: number;
  streams: StreamEntry[];
  sealed: SegmentSummary[];
}

export const MANIFEST_FILE = 'manifest.json';

export function emptySummary(id: number): SegmentSummary {
  return { id, fileBytes: 0, count: 0, minTs: Infinity, maxTs: -Infinity, maxSeq: -1, streams: {} };
}

/** Adds one event to a segment summary. */
export function addToSummary(s: SegmentSummary, streamId: number, ts: number, ingestion: number, seq: number, bytes: number): void {
  s.count++;
  if (ts < s.minTs) s.minTs = ts;
  if (ts > s.maxTs) s.maxTs = ts;
  if (seq > s.maxSeq) s.maxSeq = seq;
  let slice = s.streams[streamId];
  if (!slice) slice = s.streams[streamId] = { count: 0, bytes: 0, minTs: ts, maxTs: ts, maxIngestion: ingestion };
  slice.count++;
  slice.bytes += bytes;
  if (ts < slice.minTs) slice.minTs = ts;
  if (ts > slice.maxTs) slice.maxTs = ts;
  if (ingestion > slice.maxIngestion) slice.maxIngestion = ingestion;
}

export async function readManifest(dir: string): Promise<GroupManifest> {
  return JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as GroupManifest;
}

export async function writeManifest(dir: string, manifest: GroupManifest, durable: boolean): Promise<void> {
  const tmp = join(dir, MANIFEST_FILE + '.tmp');
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(manifest));
    if (durable) await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, MANIFEST_FILE));
  if (durable) await syncDir(dir);
}

export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
