// JSON bodies of awsJson1_0/1_1 and restJson1: decoded into typed values (Date, bytes) and encoded back, walking the
// model. restJson1 names body members by `locationName`; awsJson by member name. Values of the wrong JSON type are
// passed through unchanged so that validation reports them with the member's path.
import type { ServiceSchema } from '../models/index.js';
import { formatTimestamp, membersOf, parseTimestamp, shapeOf, timestampFormatOf, type TimestampFormat } from './shapes.js';

const SCALARS = new Set(['string', 'integer', 'long', 'double', 'float', 'boolean', 'bigInteger', 'bigDecimal']);

export interface JsonCodecOptions {
  /** restJson1 uses each member's locationName as its JSON key. */
  useLocationName: boolean;
  /** The protocol's default timestamp format in bodies (unixTimestamp for both JSON protocols). */
  timestampFormat: TimestampFormat;
}

export function decodeJson(schema: ServiceSchema, shapeName: string, raw: unknown, opts: JsonCodecOptions): unknown {
  if (raw === null || raw === undefined) return undefined;
  const shape = shapeOf(schema, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (shape.document || typeof raw !== 'object' || Array.isArray(raw)) return raw;
      const src = raw as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of membersOf(shape)) {
        if (ref.location) continue; // bound from the URI, query or headers, not the body
        const key = opts.useLocationName ? (ref.locationName ?? name) : name;
        if (!(key in src)) continue;
        const target = shapeOf(schema, ref.shape);
        const v = src[key];
        if (target.type === 'timestamp') out[name] = v === null ? undefined : (parseTimestamp(v) ?? v);
        // Strings, numbers and booleans pass as they are (what the recursion would return), without the call.
        else if (SCALARS.has(target.type)) out[name] = v === null ? undefined : v;
        else out[name] = decodeJson(schema, ref.shape, v, opts);
      }
      return out;
    }
    case 'list':
      return Array.isArray(raw) ? raw.map((item) => decodeJson(schema, shape.member!.shape, item, opts)) : raw;
    case 'map': {
      if (typeof raw !== 'object' || Array.isArray(raw)) return raw;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = decodeJson(schema, shape.value!.shape, v, opts);
      return out;
    }
    case 'timestamp':
      return parseTimestamp(raw) ?? raw;
    case 'blob':
      return typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw;
    default:
      return raw;
  }
}

export function encodeJson(schema: ServiceSchema, shapeName: string, value: unknown, opts: JsonCodecOptions, format?: TimestampFormat): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapeOf(schema, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return value;
      const src = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const m of bodyMembersOf(schema, shape, opts)) {
        const v = src[m.name];
        if (v === undefined || v === null) continue;
        // Scalars and timestamps without the recursive call (what it would return).
        if (m.kind === 'scalar') out[m.key] = v;
        else if (m.kind === 'timestamp') out[m.key] = formatTimestamp(v instanceof Date ? v : new Date(v as string | number), m.format!);
        else out[m.key] = encodeJson(schema, m.shape, v, opts, m.format);
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => encodeJson(schema, shape.member!.shape, item, opts));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== undefined) out[k] = encodeJson(schema, shape.value!.shape, v, opts);
      }
      return out;
    }
    case 'timestamp': {
      const date = value instanceof Date ? value : new Date(value as string | number);
      return formatTimestamp(date, format ?? (shape.timestampFormat as TimestampFormat | undefined) ?? opts.timestampFormat);
    }
    case 'blob':
      return Buffer.from(value as Uint8Array).toString('base64');
    default:
      return value;
  }
}

/** A body member of a structure as encodeJson writes it, worked out once per shape and codec. */
interface BodyMember {
  name: string;
  /** The JSON key: the member name, or its locationName under restJson1. */
  key: string;
  shape: string;
  kind: 'scalar' | 'timestamp' | 'other';
  /** The member's timestamp format (its own trait, its shape's, then the protocol's default). */
  format?: TimestampFormat;
}

// Per structure shape, per codec (useLocationName and the default timestamp format): every response walks these.
const bodyMembers = new WeakMap<object, Map<string, BodyMember[]>>();

function bodyMembersOf(schema: ServiceSchema, shape: ReturnType<typeof shapeOf>, opts: JsonCodecOptions): BodyMember[] {
  const codecKey = `${opts.useLocationName}|${opts.timestampFormat}`;
  let byCodec = bodyMembers.get(shape);
  let plan = byCodec?.get(codecKey);
  if (plan) return plan;
  plan = [];
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location) continue;
    const key = opts.useLocationName ? (ref.locationName ?? name) : name;
    // A member whose shape the model lacks fails when a value comes for it, as the walk always did.
    const target = schema.shapes[ref.shape];
    if (!target) plan.push({ name, key, shape: ref.shape, kind: 'other' });
    else {
      const format = timestampFormatOf(ref, target, opts.timestampFormat);
      const kind = target.type === 'timestamp' ? 'timestamp' : SCALARS.has(target.type) ? 'scalar' : 'other';
      plan.push({ name, key, shape: ref.shape, kind, format });
    }
  }
  if (!byCodec) bodyMembers.set(shape, (byCodec = new Map()));
  byCodec.set(codecKey, plan);
  return plan;
}
