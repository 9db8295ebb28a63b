import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3Client, externalStorage } from './external.js';
import { isStorageError } from './errors.js';

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.forEach((s) => s.destroy());
  await new Promise((r) => server?.close(r));
});

describe('an external endpoint that never answers', () => {
  it('fails as Unavailable after the idle timeout instead of hanging', async () => {
    // Accepts connections and reads the request, but never writes an answer.
    server = createServer((s) => void sockets.push(s.on('data', () => undefined)));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const ep = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', forcePathStyle: true };
    const storage = externalStorage(ep, createS3Client(ep, { connectionTimeoutMs: 500, idleTimeoutMs: 150 }));
    const started = Date.now();
    const err = await storage.getBucketConfiguration('silent').catch((e: unknown) => e);
    expect(isStorageError(err) && err.reason).toBe('Unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
