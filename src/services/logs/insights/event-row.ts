/**
 * One log event as a query sees it: the system fields (@timestamp, @message, @logStream, @log, @ingestionTime,
 * @ptr) and, when the message is a JSON object, its fields by name: nested objects by dotted path
 * (`affectedResource.value`) and array members by index (`items.0.name`). The JSON is parsed on first use only.
 */
import { jsonFields } from './json-fields.js';
import type { Value } from './values.js';

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
}

/** @ptr: an opaque reference to one event (group, timestamp, sequence), base64url. */
export function encodePtr(groupName: string, timestamp: number, seq: number): string {
  return Buffer.from(JSON.stringify([groupName, timestamp, seq]), 'utf8').toString('base64url');
}

const NOT_JSON = Symbol('not json');

export class EventRow implements Row {
  private json: Record<string, unknown> | typeof NOT_JSON | undefined;
  private extra: Map<string, Value> | undefined;

  constructor(
    readonly group: GroupContext,
    readonly timestamp: number,
    readonly ingestionTime: number,
    readonly logStream: string,
    readonly message: string,
    readonly seq: number,
  ) {}

  get(name: string): Value {
    if (this.extra !== undefined) {
      const v = this.extra.get(name);
      if (v !== undefined || this.extra.has(name)) return v;
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

  private jsonField(name: string): Value {
    let obj = this.json;
    if (obj === undefined) {
      obj = this.json = jsonFields(this.message, this.group.jsonKeys) ?? NOT_JSON;
    }
    if (obj === NOT_JSON) return undefined;
    return lookup(obj, name);
  }
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
    return this.values.get(name);
  }
  set(name: string, value: Value): void {
    this.values.set(name, value);
  }
}
