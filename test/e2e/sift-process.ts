// Long-running `sift` processes (serve, worker) started from the TypeScript sources, for tests that run several and
// kill them with -9. Output is kept so a test can read each process's log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const entry = resolve(import.meta.dirname, 'sift-main.ts');

export interface SiftProcess {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited (SIGKILL by default: no chance to clean up). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `sift <args>` and resolves once its stdout matches `ready` (with the match). */
export function startSift(args: string[], env: Record<string, string>, ready: RegExp): Promise<SiftProcess & { match: RegExpExecArray }> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`sift ${args.join(' ')} did not start: ${out}${err}`)), 60_000);
    const handle: SiftProcess = {
      proc,
      stdout: () => out,
      stderr: () => err,
      kill: (signal = 'SIGKILL') =>
        new Promise((exited) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return exited();
          proc.once('exit', () => exited());
          proc.kill(signal);
        }),
    };
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ ...handle, match: m });
      }
    });
    proc.stderr!.on('data', (d) => (err += d));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`sift ${args.join(' ')} exited with ${code}: ${out}${err}`));
    });
  });
}

/** `sift serve --no-workers` on a free port: an API-tier process, with the endpoint it serves. */
export async function startApiProcess(env: Record<string, string>): Promise<SiftProcess & { endpoint: string }> {
  const p = await startSift(['serve', '--no-workers', '--host', '127.0.0.1', '--port', '0'], env, /Sift is ready at (\S+)/);
  return { ...p, endpoint: p.match[1]! };
}

/** `sift worker`, once it says it is taking work. */
export const startWorkerProcess = (env: Record<string, string>): Promise<SiftProcess & { match: RegExpExecArray }> =>
  startSift(['worker'], env, /Sift worker (\S+) is taking work/);
