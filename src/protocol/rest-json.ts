// restJson1 (Macie2): operation by method + path template; members bound to the URI, query string, headers or the
// JSON body (keys are `locationName`s); errors as `x-amzn-ErrorType: <code>` with `{"message"}` in the body.
import type { MemberRef, ServiceSchema, Shape } from '../models/index.js';
import { decodeJson, encodeJson } from './json-codec.js';
import { formatTimestamp, parseTimestamp, shapeOf, timestampFormatOf } from './shapes.js';
import { validationError } from './shapes.js';
import { decodeUtf8Body } from './aws-json.js';
import { commonErrors } from './common-errors.js';
import { RestRouter } from './rest-router.js';
import type { Protocol, WireRequest, WireResponse } from './types.js';

const routers = new WeakMap<ServiceSchema, RestRouter>();
/** Routes a REST request by the model's templates; labels are stored on the request for parseInput. */
export function restOperationOf(schema: ServiceSchema, req: WireRequest): string {
  let router = routers.get(schema);
  if (!router) routers.set(schema, (router = new RestRouter(schema)));
  const m = router.match(req.method, req.path, req.query);
  if (!m) throw commonErrors.notFound(`${req.method} ${req.path}`);
  req.labels = m.labels;
  return m.operation;
}

const codec = { useLocationName: true, timestampFormat: 'unixTimestamp' as const };

/** Converts a string from a URI label, query parameter or header into the member's type. */
export function fromString(schema: ServiceSchema, ref: MemberRef, raw: string, location: string): unknown {
  const shape = shapeOf(schema, ref.shape);
  switch (shape.type) {
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw validationError(schema, `Value '${raw}' at '${location}' failed to satisfy constraint: Member must be a number`);
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw validationError(schema, `Value '${raw}' at '${location}' failed to satisfy constraint: Member must be a boolean`);
      return raw === 'true';
    case 'timestamp': {
      const d = parseTimestamp(raw);
      if (!d) throw validationError(schema, `Value '${raw}' at '${location}' failed to satisfy constraint: Member must be a timestamp`);
      return d;
    }
    case 'blob':
      return Buffer.from(raw, 'base64');
    default:
      return raw;
  }
}

export function toHeaderString(schema: ServiceSchema, ref: MemberRef, value: unknown): string {
  const shape = shapeOf(schema, ref.shape);
  if (shape.type === 'timestamp') return String(formatTimestamp(value as Date, timestampFormatOf(ref, shape, 'rfc822')));
  if (shape.type === 'list') return (value as unknown[]).map(String).join(', ');
  return String(value);
}

/** Binds members located in the URI, query string and headers (shared by restJson1 and restXml). */
export function bindRestLocations(schema: ServiceSchema, inputShape: Shape, req: WireRequest, out: Record<string, unknown>): void {
  for (const [name, ref] of Object.entries(inputShape.members ?? {})) {
    const loc = ref.locationName ?? name;
    const target = shapeOf(schema, ref.shape);
    if (ref.location === 'uri') {
      const v = req.labels?.[loc];
      if (v !== undefined) out[name] = fromString(schema, ref, v, name);
    } else if (ref.location === 'querystring') {
      if (target.type === 'list') {
        const all = req.query.getAll(loc);
        if (all.length) out[name] = all.map((v) => fromString(schema, target.member!, v, name));
      } else if (target.type === 'map') {
        const map: Record<string, string> = {};
        for (const [k, v] of req.query) map[k] = v;
        out[name] = map;
      } else {
        const v = req.query.get(loc);
        if (v !== null) out[name] = fromString(schema, ref, v, name);
      }
    } else if (ref.location === 'header') {
      const v = req.headers[loc.toLowerCase()];
      if (v !== undefined) {
        const s = Array.isArray(v) ? v.join(', ') : v;
        out[name] = target.type === 'list' ? s.split(',').map((x) => x.trim()) : fromString(schema, ref, s, name);
      }
    } else if (ref.location === 'headers') {
      const prefix = loc.toLowerCase();
      const map: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (k.startsWith(prefix) && v !== undefined) map[k.slice(prefix.length)] = Array.isArray(v) ? v.join(', ') : v;
      }
      if (Object.keys(map).length) out[name] = map;
    }
  }
}

export const restJson: Protocol = {
  name: 'rest-json',
  operationOf: restOperationOf,
  parseInput(schema, operation, req) {
    const op = schema.operations[operation]!;
    if (!op.input) return {};
    const inputShape = shapeOf(schema, op.input.shape);
    const out: Record<string, unknown> = {};
    if (inputShape.payload) {
      const ref = inputShape.members![inputShape.payload]!;
      const target = shapeOf(schema, ref.shape);
      if (target.type === 'structure') out[inputShape.payload] = decodeJson(schema, ref.shape, parseBody(schema, req.body), codec);
      else out[inputShape.payload] = req.bodyStream ?? req.body;
    } else if (req.body.length) {
      const raw = parseBody(schema, req.body);
      Object.assign(out, decodeJson(schema, op.input.shape, raw, codec));
    }
    bindRestLocations(schema, inputShape, req, out);
    return out;
  },
  serializeOutput(schema, operation, output, requestId): WireResponse {
    const op = schema.operations[operation]!;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
    let status = op.http.responseCode ?? 200;
    let body: unknown = {};
    if (op.output && output && typeof output === 'object') {
      const shape = shapeOf(schema, op.output.shape);
      const values = output as Record<string, unknown>;
      for (const [name, ref] of locatedMembersOf(shape)) {
        const v = values[name];
        if (v === undefined || v === null) continue;
        if (ref.location === 'header') headers[(ref.locationName ?? name).toLowerCase()] = toHeaderString(schema, ref, v);
        else if (ref.location === 'statusCode') status = Number(v);
      }
      body = shape.payload ? encodeJson(schema, shape.members![shape.payload]!.shape, values[shape.payload], codec) : encodeJson(schema, op.output.shape, output, codec);
    }
    return { status, headers, body: JSON.stringify(body ?? {}) };
  },
  serializeError(_schema, err, requestId): WireResponse {
    return {
      status: err.httpStatus,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': err.code, 'x-amzn-requestid': requestId },
      body: JSON.stringify({ message: err.message, ...err.fields }),
    };
  },
};

function parseBody(schema: ServiceSchema, body: Buffer): unknown {
  if (body.length === 0) return {};
  let raw: unknown;
  const text = decodeUtf8Body(body);
  // JSON is UTF-8: invalid bytes make the body malformed JSON, refused like any other (never replaced with U+FFFD).
  if (text === undefined) throw validationError(schema, "The request body isn't valid JSON: invalid UTF-8.");
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw validationError(schema, `The request body isn't valid JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw validationError(schema, 'The request body must be a JSON object.');
  return raw;
}

// An output's header and status-code members, found once per shape (most outputs have none; every response asks).
const locatedMembers = new WeakMap<object, [string, MemberRef][]>();
function locatedMembersOf(shape: Shape): [string, MemberRef][] {
  let found = locatedMembers.get(shape);
  if (!found) {
    found = Object.entries(shape.members ?? {}).filter(([, ref]) => ref.location === 'header' || ref.location === 'statusCode');
    locatedMembers.set(shape, found);
  }
  return found;
}
