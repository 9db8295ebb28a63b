#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm run build produces dist/).

// The AWS SDK warns that its releases after January 2027 will need Node.js 22. Sift supports Node.js 20 with the SDK
// versions it pins, so the notice is noise in a CLI's output; the SDK's own switch turns it off.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import('../dist/cli/index.js').then((m) => m.main(process.argv)).catch((err) => {
  console.error(err?.stack ?? String(err));
  process.exit(2);
});
