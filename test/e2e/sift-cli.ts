// Runs the `sift` command from the TypeScript sources in a child process (no build needed), for CLI tests.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const entry = resolve(import.meta.dirname, 'sift-main.ts');

export function sift(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('exit', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
