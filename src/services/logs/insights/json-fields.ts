/**
 * Reading only the JSON fields a query uses. A query names its fields up front, so instead of parsing each whole
 * message, the top-level members are walked as text: the values of wanted keys are decoded (nested objects and
 * arrays with JSON.parse of just their text), the rest are skipped, and the walk stops once every wanted key has
 * been seen. Anything unexpected (not an object, bad syntax) falls back to JSON.parse of the whole message, so
 * the result is what a full parse gives, except that of a key given twice the first is kept, and text after the
 * last wanted member is not checked (`{"a":1, broken` gives a = 1 to a query that reads only a). Rows read from
 * bytes walk lazily (FieldReader.advance): only as far as the members asked for so far, so for an event a filter
 * drops, text after the members the filter tests is not checked either.
 */

import { StringInterner } from './string-interner.js';

export type JsonObject = Record<string, unknown>;

const SP = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const BACKSLASH = 92;

function skipWs(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) <= SP) i++;
  return i;
}

/** Index of the quote closing the string that opens at `i`, or -1. */
function endOfString(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const k = s.indexOf('"', j);
    if (k < 0) return -1;
    let slashes = 0;
    for (let b = k - 1; b > i && s.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if ((slashes & 1) === 0) return k;
    j = k + 1;
  }
}

/** Index just past the value that starts at `i`, or -1. */
function endOfValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === QUOTE) {
    const e = endOfString(s, i);
    return e < 0 ? -1 : e + 1;
  }
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === QUOTE) {
        const e = endOfString(s, j);
        if (e < 0) return -1;
        j = e;
      } else if (d === LBRACE || d === LBRACKET) depth++;
      else if (d === RBRACE || d === RBRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < s.length) {
    const d = s.charCodeAt(j);
    if (d === COMMA || d === RBRACE || d === RBRACKET || d <= SP) break;
    j++;
  }
  return j === i ? -1 : j;
}

function decode(s: string, from: number, to: number): unknown {
  if (s.charCodeAt(from) === QUOTE) {
    const inner = s.slice(from + 1, to - 1);
    return inner.indexOf('\\') < 0 ? inner : JSON.parse(s.slice(from, to));
  }
  return JSON.parse(s.slice(from, to));
}

/**
 * How many wanted keys must be seen before the walk may stop: those without a dot. A dotted name (`a.b`) is wanted
 * both as a key of its own and through its first part; the walk stops once `a` is read, so a literal key "a.b"
 * after it is not seen (a path through `a` is what such names nearly always mean).
 */
function required(names: Iterable<string>): number {
  let n = 0;
  for (const k of names) if (k.indexOf('.') < 0) n++;
  return n;
}

function parseWhole(message: string): JsonObject | undefined {
  try {
    const v = JSON.parse(message) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The wanted top-level members of `message` when it is a JSON object (undefined when it is not). `wanted`
 * undefined: every member (a full parse).
 */
export function jsonFields(message: string, wanted: ReadonlySet<string> | undefined): JsonObject | undefined {
  let i = skipWs(message, 0);
  if (message.charCodeAt(i) !== LBRACE) return undefined;
  if (!wanted) return parseWhole(message);
  try {
    const out: JsonObject = {};
    let left = required(wanted);
    i++;
    for (;;) {
      i = skipWs(message, i);
      const c = message.charCodeAt(i);
      if (c === RBRACE) return skipWs(message, i + 1) === message.length ? out : parseWhole(message);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c !== QUOTE) return parseWhole(message);
      const keyEnd = endOfString(message, i);
      if (keyEnd < 0) return parseWhole(message);
      let key = message.slice(i + 1, keyEnd);
      if (key.indexOf('\\') >= 0) key = JSON.parse(message.slice(i, keyEnd + 1)) as string;
      i = skipWs(message, keyEnd + 1);
      if (message.charCodeAt(i) !== COLON) return parseWhole(message);
      i = skipWs(message, i + 1);
      const end = endOfValue(message, i);
      if (end < 0) return parseWhole(message);
      if (wanted.has(key) && !Object.prototype.hasOwnProperty.call(out, key)) {
        out[key] = decode(message, i, end);
        if (key.indexOf('.') < 0 && --left === 0) return out;
      }
      i = end;
    }
  } catch {
    return parseWhole(message);
  }
}

function bytesEndOfString(b: Buffer, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = b[j];
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j;
  }
  return -1;
}

function bytesEndOfValue(b: Buffer, i: number, end: number): number {
  const c = b[i];
  if (c === QUOTE) {
    const e = bytesEndOfString(b, i, end);
    return e < 0 ? -1 : e + 1;
  }
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    for (let j = i; j < end; j++) {
      const d = b[j];
      if (d === QUOTE) {
        const e = bytesEndOfString(b, j, end);
        if (e < 0) return -1;
        j = e;
      } else if (d === LBRACE || d === LBRACKET) depth++;
      else if (d === RBRACE || d === RBRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < end) {
    const d = b[j];
    if (d === COMMA || d === RBRACE || d === RBRACKET || d <= SP) break;
    j++;
  }
  return j === i ? -1 : j;
}

/** Where a wanted member was not in the object. */
export const MISSING: unique symbol = Symbol('missing');

/** How `FieldReader.read` went: the members were read; the text is no JSON object; decode it and use `jsonFields`. */
export type ReadStatus = 'read' | 'not-object' | 'text';

/**
 * Reads the wanted top-level members straight from a record's UTF-8 bytes, without decoding the message, into an
 * array by key index (no object per event). String values go through an interner, so a value seen before costs
 * no decoding. What it reads is what `jsonFields` reads.
 *
 * A key the query reads only through paths (`affectedResource` for `affectedResource.value`, when the query never
 * names `affectedResource` itself) is not decoded whole when its value is an object: a reader of its own walks the
 * object's bytes for just the members those paths go through, and the slot gets an object of those members only
 * (what a path walk over the whole value finds, for a fraction of the work).
 */
export class FieldReader {
  readonly names: readonly string[];
  private readonly keys: readonly Buffer[];
  /** Dotless keys: once all are seen the walk stops (see `required`). */
  private readonly required: number;
  private readonly dotless: readonly boolean[];
  /** Per key: the reader of the members its paths use, when only paths through it are read. */
  private readonly partial: readonly (FieldReader | undefined)[];
  private readonly subSlots: readonly (unknown[] | undefined)[];
  private readonly strings: StringInterner;

  /**
   * `names`: the keys to read (dotted names and their first parts); `whole`: the names the query reads as they are
   * (undefined: all of them), so a first part not among them is read only through its paths.
   */
  constructor(names: Iterable<string>, whole?: ReadonlySet<string>, strings = new StringInterner()) {
    this.names = [...names];
    this.strings = strings;
    this.keys = this.names.map((k) => Buffer.from(k, 'utf8'));
    this.required = required(this.names);
    this.dotless = this.names.map((k) => k.indexOf('.') < 0);
    this.partial = this.names.map((k) => {
      if (whole === undefined || whole.has(k) || k.indexOf('.') >= 0) return undefined;
      const rests = new Set<string>();
      for (const n of whole) if (n.length > k.length + 1 && n.startsWith(k) && n.charCodeAt(k.length) === 46 /* . */) rests.add(n.slice(k.length + 1));
      if (rests.size === 0) return undefined;
      const subNames = new Set(rests);
      for (const r of rests) {
        const dot = r.indexOf('.');
        if (dot > 0) subNames.add(r.slice(0, dot));
      }
      return new FieldReader(subNames, rests, strings);
    });
    this.subSlots = this.partial.map((r) => (r ? new Array<unknown>(r.names.length) : undefined));
  }

  /** Which wanted key the bytes [from, to) spell, or -1. */
  private keyIndex(b: Buffer, from: number, to: number): number {
    const len = to - from;
    const keys = this.keys;
    outer: for (let w = 0; w < keys.length; w++) {
      const k = keys[w];
      if (k.length !== len) continue;
      for (let x = 0; x < len; x++) if (k[x] !== b[from + x]) continue outer;
      return w;
    }
    return -1;
  }

  /** The object value b[from, to) of key `w` (read only for paths through it): its wanted members, or all of it. */
  private readPartial(w: number, b: Buffer, from: number, to: number): unknown {
    const sub = this.partial[w]!;
    const slots = this.subSlots[w]!;
    if (sub.read(b, from, to, slots) !== 'read') return JSON.parse(b.toString('utf8', from, to));
    const obj: JsonObject = {};
    const names = sub.names;
    for (let x = 0; x < names.length; x++) if (slots[x] !== MISSING) obj[names[x]] = slots[x];
    return obj;
  }

  /** Fills `out` (one slot per name, MISSING where absent) from the JSON object in b[start, end). */
  read(b: Buffer, start: number, end: number, out: unknown[]): ReadStatus {
    const cursor = new ReadCursor();
    if (!this.begin(b, start, end, out, cursor)) return 'not-object';
    return this.advance(b, end, out, cursor, -1) === 'text' ? 'text' : 'read';
  }

  /** Starts a walk of the object in b[start, end) (false: the text is no JSON object); `advance` goes on with it. */
  begin(b: Buffer, start: number, end: number, out: unknown[], cursor: ReadCursor): boolean {
    let i = start;
    while (i < end && b[i] <= SP) i++;
    if (i >= end || b[i] !== LBRACE) return false;
    for (let w = 0; w < this.names.length; w++) out[w] = MISSING;
    cursor.pos = i + 1;
    cursor.left = this.required;
    cursor.escapedKey = false;
    cursor.done = false;
    return true;
  }

  /**
   * Walks on until slot `want` is filled ('found'; -1: never) or the walk ends ('done': every slot still MISSING is
   * absent), reading every wanted member it passes. 'text': decode the message and use `jsonFields`. A query's
   * filter thus reads only up to the members it tests in the events it drops.
   */
  advance(b: Buffer, end: number, out: unknown[], cursor: ReadCursor, want: number): 'found' | 'done' | 'text' {
    let i = cursor.pos;
    let left = cursor.left;
    let escapedKey = cursor.escapedKey;
    try {
      for (;;) {
        while (i < end && b[i] <= SP) i++;
        if (i >= end) return 'text';
        const c = b[i];
        if (c === RBRACE) {
          // The end of the object: only blanks may follow, and an escaped key might have been a wanted one.
          i++;
          while (i < end && b[i] <= SP) i++;
          cursor.done = true;
          return i === end && !escapedKey ? 'done' : 'text';
        }
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c !== QUOTE) return 'text';
        // The key's end, noting a backslash on the way (an escaped key might spell a wanted one).
        let keyEnd = i + 1;
        let keyEscaped = false;
        for (; keyEnd < end; keyEnd++) {
          const d = b[keyEnd];
          if (d === QUOTE) break;
          if (d === BACKSLASH) {
            keyEscaped = true;
            keyEnd++;
          }
        }
        if (keyEnd >= end) return 'text';
        const w = keyEscaped ? -1 : this.keyIndex(b, i + 1, keyEnd);
        if (keyEscaped) escapedKey = true;
        i = keyEnd + 1;
        while (i < end && b[i] <= SP) i++;
        if (b[i] !== COLON) return 'text';
        i++;
        while (i < end && b[i] <= SP) i++;
        let filled = false;
        if (w >= 0 && b[i] === QUOTE) {
          // A wanted string: find its end; the interner gives the string without decoding a value seen before.
          let escaped = false;
          let j = i + 1;
          for (; j < end; j++) {
            const d = b[j];
            if (d === QUOTE) break;
            if (d === BACKSLASH) {
              escaped = true;
              j++;
            }
          }
          if (j >= end) return 'text';
          if (out[w] === MISSING) {
            out[w] = escaped ? JSON.parse(b.toString('utf8', i, j + 1)) : this.strings.decode(b, i + 1, j);
            filled = true;
          }
          i = j + 1;
        } else {
          const vEnd = bytesEndOfValue(b, i, end);
          if (vEnd < 0) return 'text';
          if (w >= 0 && out[w] === MISSING) {
            out[w] = this.partial[w] !== undefined && b[i] === LBRACE ? this.readPartial(w, b, i, vEnd) : JSON.parse(b.toString('utf8', i, vEnd));
            filled = true;
          }
          i = vEnd;
        }
        if (filled) {
          if (this.dotless[w] && --left === 0) {
            cursor.done = true;
            return 'done';
          }
          if (w === want) {
            cursor.pos = i;
            cursor.left = left;
            cursor.escapedKey = escapedKey;
            return 'found';
          }
        }
      }
    } catch {
      return 'text';
    }
  }
}

/** Where a walk of one record stopped (`FieldReader.begin` / `advance`); reused from record to record. */
export class ReadCursor {
  pos = 0;
  left = 0;
  escapedKey = false;
  /** The walk has ended: wanted members not read are absent. */
  done = false;
}

/** What `jsonFields` gives, read from UTF-8 bytes; undefined: not a JSON object; 'text': decode and use `jsonFields`. */
export function jsonFieldsFromBytes(b: Buffer, start: number, end: number, reader: FieldReader): JsonObject | undefined | 'text' {
  const out: unknown[] = new Array(reader.names.length);
  const status = reader.read(b, start, end, out);
  if (status !== 'read') return status === 'text' ? 'text' : undefined;
  const obj: JsonObject = {};
  reader.names.forEach((n, w) => {
    if (out[w] !== MISSING) obj[n] = out[w];
  });
  return obj;
}
