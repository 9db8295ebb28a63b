// Runs the installed `aws` CLI against a test server; tests that use it skip, saying so, where it is missing.
import { execFile, spawnSync } from 'node:child_process';

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
