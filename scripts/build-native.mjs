// `npm ci` / `npm install` hook: builds the native candidate pass (src/detect/native/candidates.c) with node-gyp, from
// source, against the local Node.js headers. A failed build is not fatal: the detection engine then runs the same pass
// in JavaScript (slower), so `npm ci` still installs a working Sift. SIFT_SKIP_NATIVE=1 skips the build.
import { spawnSync } from 'node:child_process';

if (process.env.SIFT_SKIP_NATIVE === '1') process.exit(0);
const gyp = process.env.npm_config_node_gyp;
const [cmd, args] = gyp ? [process.execPath, [gyp, 'rebuild']] : ['node-gyp', ['rebuild']];
const res = spawnSync(cmd, args, { stdio: 'inherit', shell: !gyp });
if (res.status !== 0) {
  console.warn('sift: the native candidate pass did not build; detection will use the JavaScript pass (slower).');
}
