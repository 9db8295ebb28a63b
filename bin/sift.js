#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm run build produces dist/).

// The AWS SDK warns that its releases after January 2027 will need Node.js 22. Sift supports Node.js 20 with the SDK
// versions it pins, so the notice is noise in a CLI's output; the SDK's own switch turns it off.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// `sift scan` starts from one bundled module when the build made it (scripts/bundle/scan.mjs): ~90 modules fewer for
// the ESM loader. Anything the bundle does not handle (help, other commands, no bundle built) runs the whole CLI.
const scanBundle = new URL('../dist/bundles/scan/scan-main.js', import.meta.url);
// V8 optimizes a function (TurboFan, on its helper threads) once it has run about 66 KB of bytecode. A scan of tens of
// megabytes pays for ~80 such compiles, a quarter of its instructions, most of them for code that then runs only a
// fraction of a second; four times that budget halves the compiling and cuts ~15% of the CPU (design-notes, e2escan).
// V8 reads the flag whenever it sets a function's budget, so setting it here, before any scan code loads, covers the
// scan and its workers (V8's flags are per process). A budget given on the command line or in NODE_OPTIONS is kept.
const SCAN_INTERRUPT_BUDGET = 4 * 67584;
const budgetGiven = () => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('interrupt-budget'));
// The same bundle as one script with a V8 code cache of its compiled functions (src/cli/code-cache.ts), when the build
// made both: ~10 ms less compiling per scan. SIFT_SCAN_CODE_CACHE=0 skips it; `write` is the build's producer run.
const scanScript = {
  script: fileURLToPath(new URL('../dist/bundles/scan/scan-main.cjs', import.meta.url)),
  cache: fileURLToPath(new URL('../dist/bundles/scan/scan-main.cjs.cache', import.meta.url)),
  // Its import.meta.url: the paths derived from it are the bundle's (same directory), and the scan workers it starts run
  // this entry, which loads the same script and cache (scripts/bundle/scan-worker.js).
  importMetaUrl: new URL('../dist/bundles/scan/scan-worker.js', import.meta.url).href,
};
const loadScanBundle = async () => {
  const mode = process.env.SIFT_SCAN_CODE_CACHE;
  if (mode !== '0' && existsSync(scanScript.script)) {
    const { runCachedScript } = await import('../dist/cli/code-cache.js');
    const loaded = runCachedScript(scanScript, mode === 'write');
    if (loaded) return { ...loaded.exports, afterScan: mode === 'write' ? loaded.writeCache : undefined };
  }
  return import(scanBundle.href);
};
const run = async () => {
  if (process.argv[2] === 'scan' && !budgetGiven()) setFlagsFromString(`--interrupt-budget=${SCAN_INTERRUPT_BUDGET}`);
  if (process.argv[2] === 'scan' && process.env.SIFT_SCAN_BUNDLE !== '0' && existsSync(scanBundle)) {
    const bundle = await loadScanBundle();
    if (await bundle.mainScan(process.argv)) return bundle.afterScan?.();
  }
  await (await import('../dist/cli/index.js')).main(process.argv);
};
run().catch((err) => {
  console.error(err?.stack ?? String(err));
  process.exit(2);
});
