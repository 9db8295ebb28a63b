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

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ServiceError('SerializationException', `Malformed JSON in the request body: ${(err as Error).message}`, 400);
  }
}

export const awsJson: Protocol = {
  name: 'json',
  operationOf(schema, req) {
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
