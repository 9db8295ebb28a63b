// A fixed number of requests (not a fixed time), a few in flight on keep-alive connections: for counting what a
// server executes per call, where the count must not depend on how fast the machine happens to be. Failed requests
// (a keep-alive connection the server closed while the client reused it) are counted, not retried.
import { Agent, request } from 'node:http';

export async function runCount(opts: { url: string; method: string; headers: Record<string, string>; concurrency: number; count: number; expectStatus?: number }): Promise<{ errors: number }> {
  const u = new URL(opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  let left = opts.count;
  let errors = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request({ agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method, headers: opts.headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== (opts.expectStatus ?? 200)) errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (left > 0) {
        left--;
        await one();
      }
    }),
  );
  agent.destroy();
  return { errors };
}
