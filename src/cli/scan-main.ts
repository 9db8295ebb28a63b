/**
 * `sift scan`'s entry when bundled: `npm run build` bundles this module and what it imports (Sift's own ~90 modules of
 * the scan path; packages stay external) into dist/bundles/scan/ (scripts/bundle/scan.mjs), and bin/sift.js imports
 * that bundle for `sift scan` when it exists. The ESM loader then resolves, reads and compiles one module instead of
 * ~90 (issue 12: start-up is a large share of scanning a folder), in the command's thread and in each scan worker (a
 * worker starts on the module that holds scan-command's code, here the bundle).
 */
import { automatonDir } from '../detect/engine/automaton-cache.js';
import { nativeCandidates } from '../detect/engine/native.js';
import { parseScanArgs } from './scan-args.js';
import { runScan } from './scan-command.js';

/**
 * Runs `sift scan` for a command line of plain arguments and returns true; returns false for anything else (help,
 * options commander must read), which the caller hands to the whole CLI (dist/cli/index.js).
 */
export async function mainScan(argv: string[]): Promise<boolean> {
  if (argv[2] !== 'scan') return false;
  const scan = parseScanArgs(argv.slice(3));
  if (!scan) return false;
  process.exitCode = await runScan(scan.paths, scan.opts);
  return true;
}

/**
 * Where this module finds the native addon and the stored automata: both paths derive from import.meta.url, so the
 * bundle's e2e test checks them against the unbundled modules' (test/e2e/scan/bundle.test.ts).
 */
export function scanPaths(): { native: boolean; automatonDir: string } {
  return { native: nativeCandidates() !== undefined, automatonDir: automatonDir() };
}
