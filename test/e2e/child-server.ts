// Starts and kills Sift servers in child processes (see serve-child.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface ChildServer {
  endpoint: string;
  proc: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const script = resolve(import.meta.dirname, 'serve-child.ts');

export function startChild(env: Record<string, string>): Promise<ChildServer> {
  return new Promise((resolveStart, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child server did not start: ${out}`)), 60_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({
          endpoint: m[1]!,
          proc,
          kill: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (proc.exitCode !== null) return done();
              proc.once('exit', () => done());
              proc.kill(signal);
            }),
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`child server exited with ${code}: ${out}`)));
  });
}
