// awsQuery (STS, IAM, CloudWatch's query mode): form-encoded `Action=…&Version=…` with members flattened into
// dotted keys (`Tags.member.1.Key`, `Attributes.entry.1.key`), responses as
// `<OpResponse><OpResult>…</OpResult><ResponseMetadata>` and errors as `<ErrorResponse><Error>…`.
// Honours: flattened, locationName (outputs, list members, map keys/values), resultWrapper, xmlNamespace.
import type { MemberRef, ServiceSchema } from '../models/index.js';
import type { ServiceError } from '../common/errors.js';
import { formatTimestamp, shapeOf, timestampFormatOf } from './shapes.js';
import { fromString } from './rest-json.js';
import { element, escapeXml } from './xml.js';
import { commonErrors } from './common-errors.js';
import type { Protocol, WireRequest, WireResponse } from './types.js';

/** Form parameters of a query request: the body for POST, the query string for GET. */
export function queryParams(req: WireRequest): URLSearchParams {
  const ct = String(req.headers['content-type'] ?? '');
  if (req.method === 'POST' && (ct.includes('x-www-form-urlencoded') || req.body.length)) return new URLSearchParams(req.body.toString('utf8'));
  return req.query;
}

function decode(schema: ServiceSchema, ref: MemberRef, prefix: string, params: URLSearchParams, keys: string[]): unknown {
  const shape = shapeOf(schema, ref.shape);
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      let any = false;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = decode(schema, member, prefix ? `${prefix}.${name}` : name, params, keys);
        if (v !== undefined) {
          out[name] = v;
          any = true;
        }
      }
      return any || !prefix ? out : undefined;
    }
    case 'list': {
      if (params.get(prefix) === '') return [];
      const flattened = shape.flattened || ref.flattened;
      const base = flattened ? prefix : `${prefix}.${shape.member!.locationName ?? 'member'}`;
      const items: unknown[] = [];
      for (let i = 1; ; i++) {
        const key = `${base}.${i}`;
        if (!keys.some((k) => k === key || k.startsWith(key + '.'))) break;
        items.push(decode(schema, shape.member!, key, params, keys));
      }
      return items.length ? items : undefined;
    }
    case 'map': {
      const flattened = shape.flattened || ref.flattened;
      const base = flattened ? prefix : `${prefix}.entry`;
      const out: Record<string, unknown> = {};
      let any = false;
      for (let i = 1; ; i++) {
        const key = params.get(`${base}.${i}.${shape.key!.locationName ?? 'key'}`);
        if (key === null) break;
        out[key] = decode(schema, shape.value!, `${base}.${i}.${shape.value!.locationName ?? 'value'}`, params, keys);
        any = true;
      }
      return any ? out : undefined;
    }
    default: {
      const v = params.get(prefix);
      return v === null ? undefined : fromString(schema, ref, v, prefix);
    }
  }
}

export function encodeXmlValue(schema: ServiceSchema, ref: MemberRef, value: unknown, name: string): string {
  const shape = shapeOf(schema, ref.shape);
  switch (shape.type) {
    case 'structure': {
      const src = value as Record<string, unknown>;
      let inner = '';
      for (const [member, mref] of Object.entries(shape.members ?? {})) {
        const v = src[member];
        if (v === undefined || v === null) continue;
        inner += encodeXmlValue(schema, mref, v, mref.locationName ?? member);
      }
      return element(name, inner);
    }
    case 'list': {
      const items = value as unknown[];
      const memberName = shape.member!.locationName ?? 'member';
      if (shape.flattened || ref.flattened) return items.map((item) => encodeXmlValue(schema, shape.member!, item, name)).join('');
      return element(name, items.map((item) => encodeXmlValue(schema, shape.member!, item, memberName)).join(''));
    }
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>);
      const k = shape.key!.locationName ?? 'key';
      const v = shape.value!.locationName ?? 'value';
      const body = entries.map(([key, val]) => element('entry', element(k, escapeXml(key)) + encodeXmlValue(schema, shape.value!, val, v))).join('');
      return element(name, body);
    }
    case 'timestamp':
      return element(name, escapeXml(String(formatTimestamp(value as Date, timestampFormatOf(ref, shape, 'iso8601')))));
    case 'blob':
      return element(name, Buffer.from(value as Uint8Array).toString('base64'));
    default:
      return element(name, escapeXml(String(value)));
  }
}

export function queryNamespace(schema: ServiceSchema): string {
  return schema.metadata.xmlNamespace ?? `https://${schema.metadata.endpointPrefix}.amazonaws.com/doc/${schema.metadata.apiVersion}/`;
}

export function queryErrorXml(schema: ServiceSchema, err: ServiceError, requestId: string): string {
  const type = err.fault === 'server' ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${queryNamespace(schema)}"><Error><Type>${type}</Type><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

export const awsQuery: Protocol = {
  name: 'query',
  operationOf(schema, req) {
    const action = queryParams(req).get('Action');
    if (!action) throw commonErrors.missingAction();
    if (!schema.operations[action]) throw commonErrors.invalidAction(action);
    return action;
  },
  parseInput(schema, operation, req) {
    const op = schema.operations[operation]!;
    if (!op.input) return {};
    const params = queryParams(req);
    return decode(schema, op.input, '', params, [...params.keys()]);
  },
  serializeOutput(schema, operation, output, requestId): WireResponse {
    const op = schema.operations[operation]!;
    let result = '';
    if (op.output && output) {
      const inner = encodeXmlValue(schema, op.output, output, '__result__');
      result = inner.slice('<__result__>'.length, -'</__result__>'.length);
    }
    const wrapper = op.output?.resultWrapper ?? `${operation}Result`;
    const body =
      `<${operation}Response xmlns="${queryNamespace(schema)}">` +
      (op.output ? element(wrapper, result) : '') +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
  },
  serializeError(schema, err, requestId): WireResponse {
    return { status: err.httpStatus, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: queryErrorXml(schema, err, requestId) };
  },
};
