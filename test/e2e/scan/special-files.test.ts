// `sift scan` on a folder holding a FIFO, a socket and a symbolic link, and given a character device: each is listed
// as skipped (summary and --json), none is opened (a FIFO would block the scan for ever), and the regular file beside
// them is scanned as usual.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sift } from '../sift-cli.js';

let dir: string;
let socketServer: Server;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sift-special-'));
  writeFileSync(join(dir, 'notes.txt'), 'ssn: 536-22-8726\n');
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  symlinkSync(join(dir, 'notes.txt'), join(dir, 'link.txt'));
  socketServer = createServer();
  await new Promise<void>((resolve) => socketServer.listen(join(dir, 'sock'), resolve));
});
afterAll(async () => {
  await new Promise((r) => socketServer.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], json: boolean): Promise<{ code: number; out: string; err: string }> {
  const res = await sift(['scan', ...(json ? ['--json'] : []), '--identifiers', 'USA_SOCIAL_SECURITY_NUMBER', ...args]);
  return { code: res.code, out: res.stdout, err: res.stderr };
}

describe('sift scan: files that are not regular files', () => {
  it('lists FIFOs, sockets, symbolic links and devices as skipped in the summary', { timeout: 120_000 }, async () => {
    const res = await run([dir, '/dev/null'], false);
    expect(res.code, res.err).toBe(1);
    expect(res.out).toContain('5 files');
    expect(res.out).toContain('4 skipped');
    expect(res.out).toContain(`SKIPPED ${join(dir, 'pipe')}: UNSUPPORTED_FILE_TYPE_EXCEPTION (not a regular file (FIFO))`);
    expect(res.out).toContain(`SKIPPED ${join(dir, 'sock')}: UNSUPPORTED_FILE_TYPE_EXCEPTION (not a regular file (socket))`);
    expect(res.out).toContain(`SKIPPED ${join(dir, 'link.txt')}: UNSUPPORTED_FILE_TYPE_EXCEPTION (not a regular file (symbolic link), not followed)`);
    expect(res.out).toContain('SKIPPED /dev/null: UNSUPPORTED_FILE_TYPE_EXCEPTION (not a regular file (character device))');
    expect(res.out).toContain(`${join(dir, 'notes.txt')}: USA_SOCIAL_SECURITY_NUMBER×1`);
  });

  it('writes a SKIPPED discovery result for each in --json', { timeout: 120_000 }, async () => {
    const res = await run([dir], true);
    const records = res.out.trim().split('\n').map((l) => JSON.parse(l));
    const skipped = records.filter((r) => r.classificationDetails.result.status.code === 'SKIPPED').map((r) => r.resourcesAffected.s3Object.key).sort();
    expect(skipped).toEqual([join(dir, 'link.txt'), join(dir, 'pipe'), join(dir, 'sock')]);
  });
});
