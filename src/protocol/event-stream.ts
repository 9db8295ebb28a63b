// The AWS event stream framing (application/vnd.amazon.eventstream) for an output member modelled with the
// `eventstream` trait: each event is one message — prelude (total length, headers length, prelude CRC32), string
// headers (:message-type, :event-type, :content-type), the payload, and a CRC32 of the whole message. The provider
// yields events as `{ MemberName: eventValue }`; a ServiceError thrown mid-stream becomes an error message
// (:error-code, :error-message), which is how a service reports a failure after the 200 has gone out.
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ServiceError } from '../common/errors.js';
import type { MemberRef, ServiceSchema, Shape } from '../models/index.js';
import { shapeOf } from './shapes.js';

/** The protocol's encoder for a structured event payload (restXml passes its XML encoder). */
export type PayloadEncoder = (ref: MemberRef, value: unknown) => string;

const STRING_HEADER = 7;

function encodeHeaders(headers: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const head = Buffer.alloc(1 + n.length + 1 + 2);
    head.writeUInt8(n.length, 0);
    n.copy(head, 1);
    head.writeUInt8(STRING_HEADER, 1 + n.length);
    head.writeUInt16BE(v.length, 2 + n.length);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

/** One framed message. */
export function encodeEventMessage(headers: Record<string, string>, payload: Buffer = Buffer.alloc(0)): Buffer {
  const h = encodeHeaders(headers);
  const total = 12 + h.length + payload.length + 4;
  const msg = Buffer.alloc(total);
  msg.writeUInt32BE(total, 0);
  msg.writeUInt32BE(h.length, 4);
  msg.writeUInt32BE(crc32(msg.subarray(0, 8)), 8);
  h.copy(msg, 12);
  payload.copy(msg, 12 + h.length);
  msg.writeUInt32BE(crc32(msg.subarray(0, total - 4)), total - 4);
  return msg;
}

/** The message for one event `{ Name: value }` of an event stream shape (restXml: structured payloads are XML). */
function encodeEvent(schema: ServiceSchema, stream: Shape, event: Record<string, unknown>, encodePayload: PayloadEncoder): Buffer {
  const [name, value] = Object.entries(event).find(([, v]) => v !== undefined) ?? [];
  const ref = name !== undefined ? stream.members?.[name] : undefined;
  if (!name || !ref) throw new Error(`not an event of this stream: ${Object.keys(event).join(',')}`);
  const eventShape = shapeOf(schema, ref.shape);
  const headers: Record<string, string> = { ':event-type': name, ':message-type': 'event' };
  const [payloadName, payloadRef] = Object.entries(eventShape.members ?? {}).find(([, m]) => m.eventpayload) ?? [];
  const v = payloadName !== undefined ? (value as Record<string, unknown>)[payloadName] : undefined;
  if (!payloadRef || v === undefined) return encodeEventMessage(headers);
  const target = shapeOf(schema, payloadRef.shape);
  if (target.type === 'blob') return encodeEventMessage({ ...headers, ':content-type': 'application/octet-stream' }, Buffer.from(v as Buffer));
  if (target.type === 'string') return encodeEventMessage({ ...headers, ':content-type': 'text/plain' }, Buffer.from(String(v), 'utf8'));
  return encodeEventMessage({ ...headers, ':content-type': 'text/xml' }, Buffer.from(encodePayload(payloadRef, v), 'utf8'));
}

/** The wire body for an event stream: the events in order, and an error message if the source fails midway. */
export function eventStreamBody(schema: ServiceSchema, stream: Shape, events: AsyncIterable<Record<string, unknown>>, encodePayload: PayloadEncoder): Readable {
  async function* frames(): AsyncGenerator<Buffer> {
    try {
      for await (const event of events) yield encodeEvent(schema, stream, event, encodePayload);
    } catch (err) {
      const e = err instanceof ServiceError ? err : new ServiceError('InternalError', 'We encountered an internal error. Please try again.', 500, 'server');
      yield encodeEventMessage({ ':error-code': e.code, ':error-message': e.message, ':message-type': 'error' });
    }
  }
  return Readable.from(frames(), { objectMode: false });
}
