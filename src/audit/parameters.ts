// Turns an operation's typed input or output into CloudTrail's requestParameters / responseElements, walking the
// service model: member names in the lower-camel casing AWS's records show (`RoleArn` → `roleArn`), dates in
// the Java style of AWS's records, blobs base64, streaming payloads left out, and secrets never written.
//
// Secrets: a member whose shape (or member reference) carries the model's `sensitive` trait, or whose name says
// it is a secret (secret keys, passwords, private keys), is replaced by AWS's literal
// `HIDDEN_DUE_TO_SECURITY_REASONS` in requestParameters and removed from responseElements (AWS drops
// `secretAccessKey` from AssumeRole and CreateAccessKey responses). Session tokens are hidden in requests but
// kept in responses, as the seed's AssumeRole record shows them.
import type { MemberRef, ServiceSchema, Shape } from '../models/index.js';
import { javaDate, PARAMETERS_MAX_BYTES } from './format.js';

export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

export type Side = 'request' | 'response';

const SECRET_NAME = /secret|password|passphrase|privatekey/i;
const REQUEST_ONLY_SECRET_NAME = /sessiontoken|tokencode/i;
// Model shapes can be recursive; values decoded from a request cannot be cyclic, but stay bounded anyway.
const MAX_DEPTH = 64;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * The CloudTrail form of `value` (a structure of shape `shapeName`), or null when there is nothing to show or
 * the result is above CloudTrail's 100 KB limit (AWS omits the content).
 */
export function trailParameters(schema: ServiceSchema, shapeName: string | undefined, value: unknown, side: Side): Record<string, Json> | null {
  if (!shapeName || value === undefined || value === null || typeof value !== 'object') return null;
  const out = convert(schema, { shape: shapeName }, value, side, 0);
  if (!out || typeof out !== 'object' || Array.isArray(out) || Object.keys(out).length === 0) return null;
  if (Buffer.byteLength(JSON.stringify(out)) > PARAMETERS_MAX_BYTES) return null;
  return out;
}

/** `RoleArn` → `roleArn`, `SSECustomerKey` → `sseCustomerKey`, `ARN` → `arn`; lower-camel names unchanged. */
export function lowerCamel(name: string): string {
  const run = /^[A-Z]+/.exec(name)?.[0];
  if (!run) return name;
  if (run.length === name.length) return name.toLowerCase();
  if (run.length === 1) return name[0]!.toLowerCase() + name.slice(1);
  const next = name[run.length]!;
  // "SSECustomerKey": the last capital of the run starts the next word; "S3Bucket": the run is one word.
  return /[a-z]/.test(next) ? run.slice(0, -1).toLowerCase() + name.slice(run.length - 1) : run.toLowerCase() + name.slice(run.length);
}

function isSecret(ref: MemberRef, shape: Shape | undefined, name: string | undefined, side: Side): boolean {
  if (shape?.sensitive === true || ref.sensitive === true) return true;
  // Names only speak for text: `PasswordResetRequired` (a boolean) or `PasswordPolicy` (a structure) are not secrets.
  if (name === undefined || (shape && shape.type !== 'string' && shape.type !== 'blob')) return false;
  return SECRET_NAME.test(name) || (side === 'request' && REQUEST_ONLY_SECRET_NAME.test(name));
}

const OMIT = Symbol('omit');

function convert(schema: ServiceSchema, ref: MemberRef, value: unknown, side: Side, depth: number): Json | typeof OMIT {
  if (value === undefined) return OMIT;
  if (value === null) return null;
  if (depth > MAX_DEPTH) return OMIT;
  const shape = schema.shapes[ref.shape];
  if (!shape) return plain(value, depth);
  if (shape.streaming || ref.streaming || shape.eventstream) return OMIT;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return plain(value, depth);
      if (typeof value !== 'object' || Array.isArray(value)) return OMIT;
      const out: Record<string, Json> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        if (member.location === 'statusCode') continue;
        const v = (value as Record<string, unknown>)[name];
        if (v === undefined) continue;
        if (isSecret(member, schema.shapes[member.shape], name, side)) {
          if (side === 'request') out[lowerCamel(name)] = HIDDEN;
          continue;
        }
        const c = convert(schema, member, v, side, depth + 1);
        if (c !== OMIT) out[lowerCamel(name)] = c;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value) || !shape.member) return OMIT;
      const item = shape.member;
      const out: Json[] = [];
      for (const v of value) {
        if (isSecret(item, schema.shapes[item.shape], undefined, side)) {
          if (side === 'request') out.push(HIDDEN);
          continue;
        }
        const c = convert(schema, item, v, side, depth + 1);
        if (c !== OMIT) out.push(c);
      }
      return out;
    }
    case 'map': {
      if (typeof value !== 'object' || !shape.value) return OMIT;
      const out: Record<string, Json> = {};
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
      for (const [k, v] of entries) {
        if (isSecret(shape.value, schema.shapes[shape.value.shape], undefined, side)) {
          if (side === 'request') out[String(k)] = HIDDEN;
          continue;
        }
        const c = convert(schema, shape.value, v, side, depth + 1);
        if (c !== OMIT) out[String(k)] = c;
      }
      return out;
    }
    case 'timestamp':
      return value instanceof Date ? (Number.isNaN(value.getTime()) ? null : javaDate(value)) : plain(value, depth);
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : typeof value === 'string' ? value : OMIT;
    default:
      return plain(value, depth);
  }
}

/** A value without model guidance (documents, scalars): JSON-safe copy. */
function plain(value: unknown, depth: number): Json | typeof OMIT {
  if (depth > MAX_DEPTH) return OMIT;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : javaDate(value);
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      if (Array.isArray(value)) {
        const out: Json[] = [];
        for (const v of value) {
          const c = plain(v, depth + 1);
          if (c !== OMIT) out.push(c);
        }
        return out;
      }
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(value)) {
        const c = plain(v, depth + 1);
        if (c !== OMIT) out[k] = c;
      }
      return out;
    }
    default:
      return OMIT;
  }
}
