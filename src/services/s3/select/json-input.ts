// Reading JSON records (DOCUMENT: any top-level values, whitespace-separated, each possibly spanning lines; LINES:
// one value per line, which this reader also accepts) from a byte stream. The split into top-level values is a
// byte scanner (brackets and strings only; UTF-8 continuation bytes never look like ASCII), so only one record is
// held at a time, bounded by S3's 1 MB record limit; JSON.parse then checks each value. Written here because no
// maintained npm streaming parser both splits concatenated documents and keeps byte offsets for ScanRange.
import type { Readable } from 'node:stream';
import type { Value } from './ast.js';
import { selectErrors } from './errors.js';
import { MAX_RECORD_BYTES, type InputRecord } from './records.js';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function parseValue(bytes: Buffer): Value {
  try {
    return JSON.parse(bytes.toString('utf8')) as Value;
  } catch {
    throw selectErrors.jsonParsing();
  }
}

export async function* readJson(body: Readable): AsyncGenerator<InputRecord> {
  let carry: Buffer[] = [];
  let carried = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let container = false;
  let recordStart = 0;
  let base = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      let segStart = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        let end = -1;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) {
            inString = false;
            if (depth === 0) end = i + 1;
          }
        } else if (!started) {
          if (isSpace(b)) continue;
          started = true;
          segStart = i;
          recordStart = base + i;
          if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
            container = true;
            depth = 1;
          } else if (b === QUOTE) inString = true;
          else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) throw selectErrors.jsonParsing();
        } else if (b === QUOTE) inString = true;
        else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
          if (!container) throw selectErrors.jsonParsing();
          depth++;
        } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
          if (!container) throw selectErrors.jsonParsing();
          if (--depth === 0) end = i + 1;
        } else if (!container && isSpace(b)) end = i;
        if (end >= 0) {
          const bytes = carried ? Buffer.concat([...carry, chunk.subarray(segStart, end)]) : chunk.subarray(segStart, end);
          if (bytes.length > MAX_RECORD_BYTES) throw selectErrors.overMaxRecordSize();
          yield { value: parseValue(bytes), offset: recordStart, bytes: bytes.length };
          carry = [];
          carried = 0;
          started = false;
          container = false;
        }
      }
      if (started) {
        carry.push(chunk.subarray(segStart));
        carried += chunk.length - segStart;
        if (carried > MAX_RECORD_BYTES) throw selectErrors.overMaxRecordSize();
      }
      base += chunk.length;
    }
    if (started) {
      if (container || inString) throw selectErrors.jsonParsing();
      const bytes = Buffer.concat(carry);
      yield { value: parseValue(bytes), offset: recordStart, bytes: bytes.length };
    }
  } finally {
    body.destroy();
  }
}
