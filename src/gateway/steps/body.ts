// Reads a request body into memory up to a limit, refusing larger bodies from Content-Length before reading
// and stopping as soon as a body without one crosses the limit, so no oversized body is ever buffered.
import type { IncomingMessage } from 'node:http';
import { commonErrors } from '../../protocol/index.js';

const EMPTY = Buffer.alloc(0);

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw commonErrors.bodyTooLarge(limit);
  // Most reads (GET, DELETE) carry no body: skip the async iteration, which costs more than the rest of the read.
  if (declared === 0 || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)) {
    req.resume();
    return EMPTY;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw commonErrors.bodyTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
