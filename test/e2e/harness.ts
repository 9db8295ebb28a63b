// Starts a real Sift server on a free port with a fresh data directory, for end-to-end tests that drive it with
// the real AWS SDK clients and the aws CLI. Set SIFT_TEST_DATABASE_URL=postgres://… to run against PostgreSQL
// (each server gets a database of its own, dropped on close).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, silentLogger, type Clock, type Logger } from '../../src/common/index.js';
import { createSift, type Sift } from '../../src/gateway/index.js';
import { createTestDatabase } from '../../src/store/test-databases.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TestServer {
  sift: Sift;
  endpoint: string;
  region: string;
  accountId: string;
  /** The server's data directory (with the SQLite database unless SIFT_TEST_DATABASE_URL is set). */
  dataDir: string;
  root: Credentials;
  /** Options for any @aws-sdk/client-* constructor. */
  clientConfig(creds?: Credentials, region?: string): { endpoint: string; region: string; credentials: Credentials; forcePathStyle: boolean; maxAttempts: number };
  /** Environment for running the aws CLI against this server. */
  cliEnv(creds?: Credentials): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startServer(options: { clock?: Clock; env?: Record<string, string>; logger?: Logger } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sift-e2e-'));
  // SIFT_TEST_DATABASE_URL set: this server keeps its state in a PostgreSQL database of its own.
  const database = process.env.SIFT_TEST_DATABASE_URL ? await createTestDatabase('sift_e2e') : undefined;
  const databaseUrl = database?.url;
  const config = loadConfig({ host: '127.0.0.1', port: 0, dataDir, databaseUrl, logLevel: 'silent' }, { ...options.env });
  const sift = await createSift({ config, clock: options.clock, logger: options.logger ?? silentLogger });
  const endpoint = await sift.listen();
  const root = { accessKeyId: sift.root.accessKeyId, secretAccessKey: sift.root.secretAccessKey };
  const region = config.region;
  return {
    sift,
    endpoint,
    region,
    accountId: sift.root.accountId,
    dataDir,
    root,
    clientConfig: (creds = root, r = region) => ({ endpoint, region: r, credentials: creds, forcePathStyle: true, maxAttempts: 1 }),
    cliEnv: (creds = root) => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
      AWS_DEFAULT_REGION: region,
      AWS_REGION: region,
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    }),
    async close() {
      await sift.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** How an SDK call that must fail was refused (error name, message, HTTP status); throws if it succeeded. */
export async function refused(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to be refused');
}
