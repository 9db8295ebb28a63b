// The model walker shared by every protocol: validates decoded input against the model's constraints
// (required, type, enum, length, range, pattern) and converts timestamps and blobs between wire and typed values.
// Honours the traits: required, min, max, enum, pattern, timestampFormat, document, union.
import type { MemberRef, ServiceSchema, Shape } from '../models/index.js';
import { ServiceError } from '../common/errors.js';
import { isoTrimmedZeroMillis } from '../common/iso-time.js';

export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

export function shapeOf(schema: ServiceSchema, name: string): Shape {
  const shape = schema.shapes[name];
  if (!shape) throw new Error(`model has no shape ${name}`);
  return shape;
}

const patternCache = new Map<string, RegExp | null>();
/**
 * Services whose front end matches a model pattern against the whole value (Java's `matches`), though Smithy patterns
 * are not anchored: CloudWatch Logs refuses `arn:…:log-group:name:*` as a logGroupIdentifier with the pattern message.
 */
const WHOLE_VALUE_PATTERNS = new Set(['logs']);
function compilePattern(pattern: string, whole = false): RegExp | null {
  const key = whole ? `^(?:${pattern})$` : pattern;
  let re = patternCache.get(key);
  if (re !== undefined) return re;
  try {
    re = new RegExp(key, 'u');
  } catch {
    try {
      re = new RegExp(key);
    } catch {
      re = null; // a Java-only construct: the model's pattern cannot be checked in JS, so it is not enforced
    }
  }
  patternCache.set(key, re);
  return re;
}

/** A violated constraint, worded as AWS's Coral validation messages. */
export interface Violation {
  path: string;
  message: string;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `'${value.length > 100 ? value.slice(0, 100) + '…' : value}'`;
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (typeof value === 'object') return Array.isArray(value) ? '[…]' : '{…}';
  return `'${String(value)}'`;
}

/** Walks `value` as an instance of `shapeName` and returns every violated constraint (empty when valid). */
export function validate(schema: ServiceSchema, shapeName: string, value: unknown, path = '', out: Violation[] = []): Violation[] {
  const shape = shapeOf(schema, shapeName);
  const fail = (constraint: string) =>
    out.push({ path, message: `Value ${shape.sensitive ? '***' : describe(value)} at '${path}' failed to satisfy constraint: ${constraint}` });
  if (value === undefined || value === null) return out;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return out;
      if (typeof value !== 'object' || Array.isArray(value)) {
        fail('Member must be a structure');
        return out;
      }
      const obj = value as Record<string, unknown>;
      for (const req of shape.required ?? []) {
        if (obj[req] === undefined || obj[req] === null) {
          out.push({ path: join(path, req), message: `Value null at '${join(path, req)}' failed to satisfy constraint: Member must not be null` });
        }
      }
      for (const [name, ref] of membersOf(shape)) {
        if (obj[name] !== undefined) validate(schema, ref.shape, obj[name], join(path, name), out);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        fail('Member must be a list');
        return out;
      }
      checkLength(shape, value.length, fail);
      value.forEach((item, i) => validate(schema, shape.member!.shape, item, `${path}.${i + 1}.member`, out));
      return out;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        fail('Member must be a map');
        return out;
      }
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(shape, entries.length, fail);
      for (const [k, v] of entries) {
        validate(schema, shape.key!.shape, k, `${path}.${k}.key`, out);
        validate(schema, shape.value!.shape, v, `${path}.${k}.value`, out);
      }
      return out;
    }
    case 'string': {
      if (typeof value !== 'string') {
        fail('Member must be a string');
        return out;
      }
      if (shape.enum && !shape.enum.includes(value)) fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      checkLength(shape, codePointLength(value), fail);
      if (shape.pattern) {
        const re = compilePattern(shape.pattern, WHOLE_VALUE_PATTERNS.has(schema.metadata.endpointPrefix));
        if (re && !re.test(value)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return out;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number' || Number.isNaN(value)) {
        fail('Member must be a number');
        return out;
      }
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) fail('Member must be an integer');
      if (shape.min !== undefined && value < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
      return out;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail('Member must be a boolean');
      return out;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail('Member must be a timestamp');
      return out;
    case 'blob':
      if (!(value instanceof Uint8Array) && !isStream(value)) fail('Member must be a blob');
      else if (value instanceof Uint8Array) checkLength(shape, value.length, fail);
      return out;
    default:
      return out;
  }
}

function isStream(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function';
}

function checkLength(shape: Shape, length: number, fail: (c: string) => void) {
  if (shape.min !== undefined && length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

const memberLists = new WeakMap<Shape, ReadonlyArray<readonly [string, MemberRef]>>();
/** A structure's members as [name, ref] pairs, listed once per shape (not once per value walked). */
export function membersOf(shape: Shape): ReadonlyArray<readonly [string, MemberRef]> {
  let list = memberLists.get(shape);
  if (!list) {
    list = Object.entries(shape.members ?? {});
    memberLists.set(shape, list);
  }
  return list;
}

/** The length of `s` in code points, as `[...s].length` counts it (a lone surrogate counts as one), without the array. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function lengthConforms(shape: Shape, length: number): boolean {
  return (shape.min === undefined || length >= shape.min) && (shape.max === undefined || length <= shape.max);
}

/** A string's length bounds; its code points lie between ceil(length / 2) and length, so most need no counting. */
function stringLengthConforms(shape: Shape, s: string): boolean {
  if (shape.min === undefined && shape.max === undefined) return true;
  if ((shape.min === undefined || shape.min <= Math.ceil(s.length / 2)) && (shape.max === undefined || s.length <= shape.max)) return true;
  return lengthConforms(shape, codePointLength(s));
}

/**
 * Whether `validate` would find no violation, without building paths or messages: the hot path for valid input
 * (a PutLogEvents call walks 10,000 events). Checks exactly what `validate` checks; `validate` runs only when this
 * says no, to word the errors.
 */
export function conforms(schema: ServiceSchema, shape: Shape, value: unknown, whole: boolean): boolean {
  if (value === undefined || value === null) return true;
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return true;
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      const obj = value as Record<string, unknown>;
      if (shape.required) for (const req of shape.required) if (obj[req] === undefined || obj[req] === null) return false;
      for (const [name, ref] of membersOf(shape)) {
        const v = obj[name];
        if (v !== undefined && !conforms(schema, shapeOf(schema, ref.shape), v, whole)) return false;
      }
      return true;
    }
    case 'list': {
      if (!Array.isArray(value) || !lengthConforms(shape, value.length)) return false;
      const item = shapeOf(schema, shape.member!.shape);
      for (let i = 0; i < value.length; i++) if (!conforms(schema, item, value[i], whole)) return false;
      return true;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      const entries = Object.entries(value as Record<string, unknown>);
      if (!lengthConforms(shape, entries.length)) return false;
      const key = shapeOf(schema, shape.key!.shape);
      const val = shapeOf(schema, shape.value!.shape);
      for (const [k, v] of entries) if (!conforms(schema, key, k, whole) || !conforms(schema, val, v, whole)) return false;
      return true;
    }
    case 'string': {
      if (typeof value !== 'string') return false;
      if (shape.enum && !shape.enum.includes(value)) return false;
      if (!stringLengthConforms(shape, value)) return false;
      if (shape.pattern) {
        const re = compilePattern(shape.pattern, whole);
        if (re && !re.test(value)) return false;
      }
      return true;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      if (typeof value !== 'number' || Number.isNaN(value)) return false;
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) return false;
      return (shape.min === undefined || value >= shape.min) && (shape.max === undefined || value <= shape.max);
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'blob':
      if (value instanceof Uint8Array) return lengthConforms(shape, value.length);
      return isStream(value);
    default:
      return true;
  }
}

/** Coral's summary line: "1 validation error detected: …; …" (AWS lists at most the first few). */
export function violationMessage(violations: Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.slice(0, 10).map((v) => v.message).join('; ')}`;
}

const VALIDATION_ERRORS = ['ValidationException', 'InvalidParameterException', 'InvalidParameterValueException'];
/**
 * Services whose front end answers constraint violations with another modelled error than ValidationException,
 * though their model also declares one (for newer operations): CloudWatch Logs answers InvalidParameterException
 * ("1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: …").
 */
const VALIDATION_ERRORS_BY_SERVICE: Record<string, string[]> = { logs: ['InvalidParameterException', 'ValidationException'] };

/** The modelled error each service uses for constraint violations, or the generic one for its protocol family. */
export function validationErrorCode(schema: ServiceSchema): { code: string; status: number } {
  for (const name of VALIDATION_ERRORS_BY_SERVICE[schema.metadata.endpointPrefix] ?? VALIDATION_ERRORS) {
    const shape = schema.shapes[name];
    if (shape?.exception) return { code: shape.error?.code ?? name, status: shape.error?.httpStatusCode ?? 400 };
  }
  return { code: 'ValidationError', status: 400 };
}

export function validationError(schema: ServiceSchema, message: string): ServiceError {
  const { code, status } = validationErrorCode(schema);
  return new ServiceError(code, message, status, 'client');
}

/** Validates an operation's decoded input; throws the service's validation error listing every violation. */
export function assertValidInput(schema: ServiceSchema, inputShape: string | undefined, input: unknown): void {
  if (!inputShape) return;
  if (conforms(schema, shapeOf(schema, inputShape), input, WHOLE_VALUE_PATTERNS.has(schema.metadata.endpointPrefix))) return;
  const violations = validate(schema, inputShape, input);
  if (violations.length) throw validationError(schema, violationMessage(violations));
}

// ---- timestamps ----

export function formatTimestamp(date: Date, format: TimestampFormat): string | number {
  switch (format) {
    case 'unixTimestamp':
      return Math.round(date.getTime()) / 1000;
    case 'rfc822':
      return date.toUTCString();
    default:
      return isoTrimmedZeroMillis(date);
  }
}

export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000);
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

export function timestampFormatOf(ref: MemberRef | undefined, shape: Shape, fallback: TimestampFormat): TimestampFormat {
  return (ref?.timestampFormat ?? shape.timestampFormat ?? fallback) as TimestampFormat;
}
