/**
 * A BSON document (bsonspec.org) decoded to plain values, for Parquet's BSON columns: strings, numbers, booleans,
 * dates, ObjectIds (as hex) and nested documents and arrays; binary, Decimal128 and other opaque values hold no text
 * and come out as undefined. Every length is checked against the bytes that remain, and nesting stops at maxDepth,
 * so a hostile value costs at most its own size. Throws on a malformed document.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class BsonError extends Error {}

export function decodeBson(bytes: Uint8Array, maxDepth: number): Record<string, unknown> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { value, end } = document(bytes, view, 0, false, maxDepth);
  if (end !== bytes.length) throw new BsonError('bytes after the document');
  return value as Record<string, unknown>;
}

/** Whether `bytes` starts like a BSON document of exactly its length (a JSON text never holds a NUL byte). */
export function looksLikeBson(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[3] === 0 && new DataView(bytes.buffer, bytes.byteOffset).getInt32(0, true) === bytes.length && bytes[bytes.length - 1] === 0;
}

function document(bytes: Uint8Array, view: DataView, at: number, array: boolean, depth: number): { value: unknown; end: number } {
  if (depth <= 0) throw new BsonError('nested too deep');
  if (at + 5 > bytes.length) throw new BsonError('truncated document');
  const length = view.getInt32(at, true);
  const end = at + length;
  if (length < 5 || end > bytes.length || bytes[end - 1] !== 0) throw new BsonError('bad document length');
  const out: Record<string, unknown> = {};
  const list: unknown[] = [];
  let p = at + 4;
  while (p < end - 1) {
    const type = bytes[p++];
    const nameEnd = bytes.indexOf(0, p);
    if (nameEnd === -1 || nameEnd >= end) throw new BsonError('unterminated name');
    const name = utf8.decode(bytes.subarray(p, nameEnd));
    p = nameEnd + 1;
    let value: unknown;
    const need = (n: number): void => {
      if (p + n > end - 1) throw new BsonError('truncated value');
    };
    const string = (): string => {
      need(4);
      const n = view.getInt32(p, true);
      if (n < 1) throw new BsonError('bad string length');
      need(4 + n);
      const s = utf8.decode(bytes.subarray(p + 4, p + 4 + n - 1));
      p += 4 + n;
      return s;
    };
    switch (type) {
      case 0x01: need(8); value = view.getFloat64(p, true); p += 8; break;
      case 0x02: case 0x0d: case 0x0e: value = string(); break;
      case 0x03: case 0x04: {
        const inner = document(bytes, view, p, type === 0x04, depth - 1);
        if (inner.end > end - 1) throw new BsonError('nested document overruns its parent');
        value = inner.value;
        p = inner.end;
        break;
      }
      case 0x05: { need(5); const n = view.getInt32(p, true); if (n < 0) throw new BsonError('bad binary length'); need(5 + n); p += 5 + n; break; }
      case 0x06: case 0x0a: case 0x7f: case 0xff: break;
      case 0x07: need(12); value = Array.from(bytes.subarray(p, p + 12), (b) => b.toString(16).padStart(2, '0')).join(''); p += 12; break;
      case 0x08: need(1); value = bytes[p++] !== 0; break;
      case 0x09: { need(8); const ms = Number(view.getBigInt64(p, true)); p += 8; const d = new Date(ms); value = Number.isNaN(d.getTime()) ? undefined : d; break; }
      case 0x0b: {
        for (let i = 0; i < 2; i++) {
          const z = bytes.indexOf(0, p);
          if (z === -1 || z >= end) throw new BsonError('unterminated regex');
          if (i === 0) value = utf8.decode(bytes.subarray(p, z));
          p = z + 1;
        }
        break;
      }
      case 0x0c: value = string(); need(12); p += 12; break;
      case 0x0f: {
        need(4);
        const n = view.getInt32(p, true);
        if (n < 14) throw new BsonError('bad code-with-scope length');
        need(n);
        const stop = p + n;
        p += 4;
        value = string();
        p = stop; // the scope is variables, not text worth reading
        break;
      }
      case 0x10: need(4); value = view.getInt32(p, true); p += 4; break;
      case 0x11: need(8); value = view.getBigUint64(p, true); p += 8; break;
      case 0x12: need(8); value = view.getBigInt64(p, true); p += 8; break;
      case 0x13: need(16); p += 16; break;
      default: throw new BsonError(`unknown element type 0x${type.toString(16)}`);
    }
    if (array) list.push(value);
    else out[name] = value;
  }
  if (p !== end - 1) throw new BsonError('document overruns its length');
  return { value: array ? list : out, end };
}
