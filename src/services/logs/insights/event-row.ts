/**
 * One log event as a query sees it: the system fields (@timestamp, @message, @logStream, @log, @ingestionTime,
 * @ptr) and, when the message is a JSON object, its fields by name: nested objects by dotted path
 * (`affectedResource.value`) and array members by index (`items.0.name`). Only the JSON members the query uses
 * are read (json-fields.ts), straight from the record's bytes while the scan is on it; the message is decoded
 * only when asked for, or when a stage keeps the row past the scan (`freeze`).
 */
import { FieldReader, jsonFields, MISSING, ReadCursor, type JsonObject } from './json-fields.js';
import { structureMember, type Value } from './values.js';

/** What a row gives the expressions of a query. */
export interface Row {
  get(name: string): Value;
  /** Fields set by `fields … as`, `parse` (and stats output). */
  set(name: string, value: Value): void;
}

/** What the events of one log group share. */
export interface GroupContext {
  /** `account-id:log-group-name`, as @log shows it. */
  log: string;
  /** The group's name, for @ptr. */
  groupName: string;
  /** The top-level JSON keys the query uses (only they are read); undefined reads whole messages. */
  jsonKeys?: ReadonlySet<string>;
  /** Reads those keys from a record's bytes, and where each name the query uses is among them. */
  fields?: FieldSlots;
}

/**
 * Where a flattened name (`a.b.c`) is read from: a literal key of its own (`self`), else a path through `head`;
 * `until`: the slot a lazy walk must reach before the name can be answered (its own, or its first part's).
 */
interface FieldPath {
  self: number;
  head: number;
  rest: readonly string[];
  until: number;
}

export interface FieldSlots {
  reader: FieldReader;
  paths: ReadonlyMap<string, FieldPath>;
}

/**
 * The reader and name paths for a query's JSON keys (shared by every row of a run); `whole`: the names the query
 * reads as they are (see FieldReader).
 */
export function fieldSlots(keys: ReadonlySet<string>, whole?: ReadonlySet<string>): FieldSlots {
  const reader = new FieldReader(keys, whole);
  const index = new Map(reader.names.map((n, i) => [n, i]));
  const paths = new Map<string, FieldPath>();
  for (const n of reader.names) {
    const parts = n.split('.');
    const head = parts.length > 1 ? (index.get(parts[0]) ?? -1) : -1;
    paths.set(n, { self: index.get(n)!, head, rest: parts.slice(1), until: parts.length > 1 ? head : index.get(n)! });
  }
  return { reader, paths };
}

function fromSlots(values: readonly unknown[], path: FieldPath): Value {
  const own = values[path.self];
  if (own !== MISSING) return leaf(own);
  if (path.head < 0) return undefined;
  let at = values[path.head];
  if (at === MISSING) return undefined;
  for (const part of path.rest) {
    if (at === null || typeof at !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return leaf(at);
}

/** A substring searched for in messages' bytes (`@message like "text"`), with where it was last found. */
export class ByteNeedle {
  readonly bytes: Buffer;
  buf: Buffer | undefined;
  at = -1;
  last = -1;
  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
  }
}

/** @ptr: an opaque reference to one event (group, timestamp, sequence), base64url. */
export function encodePtr(groupName: string, timestamp: number, seq: number): string {
  return Buffer.from(JSON.stringify([groupName, timestamp, seq]), 'utf8').toString('base64url');
}

/** The parts of a @ptr, or undefined when it is not one Sift made. */
export function decodePtr(ptr: string): { groupName: string; timestamp: number; seq: number } | undefined {
  if (ptr.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(ptr)) return undefined;
  try {
    const v = JSON.parse(Buffer.from(ptr, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'string' || !Number.isFinite(v[1]) || !Number.isFinite(v[2])) return undefined;
    return { groupName: v[0], timestamp: v[1], seq: v[2] };
  } catch {
    return undefined;
  }
}

/** A JSON object's fields flattened as queries name them (`a.b`, `list.0`), up to `max` of them. */
export function flattenJson(obj: Record<string, unknown>, max = 200): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  const walk = (v: unknown, path: string): void => {
    if (n >= max || v === null || v === undefined) return;
    if (typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) walk(child, path ? `${path}.${k}` : k);
      return;
    }
    out[path] = String(v);
    n++;
  };
  walk(obj, '');
  return out;
}

const NOT_JSON = Symbol('not json');
/** How far the row's JSON slots were read from its bytes (READING: a walk is under way, see FieldReader.advance). */
const UNREAD = 0;
const READ = 1;
const NOT_OBJECT = 2;
const USE_TEXT = 3;
const READING = 4;

export class EventRow implements Row {
  private json: JsonObject | typeof NOT_JSON | undefined;
  private slots: unknown[] | undefined;
  private slotState = UNREAD;
  private cursor: ReadCursor | undefined;
  private extra: Map<string, Value> | undefined;
  private text: string | undefined;
  private buf: Buffer | undefined;
  private start = 0;
  private end = 0;
  /** Set once a stage keeps the row (freeze): the scan must not reuse it. */
  kept = false;

  constructor(
    readonly group: GroupContext,
    public timestamp: number,
    public ingestionTime: number,
    public logStream: string,
    message: string | undefined,
    public seq: number,
  ) {
    this.text = message;
  }

  /** Makes a row nobody kept into the next event of the scan (saves an allocation per event). */
  reuse(timestamp: number, ingestionTime: number, logStream: string, seq: number, buf: Buffer, start: number, end: number): this {
    this.timestamp = timestamp;
    this.ingestionTime = ingestionTime;
    this.logStream = logStream;
    this.seq = seq;
    this.json = undefined;
    this.slotState = UNREAD;
    this.extra = undefined;
    this.text = undefined;
    this.buf = buf;
    this.start = start;
    this.end = end;
    return this;
  }

  /** The message is the UTF-8 bytes [start, end) of `buf`, valid until the scan moves on (then call freeze()). */
  static fromBytes(group: GroupContext, timestamp: number, ingestionTime: number, logStream: string, seq: number, buf: Buffer, start: number, end: number): EventRow {
    const row = new EventRow(group, timestamp, ingestionTime, logStream, undefined, seq);
    row.buf = buf;
    row.start = start;
    row.end = end;
    return row;
  }

  get message(): string {
    if (this.text === undefined) {
      // The bytes go: a walk under way is finished first.
      if (this.slotState === READING) this.finishWalk();
      this.text = this.buf!.toString('utf8', this.start, this.end);
      this.buf = undefined;
    }
    return this.text;
  }

  /**
   * Whether the message holds the needle's bytes, searched in the record's bytes without decoding them; undefined
   * when the message is not read from bytes here (or a query set @message).
   */
  messageIncludes(n: ByteNeedle): boolean | undefined {
    const buf = this.buf;
    if (buf === undefined || this.text !== undefined || (this.extra !== undefined && this.extra.has('@message'))) return undefined;
    const start = this.start;
    // The next occurrence found for an earlier record of this buffer stays the next one for a later record before
    // it; a start not after the last one asked means the scan refilled the buffer.
    if (n.buf !== buf || start <= n.last || (n.at >= 0 && n.at < start)) {
      n.buf = buf;
      n.at = buf.indexOf(n.bytes, start);
    }
    n.last = start;
    return n.at >= 0 && n.at + n.bytes.length <= this.end;
  }

  /** Detaches the row from the scan's buffer (stages that keep rows call it). */
  freeze(): void {
    this.kept = true;
    if (this.text === undefined) void this.message;
  }

  get(name: string): Value {
    if (this.extra !== undefined) {
      const v = this.extra.get(name);
      if (v !== undefined || this.extra.has(name)) return v;
      const member = name.indexOf('.') > 0 ? structureMember(this.extra, name) : undefined;
      if (member !== undefined) return member;
    }
    if (name.charCodeAt(0) === 64 /* @ */) {
      switch (name) {
        case '@timestamp':
          return this.timestamp;
        case '@message':
          return this.message;
        case '@logStream':
          return this.logStream;
        case '@log':
          return this.group.log;
        case '@ingestionTime':
          return this.ingestionTime;
        case '@ptr':
          return encodePtr(this.group.groupName, this.timestamp, this.seq);
      }
    }
    return this.jsonField(name);
  }

  set(name: string, value: Value): void {
    (this.extra ??= new Map()).set(name, value);
  }

  private finishWalk(): void {
    const fields = this.group.fields!;
    const status = fields.reader.advance(this.buf!, this.end, this.slots!, this.cursor!, -1);
    this.slotState = status === 'text' ? USE_TEXT : READ;
  }

  private jsonField(name: string): Value {
    const fields = this.group.fields;
    if (fields !== undefined) {
      const path = fields.paths.get(name);
      if (path !== undefined) {
        if (this.slotState === UNREAD) {
          if (this.buf === undefined) this.slotState = USE_TEXT;
          else {
            const slots = (this.slots ??= new Array<unknown>(fields.reader.names.length));
            this.slotState = fields.reader.begin(this.buf, this.start, this.end, slots, (this.cursor ??= new ReadCursor())) ? READING : NOT_OBJECT;
          }
        }
        // Members are read as far as this name needs: a filter that drops the event reads no further.
        if (this.slotState === READING && (path.until < 0 || this.slots![path.until] === MISSING)) {
          const status = fields.reader.advance(this.buf!, this.end, this.slots!, this.cursor!, path.until);
          if (status === 'text') this.slotState = USE_TEXT;
          else if (status === 'done') this.slotState = READ;
        }
        if (this.slotState === READ || this.slotState === READING) return fromSlots(this.slots!, path);
        if (this.slotState === NOT_OBJECT) return undefined;
      }
    }
    const keys = this.group.jsonKeys;
    if (keys !== undefined && !keys.has(name)) {
      const dot = name.indexOf('.');
      // A name the query did not declare (never the case for compiled plans): read the whole message.
      if (dot < 0 || !keys.has(name.slice(0, dot))) return lookupIn(jsonFields(this.message, undefined), name);
    }
    let obj = this.json;
    if (obj === undefined) obj = this.json = jsonFields(this.message, keys) ?? NOT_JSON;
    if (obj === NOT_JSON) return undefined;
    return lookup(obj, name);
  }
}

function lookupIn(obj: JsonObject | undefined, name: string): Value {
  return obj === undefined ? undefined : lookup(obj, name);
}

/** A field of a parsed JSON object by its flattened name. */
export function lookup(obj: Record<string, unknown>, name: string): Value {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return leaf(obj[name]);
  if (name.indexOf('.') < 0) return undefined;
  let at: unknown = obj;
  for (const part of name.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return leaf(at);
}

function leaf(v: unknown): Value {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A row of computed values (the output of stats). */
export class MapRow implements Row {
  constructor(readonly values: Map<string, Value> = new Map()) {}
  get(name: string): Value {
    const v = this.values.get(name);
    return v !== undefined || name.indexOf('.') < 0 ? v : structureMember(this.values, name);
  }
  set(name: string, value: Value): void {
    this.values.set(name, value);
  }
}

/**
 * One of the rows `unnest` makes from a row: the row's own fields (it must be frozen: it outlives the scan) under
 * the values this copy sets.
 */
export class OverlayRow implements Row {
  private readonly own = new Map<string, Value>();
  constructor(private readonly base: Row) {}
  get(name: string): Value {
    const v = this.own.get(name);
    if (v !== undefined || this.own.has(name)) return v;
    const member = name.indexOf('.') > 0 ? structureMember(this.own, name) : undefined;
    return member !== undefined ? member : this.base.get(name);
  }
  set(name: string, value: Value): void {
    this.own.set(name, value);
  }
  /** The event the row came from (for @ptr), if any. */
  get event(): EventRow | undefined {
    return this.base instanceof EventRow ? this.base : this.base instanceof OverlayRow ? this.base.event : undefined;
  }
}
