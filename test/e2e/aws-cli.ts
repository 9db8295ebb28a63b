// Runs the installed `aws` CLI against a test server; tests that use it skip, saying so, where it is missing.
import { execFile, spawnSync } from 'node:child_process';
import { vi } from 'vitest';

// Each `aws` call starts a Python interpreter (~1 s, several on a loaded machine): a test of a dozen calls needs more
// than the suite's 30 s default. Files that drive the CLI import this module, so they get the longer timeout here.
vi.setConfig({ testTimeout: 120_000 });

export const awsCliAvailable = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

export function aws(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  return new Promise((resolve) => {
    execFile('aws', [...args, '--output', 'json'], { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      let json: unknown;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, json });
    });
  });
}
