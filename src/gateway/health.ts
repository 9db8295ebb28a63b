// An unauthenticated liveness probe for load balancers and `sift serve` readiness checks; it reveals nothing.
import type { IncomingMessage, ServerResponse } from 'node:http';

export function handleHealth(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url !== '/_sift/health' || req.method !== 'GET') return false;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
  return true;
}
