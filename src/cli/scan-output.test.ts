// `sift scan --json` writes its JSON Lines in pieces of about 64 KiB, not one write per result (stdout on a pipe or a
// file is a system call per write), and loses, reorders or holds back nothing.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineBatcher } from './scan-command.js';

const sink = () => {
  const writes: string[] = [];
  const out = new Writable({
    write(chunk, _enc, cb) {
      writes.push(String(chunk));
      cb();
    },
  });
  return { out, writes };
};

describe('LineBatcher', () => {
  it('writes many results in a few large pieces, in order, all of them once flushed', () => {
    const { out, writes } = sink();
    const lines = new LineBatcher(out, 1 << 16, 60_000);
    const all = Array.from({ length: 2000 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(100)}"}\n`);
    for (const l of all) lines.write(l);
    lines.flush();
    expect(writes.join('')).toBe(all.join(''));
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(all.join('').length / (1 << 16)) + 1);
    expect(writes.slice(0, -1).every((w) => w.length >= 1 << 16)).toBe(true);
  });

  it('does not hold a result back longer than its time limit', async () => {
    const { out, writes } = sink();
    const lines = new LineBatcher(out, 1 << 16, 20);
    lines.write('{"a":1}\n');
    expect(writes).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(writes).toEqual(['{"a":1}\n']);
    lines.flush();
    expect(writes).toEqual(['{"a":1}\n']);
  });
});

describe('runScan --json metadata', () => {
  it('reads the account and region from the environment once per scan, not once per result', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runScan } = await import('./scan-command.js');
    const dir = mkdtempSync(join(tmpdir(), 'sift-scan-env-'));
    const env = process.env;
    const reads = new Map<string, number>();
    try {
      for (let i = 0; i < 5; i++) writeFileSync(join(dir, `f${i}.txt`), `file ${i}\n`);
      process.env = new Proxy({ ...env, SIFT_ACCOUNT_ID: '123456789012', SIFT_REGION: 'eu-west-1' }, {
        get(target, key, receiver) {
          if (typeof key === 'string' && key.startsWith('SIFT_')) reads.set(key, (reads.get(key) ?? 0) + 1);
          return Reflect.get(target, key, receiver);
        },
      });
      const { out, writes } = sink();
      expect(await runScan([dir], { json: true }, out, out)).toBe(0);
      const results = writes.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { accountId: string; region: string });
      expect(results.length).toBe(5);
      expect(results.every((r) => r.accountId === '123456789012' && r.region === 'eu-west-1')).toBe(true);
      expect(reads.get('SIFT_ACCOUNT_ID')).toBe(1);
      expect(reads.get('SIFT_REGION')).toBe(1);
    } finally {
      process.env = env;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
