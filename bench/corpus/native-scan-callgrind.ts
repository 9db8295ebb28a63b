/**
 * The native candidate pass alone, in process, for callgrind: the first MB of a folder's files through a tree's addon
 * `scan` on the tables that tree's `compileScanner({ managedSelector: 'ALL' })` gives it (its dist/ and build/):
 *
 *   valgrind --tool=callgrind --toggle-collect=scan node --import tsx bench/corpus/native-scan-callgrind.ts <tree> <folder> [MB]
 *
 * callgrind's "Collected" is everything under the native `scan` (V8's UTF-16 copy of the text included); divide by
 * the characters printed for instructions a character.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NativeCandidates } from '../../src/detect/engine/native.js';
import { catalogTables } from './native-tables.js';

const [tree, folder, mb = '10'] = process.argv.slice(2);
if (!tree || !folder) throw new Error('usage: native-scan-callgrind.ts <tree> <folder> [MB]');
const root = resolve(tree);
const { compileScanner } = await import(join(root, 'dist/detect/index.js'));
const { nativeCandidates, isOneByte } = await import(join(root, 'dist/detect/engine/native.js'));
const lib = nativeCandidates() as NativeCandidates | undefined;
if (!lib) throw new Error(`${root} has no native addon`);
const handle = lib.compile(...catalogTables(lib, compileScanner));
const texts: string[] = [];
let chars = 0;
for (const f of readdirSync(folder).sort()) {
  if (chars >= Number(mb) * 1e6) break;
  const t = readFileSync(join(folder, f), 'utf8');
  texts.push(t);
  chars += t.length;
}
const events = new Int32Array(3 << 20);
let count = 0;
// A tree that has the one-byte path is asked as prefilter.ts asks it (isOneByte outside the collected `scan`).
const oneByte = texts.map((t) => (typeof isOneByte === 'function' ? (isOneByte as (t: string) => boolean)(t) : undefined));
for (let k = 0; k < texts.length; k++) count += lib.scan(handle, texts[k], events, oneByte[k]);
console.log(`${chars} characters, ${count} events`);
