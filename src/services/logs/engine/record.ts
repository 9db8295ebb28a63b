/**
 * The on-disk form of one log event inside a segment file (little-endian):
 *
 *   u32 length of the whole record   u32 CRC-32 of bytes 8..length
 *   f64 timestamp (ms)   f64 ingestion time (ms)   f64 sequence number (unique per group, increasing)
 *   u32 stream id        message as UTF-8
 *
 * The CRC lets recovery find where a torn write at the tail of the active segment begins.
 */
import { crc32 } from 'node:zlib';

export const RECORD_HEADER_BYTES = 36;

/** Bytes AWS counts for an event (PutLogEvents batch size: UTF-8 message bytes + 26). */
export const EVENT_OVERHEAD_BYTES = 26;

export interface EventRecord {
  timestamp: number;
  ingestionTime: number;
  seq: number;
  streamId: number;
  message: string;
}

/** Writes a record at `offset` of `buf` (which must have room) and returns its length. */
export function writeRecord(buf: Buffer, offset: number, r: Omit<EventRecord, 'message'>, message: Buffer | string, messageBytes: number): number {
  const length = RECORD_HEADER_BYTES + messageBytes;
  buf.writeUInt32LE(length, offset);
  buf.writeDoubleLE(r.timestamp, offset + 8);
  buf.writeDoubleLE(r.ingestionTime, offset + 16);
  buf.writeDoubleLE(r.seq, offset + 24);
  buf.writeUInt32LE(r.streamId, offset + 32);
  if (typeof message === 'string') buf.write(message, offset + RECORD_HEADER_BYTES, messageBytes, 'utf8');
  else message.copy(buf, offset + RECORD_HEADER_BYTES);
  buf.writeUInt32LE(crc32(buf.subarray(offset + 8, offset + length)) >>> 0, offset + 4);
  return length;
}

/**
 * Writes one batch's records (what `writeRecord` writes for each, byte for byte) into `buf`, which holds exactly
 * them: one DataView for the batch, whose setters the JIT inlines, where Buffer#writeDoubleLE stores byte by byte.
 */
export function writeRecords(buf: Buffer, events: ReadonlyArray<{ timestamp: number; message: string }>, sizes: readonly number[], firstSeq: number, ingestionTime: number, streamId: number): void {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  for (let i = 0; i < events.length; i++) {
    const length = RECORD_HEADER_BYTES + sizes[i]!;
    dv.setUint32(off, length, true);
    dv.setFloat64(off + 8, events[i]!.timestamp, true);
    dv.setFloat64(off + 16, ingestionTime, true);
    dv.setFloat64(off + 24, firstSeq + i, true);
    dv.setUint32(off + 32, streamId, true);
    buf.write(events[i]!.message, off + RECORD_HEADER_BYTES, sizes[i], 'utf8');
    dv.setUint32(off + 4, crc32(buf.subarray(off + 8, off + length)) >>> 0, true);
    off += length;
  }
}

// Scans read these fields of every record: a DataView's reads are inlined by the JIT, where Buffer#readDoubleLE
// copies bytes one by one. Scans walk one chunk buffer at a time, so one cached view serves them.
let viewed: Buffer | undefined;
let view: DataView | undefined;
function viewOf(buf: Buffer): DataView {
  if (buf !== viewed) {
    viewed = buf;
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return view!;
}

export const recordLength = (buf: Buffer, off: number): number => viewOf(buf).getUint32(off, true);
export const recordTimestamp = (buf: Buffer, off: number): number => viewOf(buf).getFloat64(off + 8, true);
export const recordIngestionTime = (buf: Buffer, off: number): number => viewOf(buf).getFloat64(off + 16, true);
export const recordSeq = (buf: Buffer, off: number): number => viewOf(buf).getFloat64(off + 24, true);
export const recordStreamId = (buf: Buffer, off: number): number => viewOf(buf).getUint32(off + 32, true);
export const recordMessage = (buf: Buffer, off: number, length: number): string =>
  buf.toString('utf8', off + RECORD_HEADER_BYTES, off + length);

/** Whether the record at `off` (complete in `buf`) is intact. */
export function recordIsIntact(buf: Buffer, off: number, length: number): boolean {
  return crc32(buf.subarray(off + 8, off + length)) >>> 0 === buf.readUInt32LE(off + 4);
}
