// `npm ci` / `npm install` hook: builds the native addons with node-gyp, from source, against the local Node.js
// headers: the candidate pass (src/detect/native/candidates.c) and the object cipher (src/storage/native/aead.c, with
// the OpenSSL headers that come with Node's). A failed build is not fatal: each addon has a JavaScript fallback
// (slower), so `npm ci` still installs a working Sift; when the whole build fails, each target is tried on its own so
// one that cannot build does not take the other with it. SIFT_SKIP_NATIVE=1 skips the build.
import { spawnSync } from 'node:child_process';

if (process.env.SIFT_SKIP_NATIVE === '1') process.exit(0);
const gyp = process.env.npm_config_node_gyp;
const run = (args) => {
  const [cmd, all] = gyp ? [process.execPath, [gyp, ...args]] : ['node-gyp', args];
  return spawnSync(cmd, all, { stdio: 'inherit', shell: !gyp }).status === 0;
};
const TARGETS = {
  sift_candidates: 'the native candidate pass did not build; detection will use the JavaScript pass (slower).',
  sift_aead: 'the native object cipher did not build; S3 object data will be sealed with node:crypto (slower).',
  sift_json_structure: 'the native JSON structural pass did not build; JSON will be tokenized in JavaScript (slower).',
  sift_csv_split: 'the native CSV row pass did not build; CSV and TSV rows will be split in JavaScript (slower).',
};
if (!run(['rebuild'])) {
  for (const [target, warning] of Object.entries(TARGETS)) if (!run(['build', target])) console.warn(`sift: ${warning}`);
}
