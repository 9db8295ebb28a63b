// `sift serve` from the TypeScript sources in a child process whose stderr (the JSON log) the test reads, for the
// operations tests: probes, metrics, request ids in the log, SIGTERM drain and kill -9. With SIFT_TEST_DATABASE_URL
// set, the server keeps its state in a PostgreSQL database of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { startChild, type ChildServer } from '../child-server.js';
import { createTestDatabase } from '../../../src/store/test-databases.js';
import { openStore, type Store } from '../../../src/store/index.js';

const entry = resolve(import.meta.dirname, '..', 'sift-main.ts');

export const ROOT = { accessKeyId: 'AKIAOPERATIONSTEST01', secretAccessKey: 'operationstestoperationstestoperations00' };
export const ACCOUNT = '111122223333';

export interface ServeProcess {
  endpoint: string;
  proc: ChildProcess;
  /** Every JSON line the server wrote to stderr so far. */
  lines: Array<Record<string, unknown>>;
  /** Resolves with the first log line (past or future) matching `pred`. */
  waitForLine(pred: (l: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** A data directory plus, under SIFT_TEST_DATABASE_URL, a PostgreSQL database; `store()` opens it from the test. */
export async function serverState(dataDir: string): Promise<{ env: Record<string, string>; store(): Promise<Store>; drop(): Promise<void> }> {
  const database = process.env.SIFT_TEST_DATABASE_URL ? await createTestDatabase('sift_ops') : undefined;
  return {
    env: { SIFT_DATA_DIR: dataDir, ...(database ? { SIFT_DATABASE_URL: database.url } : {}) },
    store: () => openStore(database?.url ?? join(dataDir, 'sift.db')),
    drop: async () => database?.drop(),
  };
}

/**
 * For kill -9 tests: state (a data directory, and a database under SIFT_TEST_DATABASE_URL) that outlives the servers
 * started on it one after another. `start()` starts a server on it as the root user; `killNow()` kills the current
 * one with SIGKILL (no drain, no flush). Everything goes after the test file. Call at the file's top level.
 */
export function crashRig(name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `sift-${name}-`));
  let state: Awaited<ReturnType<typeof serverState>> | undefined;
  let child: ChildServer | undefined;
  afterAll(async () => {
    await child?.kill('SIGKILL');
    await state?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    async start(): Promise<ChildServer> {
      state ??= await serverState(dataDir);
      child = await startChild({ ...state.env, SIFT_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey, SIFT_ACCOUNT_ID: ACCOUNT });
      return child;
    },
    async killNow(): Promise<void> {
      child?.proc.kill('SIGKILL');
      await child?.kill('SIGKILL');
      child = undefined;
    },
    /** The state's store, opened from the test (close it). */
    store: () => state!.store(),
    /** SDK client settings for a server of this rig. */
    config: (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: ROOT, maxAttempts: 1 }),
  };
}

export function serve(env: Record<string, string>): Promise<ServeProcess> {
  return new Promise((ready, fail) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      env: { ...process.env, SIFT_ROOT_ACCESS_KEY_ID: ROOT.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: ROOT.secretAccessKey, SIFT_ACCOUNT_ID: ACCOUNT, SIFT_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    const watchers: Array<{ pred: (l: Record<string, unknown>) => boolean; done: (l: Record<string, unknown>) => void }> = [];
    let partial = '';
    let raw = '';
    proc.stderr!.on('data', (d: Buffer) => {
      raw += d;
      partial += d;
      const parts = partial.split('\n');
      partial = parts.pop()!;
      for (const text of parts) {
        if (!text.trim()) continue;
        let line: Record<string, unknown>;
        try {
          line = JSON.parse(text);
        } catch {
          line = { unstructured: text };
        }
        lines.push(line);
        for (const w of watchers.splice(0)) (w.pred(line) ? w.done(line) : watchers.push(w));
      }
    });
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    let out = '';
    const timer = setTimeout(() => fail(new Error(`sift serve did not start: ${out} ${raw}`)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /AWS_ENDPOINT_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ready({
          endpoint: m[1]!,
          proc,
          lines,
          exited,
          waitForLine: (pred) => {
            const seen = lines.find(pred);
            if (seen) return Promise.resolve(seen);
            return new Promise((done) => watchers.push({ pred, done }));
          },
        });
      }
    });
    void exited.then((code) => fail(new Error(`sift serve exited with ${code}: ${out} ${raw}`)));
  });
}
