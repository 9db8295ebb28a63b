// awsJson1_0 and awsJson1_1 (CloudWatch Logs, CloudTrail, CloudWatch's JSON mode): POST /, operation in
// X-Amz-Target, member names as JSON keys, errors as `{"__type": code, "message"}`. For services marked
// awsQueryCompatible (CloudWatch) the query error code also goes in `x-amzn-query-error`, as the SDKs expect.
import type { ServiceSchema } from '../models/index.js';
import { ServiceError } from '../common/errors.js';
import { decodeJson, encodeJson } from './json-codec.js';
import { commonErrors } from './common-errors.js';
import type { Protocol, WireRequest, WireResponse } from './types.js';

const codec = { useLocationName: false, timestampFormat: 'unixTimestamp' as const };

function contentType(schema: ServiceSchema): string {
  return `application/x-amz-json-${schema.metadata.jsonVersion ?? '1.1'}`;
}

/** SDKs send either the model's full target prefix or its last segment (CloudTrail: `CloudTrail_20131101`). */
function targetPrefixMatches(schema: ServiceSchema, prefix: string): boolean {
  const full = schema.metadata.targetPrefix ?? '';
  return prefix === full || prefix === full.slice(full.lastIndexOf('.') + 1);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; JSON is UTF-8 (RFC 8259), so bytes that are not are refused, never replaced with U+FFFD. */
export function decodeUtf8Body(body: Buffer): string | undefined {
  try {
    return strictUtf8.decode(body);
  } catch {
    return undefined;
  }
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  const text = decodeUtf8Body(body);
  if (text === undefined) throw new ServiceError('SerializationException', 'Invalid UTF-8 in the request body.', 400);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ServiceError('SerializationException', `Malformed JSON in the request body: ${(err as Error).message}`, 400);
  }
}

/**
 * The media types a JSON-protocol request may carry. AWS's JSON services read only JSON bodies: anything else (a
 * `text/plain` body, a form) is not a request for any of their operations, so it is refused as an unknown operation
 * before anything is parsed. A request without a Content-Type is read as JSON (the SDKs always send one).
 */
const JSON_MEDIA_TYPES = new Set(['application/x-amz-json-1.0', 'application/x-amz-json-1.1', 'application/json']);

export function isJsonContentType(header: string | string[] | undefined): boolean {
  if (header === undefined || header === '') return true;
  const type = String(header).split(';', 1)[0]!.trim().toLowerCase();
  return JSON_MEDIA_TYPES.has(type);
}

export const awsJson: Protocol = {
  name: 'json',
  operationOf(schema, req) {
    if (!isJsonContentType(req.headers['content-type'])) {
      throw commonErrors.unknownOperation(`for Content-Type ${String(req.headers['content-type']).split(';', 1)[0]!.trim()}`);
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    const op = target.slice(dot + 1);
    if (dot < 0 || !targetPrefixMatches(schema, prefix) || !schema.operations[op]) throw commonErrors.unknownOperation(target || '(no X-Amz-Target)');
    return op;
  },
  parseInput(schema, operation, req: WireRequest) {
    const op = schema.operations[operation]!;
    const raw = parseJsonBody(req.body);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ServiceError('SerializationException', 'The request body must be a JSON object.', 400);
    }
    return op.input ? decodeJson(schema, op.input.shape, raw, codec) : {};
  },
  serializeOutput(schema, operation, output, requestId): WireResponse {
    const op = schema.operations[operation]!;
    const body = op.output && output ? encodeJson(schema, op.output.shape, output, codec) : {};
    return {
      status: 200,
      headers: { 'content-type': contentType(schema), 'x-amzn-requestid': requestId },
      body: JSON.stringify(body ?? {}),
    };
  },
  serializeError(schema, err, requestId): WireResponse {
    const headers: Record<string, string> = { 'content-type': contentType(schema), 'x-amzn-requestid': requestId };
    if (schema.metadata.awsQueryCompatible) headers['x-amzn-query-error'] = `${err.code};${err.fault === 'server' ? 'Receiver' : 'Sender'}`;
    const type = schema.metadata.awsQueryCompatible ? err.shape : err.code;
    return { status: err.httpStatus, headers, body: JSON.stringify({ __type: type, message: err.message, ...err.fields }) };
  },
};
