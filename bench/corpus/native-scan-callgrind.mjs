/**
 * The native candidate pass alone, in process, for callgrind: the first MB of a folder's files through the addon's
 * `scan` on the tables `compileScanner({ managedSelector: 'ALL' })` gives it (the tree's dist/ and build/):
 *
 *   valgrind --tool=callgrind --toggle-collect=scan node bench/corpus/native-scan-callgrind.mjs <tree> <folder> [MB]
 *
 * callgrind's "Collected" is everything under the native `scan` (V8's UTF-16 copy of the text included); divide by
 * the characters printed for instructions a character.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [tree, folder, mb = '10'] = process.argv.slice(2);
if (!tree || !folder) throw new Error('usage: native-scan-callgrind.mjs <tree> <folder> [MB]');
const root = resolve(tree);
const { compileScanner } = await import(join(root, 'dist/detect/index.js'));
const { nativeCandidates } = await import(join(root, 'dist/detect/engine/native.js'));
const lib = nativeCandidates();
if (!lib) throw new Error(`${root} has no native addon`);
let args;
const compile = lib.compile;
lib.compile = (...a) => {
  args = a;
  return compile(...a);
};
compileScanner({ managedSelector: 'ALL' }).scan('warm up');
lib.compile = compile;
const handle = lib.compile(...args);
const texts = [];
let chars = 0;
for (const f of readdirSync(folder).sort()) {
  if (chars >= Number(mb) * 1e6) break;
  const t = readFileSync(join(folder, f), 'utf8');
  texts.push(t);
  chars += t.length;
}
const events = new Int32Array(3 << 20);
let count = 0;
for (const t of texts) count += lib.scan(handle, t, events);
console.log(`${chars} characters, ${count} events`);
