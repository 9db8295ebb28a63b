// Issue 12 (e2escan): bin/sift.js gives `sift scan` a larger V8 interrupt budget, so TurboFan compiles fewer functions
// in a scan of a few megabytes (their compiling was a quarter of a cold 60 MB scan's instructions). Observed through
// V8's own tiering trace: how many functions a scan marks for optimization, against the same scan with V8's default
// budget given on the command line (which bin/sift.js leaves as it is). The counts follow from the bytecode each run
// executes, not from time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const bin = join(resolve(import.meta.dirname, '..', '..', '..'), 'bin', 'sift.js');
/** V8's default --interrupt-budget (Node 20). */
const V8_DEFAULT_BUDGET = 67584;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-jit-budget-'));
  for (let f = 0; f < 300; f++) {
    let text = '';
    for (let i = 0; i < 60; i++) text += `2024-01-0${(i % 9) + 1} user${i}@example.com paid with 4111 1111 1111 1111 from 10.0.${i % 255}.1, line ${i} of ${f}\n`;
    writeFileSync(join(dir, `f${f}.log`), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Functions the scan marked for TurboFan, and its detections. */
const scan = (nodeFlags: string[]) => {
  const res = spawnSync(process.execPath, ['--trace-opt', ...nodeFlags, bin, 'scan', '--json', '--identifiers', 'ALL', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
  // The trace goes to stdout, between the JSON Lines.
  const marked = res.stdout.match(/\[marking [^\]]* for optimization to TURBOFAN/g)?.length ?? 0;
  // V8's trace and the scan's writes can interleave anywhere (each flushes its own buffer), so results are counted by a
  // short token that a cut is unlikely to split, not by stripping the trace out.
  const results = res.stdout.match(/COMPLETE/g)?.length ?? 0;
  return { status: res.status, marked, results };
};

it("sift scan optimizes fewer functions than with V8's default budget, and scans every file the same way", () => {
  const ours = scan([]);
  const v8Default = scan([`--interrupt-budget=${V8_DEFAULT_BUDGET}`]);
  expect(ours.status).toBe(v8Default.status);
  expect(ours.results).toBe(300);
  expect(v8Default.results).toBe(300);
  expect(v8Default.marked).toBeGreaterThan(0);
  expect(ours.marked * 2).toBeLessThanOrEqual(v8Default.marked);
});
