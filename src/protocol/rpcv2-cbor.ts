// Smithy RPC v2 CBOR (CloudWatch's newest protocol): `POST /service/<ServiceName>/operation/<Operation>` with the
// `smithy-protocol: rpc-v2-cbor` header and the input structure as one CBOR map keyed by member names. Timestamps
// travel as CBOR tag 1 (epoch seconds, integer or float), blobs as byte strings, numbers as CBOR integers or floats.
// Responses carry `smithy-protocol: rpc-v2-cbor` and `Content-Type: application/cbor`; errors are a CBOR map with
// `__type` (the error's shape id), `message` and the error's members, under the error's HTTP status (the model's
// httpStatusCode, else 400 for client and 500 for server faults). For awsQueryCompatible services the query error
// code also goes in `x-amzn-query-error: <Code>;<Sender|Receiver>`, as with awsJson.
// Honours the traits: timestamp and blob types (no timestampFormat: RPC v2 has one encoding), document, required
// (through the shared validator, which runs after decoding).
import { Decoder, Encoder } from 'cbor-x';
import type { ServiceSchema } from '../models/index.js';
import { ServiceError } from '../common/errors.js';
import { shapeOf } from './shapes.js';
import { commonErrors } from './common-errors.js';
import type { Protocol, WireRequest, WireResponse } from './types.js';

export const CBOR_CONTENT_TYPE = 'application/cbor';
export const SMITHY_PROTOCOL = 'rpc-v2-cbor';

// Plain CBOR both ways: no cbor-x record extension, maps as objects, byte strings untagged, 64-bit integers as numbers.
const cborOptions = {
  useRecords: false,
  mapsAsObjects: true,
  tagUint8Array: false,
  useTag259ForMaps: false,
  int64AsNumber: true,
  variableMapSize: true,
} as const;
const encoder = new Encoder(cborOptions);
const decoder = new Decoder(cborOptions);

const PATH = /\/service\/([^/]+)\/operation\/([^/?]+)$/;

/** The Smithy namespace of a service's shapes, as the SDKs key their error registries (`com.amazonaws.cloudwatch`). */
export function smithyNamespace(schema: ServiceSchema): string {
  return `com.amazonaws.${schema.metadata.serviceId.toLowerCase().replace(/\s+/g, '')}`;
}

/** The Smithy service shape name that appears in the path (`GraniteServiceVersion20100801` for CloudWatch). */
function serviceName(schema: ServiceSchema): string | undefined {
  return schema.metadata.targetPrefix;
}

export function decodeCborBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return decoder.decode(body);
  } catch (err) {
    throw new ServiceError('SerializationException', `Malformed CBOR in the request body: ${(err as Error).message}`, 400);
  }
}

export function encodeCbor(value: unknown): Buffer {
  return encoder.encode(value);
}

function toNumber(raw: unknown): unknown {
  if (typeof raw === 'bigint') return Number(raw);
  return raw;
}

function toDate(raw: unknown): unknown {
  if (raw instanceof Date) return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Date(raw * 1000);
  if (typeof raw === 'bigint') return new Date(Number(raw) * 1000);
  // A tag cbor-x does not interpret natively still arrives as { tag, value }.
  if (raw && typeof raw === 'object' && (raw as { tag?: unknown }).tag === 1) return toDate((raw as { value: unknown }).value);
  return raw;
}

/** Decodes a CBOR value into the shape's typed value; values of the wrong type pass through for validation to report. */
export function decodeCborValue(schema: ServiceSchema, shapeName: string, raw: unknown): unknown {
  if (raw === null || raw === undefined) return undefined;
  const shape = shapeOf(schema, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (shape.document || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array || raw instanceof Date) return raw;
      const src = raw as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (!Object.prototype.hasOwnProperty.call(src, name)) continue;
        const v = decodeCborValue(schema, ref.shape, src[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(raw) ? raw.map((item) => decodeCborValue(schema, shape.member!.shape, item)) : raw;
    case 'map': {
      if (typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) return raw;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = decodeCborValue(schema, shape.value!.shape, v);
      return out;
    }
    case 'timestamp':
      return toDate(raw);
    case 'blob':
      return raw instanceof Uint8Array ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) : raw;
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return toNumber(raw);
    default:
      return raw;
  }
}

/** Encodes a typed value of the shape into the plain value cbor-x writes (Dates become tag 1, bytes byte strings). */
export function encodeCborValue(schema: ServiceSchema, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapeOf(schema, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return value;
      const src = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = encodeCborValue(schema, ref.shape, src[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => encodeCborValue(schema, shape.member!.shape, item) ?? null);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const enc = encodeCborValue(schema, shape.value!.shape, v);
        if (enc !== undefined) out[k] = enc;
      }
      return out;
    }
    case 'timestamp':
      return value instanceof Date ? value : new Date(value as string | number);
    case 'blob':
      return Buffer.from(value as Uint8Array);
    default:
      return value;
  }
}

const shapeByCode = new WeakMap<ServiceSchema, Map<string, string>>();

/** The model's shape name for an error (errors raised by code alone, like validation failures, are looked up). */
function errorShapeName(schema: ServiceSchema, err: ServiceError): string {
  if (schema.shapes[err.shape]?.exception) return err.shape;
  let byCode = shapeByCode.get(schema);
  if (!byCode) {
    byCode = new Map();
    for (const [name, shape] of Object.entries(schema.shapes)) {
      const code = shape.exception ? (shape.error?.code ?? name) : undefined;
      if (code && (code === name || !byCode.has(code))) byCode.set(code, name);
    }
    shapeByCode.set(schema, byCode);
  }
  return byCode.get(err.code) ?? err.code;
}

function responseHeaders(requestId: string): Record<string, string> {
  return { 'content-type': CBOR_CONTENT_TYPE, 'smithy-protocol': SMITHY_PROTOCOL, 'x-amzn-requestid': requestId };
}

export const rpcV2Cbor: Protocol = {
  name: 'smithy-rpc-v2-cbor',
  operationOf(schema, req) {
    const match = PATH.exec(req.path);
    if (!match || req.method !== 'POST') throw commonErrors.unknownOperation(`${req.method} ${req.path}`);
    const [, service, operation] = match;
    const expected = serviceName(schema);
    if ((expected && service !== expected) || !schema.operations[operation!]) throw commonErrors.unknownOperation(`${service}.${operation}`);
    const declared = req.headers['smithy-protocol'];
    if (declared !== undefined && declared !== SMITHY_PROTOCOL) {
      throw new ServiceError('SerializationException', `Unsupported smithy-protocol header: ${String(declared)}`, 400);
    }
    return operation!;
  },
  parseInput(schema, operation, req: WireRequest) {
    const op = schema.operations[operation]!;
    const raw = decodeCborBody(req.body);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array || raw instanceof Date) {
      throw new ServiceError('SerializationException', 'The request body must be a CBOR map.', 400);
    }
    return op.input ? decodeCborValue(schema, op.input.shape, raw) : {};
  },
  serializeOutput(schema, operation, output, requestId): WireResponse {
    const op = schema.operations[operation]!;
    const body = op.output && output ? encodeCborValue(schema, op.output.shape, output) : {};
    return { status: 200, headers: responseHeaders(requestId), body: encodeCbor(body ?? {}) };
  },
  serializeError(schema, err, requestId): WireResponse {
    const headers = responseHeaders(requestId);
    if (schema.metadata.awsQueryCompatible) headers['x-amzn-query-error'] = `${err.code};${err.fault === 'server' ? 'Receiver' : 'Sender'}`;
    const shape = errorShapeName(schema, err);
    const body = { __type: `${smithyNamespace(schema)}#${shape}`, message: err.message, ...err.fields };
    return { status: err.httpStatus, headers, body: encodeCbor(body) };
  },
};
