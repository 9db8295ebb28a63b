/**
 * The native candidate pass of several addon builds on the same tables (this tree's `compileScanner({ managedSelector:
 * 'ALL' })`), over the first MB of a folder's files, timed in alternated rounds (CPU time of this process): for
 * comparing builds of candidates.c step by step (`gcc -shared -fPIC -O3 -std=c11 -DNAPI_VERSION=8 -I/usr/include/node
 * src/detect/native/candidates.c -o /tmp/x.node`) where engine-native-ab.ts compares two trees on generated corpora:
 *
 *   npx tsx bench/corpus/native-addons-ab.ts <folder> <MB> <rounds> <addon.node> <addon.node> ...
 *
 * Each build is asked as prefilter.ts asks (`oneByte` from isOneByte, timed with the pass; a build without the one-byte
 * path ignores it); `<addon.node>#utf16` asks one always for UTF-16.
 * Every addon must report the same events as the first on every file (else it throws).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { compileScanner } from '../../src/detect/index.js';
import { isOneByte, nativeCandidates, type NativeCandidates } from '../../src/detect/engine/native.js';
import { catalogTables } from './native-tables.js';

const [folder, mb, rounds, ...paths] = process.argv.slice(2);
if (!folder || paths.length === 0) throw new Error('usage: native-addons-ab.ts <folder> <MB> <rounds> <addon.node>...');
const head = nativeCandidates();
if (!head) throw new Error('this tree has no native addon');
const args = catalogTables(head, compileScanner);
const req = createRequire(import.meta.url);
const builds = paths.map((path) => {
  const utf16 = path.endsWith('#utf16');
  const lib = req(resolve(utf16 ? path.slice(0, -'#utf16'.length) : path)) as NativeCandidates;
  const oneByte = utf16 ? () => false : isOneByte;
  return { path, lib, handle: lib.compile(...args), oneByte, seconds: 0 };
});
const texts: string[] = [];
let chars = 0;
for (const f of readdirSync(folder).sort()) {
  if (chars >= Number(mb) * 1e6) break;
  const text = readFileSync(join(folder, f), 'utf8');
  texts.push(text);
  chars += text.length;
}
const events = (b: (typeof builds)[number], text: string): number[] => {
  const ev = new Int32Array(3 << 20);
  return Array.from(ev.subarray(0, 3 * b.lib.scan(b.handle, text, ev, b.oneByte(text))));
};
for (const text of texts) {
  const first = events(builds[0], text).join();
  for (const b of builds.slice(1)) if (events(b, text).join() !== first) throw new Error(`${b.path}: events differ`);
}
const ev = new Int32Array(3 << 20);
for (let r = 0; r < Number(rounds); r++) {
  for (const b of builds) {
    const t0 = process.cpuUsage();
    for (const text of texts) b.lib.scan(b.handle, text, ev, b.oneByte(text));
    const u = process.cpuUsage(t0);
    b.seconds += (u.user + u.system) / 1e6;
  }
}
for (const b of builds) console.log(`${b.path}: ${((chars * Number(rounds)) / 1e6 / b.seconds).toFixed(0)} MB per CPU-second`);
