// Test helper (SDK as oracle): drives the real @aws-sdk/client-s3 through a request handler that hands each request
// to restXml, lets a test answer the typed input, and returns our serialized response to the client's deserializer.
// Nothing touches the network.
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { schema as s3Schema } from '../models/s3/index.js';
import { ServiceError } from '../common/errors.js';
import { restXml } from './rest-xml.js';
import type { WireRequest, WireResponse } from './types.js';

export interface Captured {
  operation: string;
  input: Record<string, unknown>;
  wire: WireRequest;
  response?: WireResponse;
}

export type Answer = (operation: string, input: Record<string, unknown>, wire: WireRequest) => unknown | Promise<unknown>;

interface SdkHttpRequest {
  method: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof (body as Readable).pipe === 'function' || Symbol.asyncIterator in (body as object)) {
    const parts: Buffer[] = [];
    for await (const c of body as AsyncIterable<Uint8Array | string>) parts.push(Buffer.from(c));
    return Buffer.concat(parts);
  }
  throw new Error(`unexpected body ${typeof body}`);
}

export function toWireRequest(req: SdkHttpRequest, body: Buffer, streaming: boolean): WireRequest {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (Array.isArray(v)) v.forEach((x) => query.append(k, x));
    else query.append(k, v ?? '');
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers.host = req.port ? `${req.hostname}:${req.port}` : req.hostname;
  const rawQuery = [...query].map(([k, v]) => (v === '' && req.query?.[k] === null ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&');
  return {
    method: req.method,
    path: req.path,
    rawQuery,
    query,
    headers,
    body: streaming ? Buffer.alloc(0) : body,
    bodyStream: streaming ? Readable.from([body]) : undefined,
  };
}

/** An S3 client whose every request is parsed by restXml and answered by `answer`. */
export function oracleClient(answer: Answer, captured: Captured[] = [], options: { forcePathStyle?: boolean; endpoint?: string } = {}): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: options.endpoint ?? 'http://localhost:4566',
    forcePathStyle: options.forcePathStyle ?? true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: SdkHttpRequest) {
        const body = await bodyBytes(request.body);
        const probe = toWireRequest(request, body, false);
        const requestId = 'REQ123';
        let res: WireResponse;
        let entry: Captured | undefined;
        try {
          const operation = restXml.operationOf(s3Schema, probe);
          const streaming = restXml.streamsInput!(s3Schema, operation);
          const wire = streaming ? { ...toWireRequest(request, body, true), labels: probe.labels, path: probe.path } : probe;
          const input = (await restXml.parseInput(s3Schema, operation, wire)) as Record<string, unknown>;
          entry = { operation, input, wire };
          captured.push(entry);
          const output = await answer(operation, input, wire);
          res = restXml.serializeOutput(s3Schema, operation, output, requestId);
        } catch (err) {
          if (!(err instanceof ServiceError)) throw err;
          res = restXml.serializeError(s3Schema, err, requestId);
        }
        if (entry) entry.response = res;
        const out = res.body;
        const stream = out === undefined ? Readable.from([]) : typeof out === 'string' || Buffer.isBuffer(out) ? Readable.from([Buffer.from(out)]) : out;
        return { response: { statusCode: res.status, headers: res.headers, body: request.method === 'HEAD' ? Readable.from([]) : stream } };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    } as never,
  });
}

export async function readAll(stream: unknown): Promise<Buffer> {
  return bodyBytes(stream);
}
