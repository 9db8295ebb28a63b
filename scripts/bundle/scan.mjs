// Bundles `sift scan`'s entry (dist/cli/scan-main.js, tsc's output) into dist/bundles/scan/ (issue 12, start-up): one
// module for the ESM loader instead of ~90. Run by `npm run build` after tsc. Packages stay external (node_modules
// resolves as before); lazily loaded readers become chunks beside the entry. The bundle sits three directories below
// the repository root, as dist/detect/engine/*.js does, so the paths those modules derive from import.meta.url (the
// native addon in build/Release, the stored automata in build/automata) are the same from the bundle.
// Without esbuild (or with SIFT_NO_SCAN_BUNDLE=1) nothing is written and bin/sift.js runs the unbundled modules.
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { produceScanCache } from './scan-cache.mjs';
import { bundleScanScript } from './scan-script.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = join(root, 'dist', 'bundles', 'scan');
rmSync(outdir, { recursive: true, force: true });
if (process.env.SIFT_NO_SCAN_BUNDLE === '1') process.exit(0);
const entry = join(root, 'dist', 'cli', 'scan-main.js');
if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc first`);
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('bundle-scan: esbuild is not installed; sift scan runs the unbundled modules');
  process.exit(0);
}
await esbuild.build({
  entryPoints: [entry],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // No keepNames: it wraps every function and class in `__name(fn, "name")`, an Object.defineProperty call each time a
  // closure is made (a dozen per scanned file: segmentLineBatches' helpers, peekHead's replay, the result renderers),
  // ~2% of a 20 MB text scan's main-thread instructions (design-notes, textpath). Nothing on the scan path reads a
  // function's or class's `.name` (errors set `name` themselves); the one function esbuild renames on a collision is
  // detect/names/spec.ts' `rules` (called once, never named). `regexExtentCode()` keys the stored extents by source
  // text, so the bundle's key differs from the unbundled modules', as it did before.
  logLevel: 'warning',
});

// The same entry as one classic script, and the V8 code cache bin/sift.js runs it with (src/cli/code-cache.ts). Without
// them (SIFT_NO_SCAN_CODE_CACHE=1, or a failed training scan) bin/sift.js imports the ES module bundle above.
if (process.env.SIFT_NO_SCAN_CODE_CACHE !== '1') {
  const script = join(outdir, 'scan-main.cjs');
  // Sealed with its SHA-256, which the cache is bound to (dist/cli/code-cache.js, tsc's output, as the entry is).
  const { sealScript } = await import(pathToFileURL(join(root, 'dist', 'cli', 'code-cache.js')).href);
  writeFileSync(script, sealScript(await bundleScanScript(esbuild, entry)));
  copyFileSync(join(root, 'scripts', 'bundle', 'scan-worker.js'), join(outdir, 'scan-worker.js'));
  if (!produceScanCache(root, `${script}.cache`)) console.warn('bundle-scan: no code cache written; sift scan imports the ES module bundle');
}
