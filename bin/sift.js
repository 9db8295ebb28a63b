#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm run build produces dist/).

// The AWS SDK warns that its releases after January 2027 will need Node.js 22. Sift supports Node.js 20 with the SDK
// versions it pins, so the notice is noise in a CLI's output; the SDK's own switch turns it off.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { existsSync } from 'node:fs';

// `sift scan` starts from one bundled module when the build made it (scripts/bundle/scan.mjs): ~90 modules fewer for
// the ESM loader. Anything the bundle does not handle (help, other commands, no bundle built) runs the whole CLI.
const scanBundle = new URL('../dist/bundles/scan/scan-main.js', import.meta.url);
const run = async () => {
  if (process.argv[2] === 'scan' && process.env.SIFT_SCAN_BUNDLE !== '0' && existsSync(scanBundle)) {
    if (await (await import(scanBundle.href)).mainScan(process.argv)) return;
  }
  await (await import('../dist/cli/index.js')).main(process.argv);
};
run().catch((err) => {
  console.error(err?.stack ?? String(err));
  process.exit(2);
});
