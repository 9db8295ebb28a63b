/**
 * One-dimensional `text[]`, `bigint[]` and `int[]` query parameters in PostgreSQL's binary array format
 * (array_recv), for batched INSERTs (the audit batch, the logs append).
 *
 * node-postgres sends a Buffer parameter in binary, and has no binary encoder for arrays. As text arrays
 * (`{"…","…"}`), every element went through the driver's escaping (two regular-expression replaces over each ~1 KB
 * audit record, full of quotes) and then array_in's parsing of every character in the backend (~2,000 instructions
 * per event of a PutLogEvents batch with three integer arrays, callgrind); here an element is its length and its
 * UTF-8 bytes, a number its fixed-width value. The format: a 20-byte header (dimensions, has-nulls flag, element type oid, length,
 * lower bound), then per element a 4-byte byte length (-1 for NULL) and the value.
 */

const TEXT_OID = 25;
const INT8_OID = 20;
const INT4_OID = 23;
const HEADER_BYTES = 20;
const TWO_32 = 2 ** 32;

function header(buf: Buffer, elementType: number, length: number, hasNulls: boolean): void {
  buf.writeInt32BE(1, 0); // dimensions
  buf.writeInt32BE(hasNulls ? 1 : 0, 4);
  buf.writeInt32BE(elementType, 8);
  buf.writeInt32BE(length, 12);
  buf.writeInt32BE(1, 16); // lower bound
}

/** A `text[]`; null elements are SQL NULLs. Strings are sent as UTF-8 (the connection's client encoding). */
export function textArray(values: ReadonlyArray<string | null>): Buffer {
  const n = values.length;
  let bytes = HEADER_BYTES + 4 * n;
  let hasNulls = false;
  const lengths = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) {
      hasNulls = true;
      lengths[i] = -1;
    } else {
      lengths[i] = Buffer.byteLength(v, 'utf8');
      bytes += lengths[i]!;
    }
  }
  const buf = Buffer.allocUnsafe(bytes);
  header(buf, TEXT_OID, n, hasNulls);
  let off = HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    const len = lengths[i]!;
    buf.writeInt32BE(len, off);
    off += 4;
    if (len > 0) off += buf.write(values[i]!, off, len, 'utf8');
  }
  return buf;
}

/** A `bigint[]` of safe integers (epoch milliseconds): the high word by division, the low one by ToUint32. */
export function int8Array(values: ArrayLike<number>): Buffer {
  const n = values.length;
  const buf = Buffer.allocUnsafe(HEADER_BYTES + n * 12);
  header(buf, INT8_OID, n, false);
  for (let i = 0, off = HEADER_BYTES; i < n; i++, off += 12) {
    const v = values[i];
    if (!Number.isSafeInteger(v)) throw new RangeError(`not a safe integer: ${v}`);
    buf.writeInt32BE(8, off);
    buf.writeInt32BE(Math.floor(v / TWO_32) | 0, off + 4);
    buf.writeUInt32BE(v >>> 0, off + 8);
  }
  return buf;
}

/** An `int[]` of 32-bit integers. */
export function int4Array(values: ArrayLike<number>): Buffer {
  const n = values.length;
  const buf = Buffer.allocUnsafe(HEADER_BYTES + n * 8);
  header(buf, INT4_OID, n, false);
  for (let i = 0, off = HEADER_BYTES; i < n; i++, off += 8) {
    buf.writeInt32BE(4, off);
    buf.writeInt32BE(values[i], off + 4);
  }
  return buf;
}
