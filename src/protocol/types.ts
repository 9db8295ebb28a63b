// The protocol layer's view of an HTTP exchange: raw bytes in, wire response out. Nothing here knows a service.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ServiceSchema } from '../models/index.js';
import type { ServiceError } from '../common/errors.js';

export interface WireRequest {
  method: string;
  /** Raw path, still percent-encoded, without the query string. */
  path: string;
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The whole body, for APIs whose bodies are small documents (JSON, query, XML configuration). */
  body: Buffer;
  /** For streaming payloads (S3 objects) the body is not buffered: the decoded stream is here instead. */
  bodyStream?: Readable;
  /** REST labels matched from the path. */
  labels?: Record<string, string>;
  /** The verified SigV4 signature, for protocols that must check the payload themselves (S3 aws-chunked bodies). */
  auth?: RequestAuth;
}

export interface RequestAuth {
  accessKeyId: string;
  region: string;
  service: string;
  signingDate: Date;
  /** x-amz-content-sha256 as sent (a hex hash, UNSIGNED-PAYLOAD, STREAMING-…), or the body hash for other APIs. */
  payloadHash: string;
  seedSignature: string;
  signingKey: Buffer;
  presigned: boolean;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string | Readable;
}

export type ProtocolName = 'json' | 'rest-json' | 'query' | 'rest-xml' | 'smithy-rpc-v2-cbor';

export interface Protocol {
  name: ProtocolName;
  /** Names the operation a request calls; throws the protocol's unknown-operation error. */
  operationOf(schema: ServiceSchema, req: WireRequest): string;
  /** Decodes the operation's input from the request (not yet validated). */
  parseInput(schema: ServiceSchema, operation: string, req: WireRequest): unknown;
  /** True when the operation's request payload streams (the gateway then leaves the body unread in bodyStream). */
  streamsInput?(schema: ServiceSchema, operation: string): boolean;
  serializeOutput(schema: ServiceSchema, operation: string, output: unknown, requestId: string): WireResponse;
  serializeError(schema: ServiceSchema, err: ServiceError, requestId: string): WireResponse;
}
