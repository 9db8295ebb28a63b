// `sift serve` from the TypeScript sources in a child process whose stderr (the JSON log) the test reads, for the
// operations tests: probes, metrics, request ids in the log, SIGTERM drain and kill -9. With SIFT_TEST_DATABASE_URL
// set, the server keeps its state in a PostgreSQL database of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
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
