// The whole gateway in one process for two built trees: Sift started from `<tree>/dist` in the child, driven over
// loopback by a client in the same process (32 calls in flight, keep-alive) with the gateway bench's signed
// GetMacieSession; CPU (user + system) of the whole process per call, after as many warm-up calls. The client's share
// is the same code in both trees, so differences are the server's. Alternated processes, medians (tree-ab.ts): for
// changes the two-process bench (bench/gateway.ts) cannot resolve on a loaded machine.
//   npx tsx bench/gateway-inprocess-ab.ts <treeA> <treeB> [rounds]      (SIFT_BENCH_POSTGRES=1 for PostgreSQL)
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { treeAb } from './tree-ab.js';

const creds = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'benchmarkbenchmarkbenchmarkbenchmark0000' };
let close: (() => Promise<void>) | undefined;

await treeAb({
  file: import.meta.filename,
  label: 'GetMacieSession call (server and client)',
  iterations: Number(process.env.SIFT_BENCH_CALLS ?? 4000),
  async setup(tree) {
    const { loadConfig, silentLogger } = await import(`${tree}/dist/common/index.js`);
    const { createSift } = await import(`${tree}/dist/gateway/index.js`);
    const { createTestDatabase } = await import('../src/store/test-databases.js');
    const database = process.env.SIFT_BENCH_POSTGRES ? await createTestDatabase('sift_bench_gw_inproc') : undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-inproc-'));
    const config = loadConfig(
      { host: '127.0.0.1', port: 0, dataDir, databaseUrl: database?.url, logLevel: 'silent' },
      { SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: '123456789012' },
    );
    const sift = await createSift({ config, logger: silentLogger });
    const url = new URL(await sift.listen());
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const sign = async (method: string, body?: string) =>
      (await new SignatureV4({ service: 'macie2', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({ method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/macie', headers: { host: url.host, 'content-type': 'application/json' }, body })).headers as Record<string, string>;
    const call = (method: string, headers: Record<string, string>, body?: string) =>
      new Promise<void>((resolve, reject) => {
        const r = request({ host: url.hostname, port: url.port, method, path: '/macie', headers, agent }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        });
        r.on('error', reject);
        r.end(body);
      });
    await call('POST', await sign('POST', '{}'), '{}');
    const headers = await sign('GET');
    close = async () => {
      agent.destroy();
      await sift.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    return async (n) => {
      let left = n;
      const worker = async () => {
        while (left > 0) {
          left--;
          // A kept-alive socket the server closed as idle (under valgrind the client can pause for seconds): once more.
          await call('GET', headers).catch((err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? call('GET', headers) : Promise.reject(err)));
        }
      };
      await Promise.all(Array.from({ length: 32 }, worker));
    };
  },
  teardown: () => close?.() ?? Promise.resolve(),
});
