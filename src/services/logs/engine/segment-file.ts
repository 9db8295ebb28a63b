/**
 * Reading segment files: records are streamed in chunks (default 1 MiB) so a scan holds one chunk, never a file.
 */
import { open } from 'node:fs/promises';
import { RECORD_HEADER_BYTES, recordIsIntact, recordLength } from './record.js';

/** The largest record a segment may hold: a 1 MiB message (AWS's event limit) plus slack and the header. */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;

/**
 * Calls `visit(buf, offset, length)` for each record in the first `end` bytes of the file, in file order, until
 * `visit` returns false. With `verify`, stops at the first torn or corrupt record. Returns the offset reached (the
 * end of the last good record). A missing file reads as empty (a segment removed by retention while being read).
 */
export async function scanSegment(
  path: string,
  end: number,
  visit: (buf: Buffer, offset: number, length: number) => boolean | void,
  options: { chunkBytes?: number; verify?: boolean; start?: number } = {},
): Promise<number> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  try {
    let buf = Buffer.allocUnsafe(options.chunkBytes ?? 1024 * 1024);
    let filePos = options.start ?? 0; // file offset of buf[0]
    let filled = 0;
    let off = 0; // next record in buf
    while (true) {
      // Make sure a whole record (or at least its length field) is in the buffer.
      const available = filled - off;
      let need = RECORD_HEADER_BYTES;
      if (available >= 4) need = Math.max(RECORD_HEADER_BYTES, recordLength(buf, off));
      if (available >= 4 && (need > MAX_RECORD_BYTES || recordLength(buf, off) < RECORD_HEADER_BYTES)) {
        return filePos + off; // garbage length: the tail is torn
      }
      if (available < need) {
        if (filePos + filled >= end) return filePos + off;
        // Shift the partial record to the front, growing the buffer if the record is larger than it.
        if (need > buf.length) {
          const bigger = Buffer.allocUnsafe(need);
          buf.copy(bigger, 0, off, filled);
          buf = bigger;
        } else {
          buf.copy(buf, 0, off, filled);
        }
        filePos += off;
        filled = available;
        off = 0;
        const want = Math.min(buf.length - filled, end - (filePos + filled));
        const { bytesRead } = await fh.read(buf, filled, want, filePos + filled);
        if (bytesRead === 0) return filePos + off;
        filled += bytesRead;
        continue;
      }
      if (options.verify && !recordIsIntact(buf, off, need)) return filePos + off;
      if (visit(buf, off, need) === false) return filePos + off + need;
      off += need;
    }
  } finally {
    await fh.close();
  }
}
