// The Sift server the gateway benches drive, started one of two ways, with the bench's root credentials and a signed
// GetMacieSession request (one signature, valid for 15 minutes, so the client does no crypto per call):
// `siftProcess` spawns `<root>/bin/sift.js serve` (node flags first); `siftInProcess` runs `<tree>/dist` in this
// process and hands back a keep-alive client for it.
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { EnableMacieCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { start } from './gateway.js';

export const benchCreds = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0000' };
const ENV = { SIFT_ROOT_ACCESS_KEY_ID: benchCreds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: benchCreds.secretAccessKey, SIFT_ACCOUNT_ID: '123456789012' };

/** SigV4 headers of a macie2 call on `/macie` at `url`. */
export async function signMacie(url: URL, method: string, body?: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: benchCreds, sha256: Sha256 });
  const signed = await signer.sign({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/macie', headers: { host: url.host, 'content-type': 'application/json' }, body });
  return signed.headers as Record<string, string>;
}

/** Sift in a child process, Macie enabled; `stop` ends it and removes its data directory. */
export async function siftProcess(root: string, nodeArgs: string[] = [], databaseUrl?: string): Promise<{ proc: ChildProcess; url: string; headers: Record<string, string>; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-'));
  const sift = await start(process.execPath, [...nodeArgs, join(root, 'bin', 'sift.js'), 'serve', '--port', '0', '--data-dir', dataDir], { ...ENV, SIFT_LOG_LEVEL: 'error', ...(databaseUrl ? { SIFT_DATABASE_URL: databaseUrl } : {}) }, /AWS_ENDPOINT_URL=(\S+)/);
  const url = sift.match[1]!;
  await new Macie2Client({ endpoint: url, region: 'us-east-1', credentials: benchCreds }).send(new EnableMacieCommand({}));
  return {
    proc: sift.proc,
    url,
    headers: await signMacie(new URL(url), 'GET'),
    async stop() {
      sift.proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sift from `<tree>/dist` in this process, Macie enabled; `getSessions(n)` makes n GetMacieSession calls, 32 in flight. */
export async function siftInProcess(tree: string, databaseUrl?: string): Promise<{ getSessions(n: number): Promise<void>; close(): Promise<void> }> {
  const { loadConfig, silentLogger } = await import(`${tree}/dist/common/index.js`);
  const { createSift } = await import(`${tree}/dist/gateway/index.js`);
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-inproc-'));
  const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, databaseUrl, logLevel: 'silent' }, ENV);
  const sift = await createSift({ config, logger: silentLogger });
  const url = new URL(await sift.listen());
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const call = (method: string, headers: Record<string, string>, body?: string) =>
    new Promise<void>((resolve, reject) => {
      const r = request({ host: url.hostname, port: url.port, method, path: '/macie', headers, agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
      });
      r.on('error', reject);
      r.end(body);
    });
  await call('POST', await signMacie(url, 'POST', '{}'), '{}');
  const headers = await signMacie(url, 'GET');
  return {
    async getSessions(n) {
      let left = n;
      const worker = async () => {
        while (left > 0) {
          left--;
          // A kept-alive socket the server closed as idle (under valgrind the client can pause for seconds): once more.
          await call('GET', headers).catch((err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? call('GET', headers) : Promise.reject(err)));
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));
    },
    async close() {
      agent.destroy();
      await sift.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
