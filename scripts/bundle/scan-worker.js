// A scan worker's entry beside the scan bundle (copied to dist/bundles/scan/ by scripts/bundle/scan.mjs). The code-cached
// scan script (scan-main.cjs) sees this file as its import.meta.url, so the workers it starts (`new Worker(new
// URL(import.meta.url))`) run the same script with the same cache (V8's flags are per process, so the cache the main
// thread took is taken here too); without a usable cache they start on the ES module bundle, as before.
import { fileURLToPath } from 'node:url';
import { runCachedScript } from '../../cli/code-cache.js';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const files = { script: here('scan-main.cjs'), cache: here('scan-main.cjs.cache'), importMetaUrl: import.meta.url };
if (!runCachedScript(files)) await import('./scan-main.js');
