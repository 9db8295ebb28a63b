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
