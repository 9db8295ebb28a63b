/**
 * How much of a text could a skipping candidate pass leave unstepped? (issue 12, skipscan.) On the whole catalog's
 * automaton (the tables the prefilter gives the native addon), over the first --mb MB of each folder's files, or of
 * the generated mixed and clean corpora when no folder is given:
 *
 *   npx tsx bench/corpus/native-skip-probe.ts [--mb 4] [DIR ...]
 *
 * Per block of 16 and 64 characters, the share of blocks that:
 *   - startless: hold no character that can leave the root (no literal starts with it);
 *   - endless: hold no character on which any state can step into an accepting one;
 *   - no shape: hold no shape-gate candidate (the SSE2 masks' test: 4 digits, 2 letters + 2 digits, `+` and a digit,
 *     or a capital, after no ASCII letter or digit);
 *   - no accept: hold no position where the automaton is in an accepting state (what a perfect filter would know);
 *   - no trigram: hold no position whose last three non-separator classes end an accepting state's string (the best
 *     a Teddy-like fingerprint of the literals' ends could do: a real one has false positives besides).
 * Then the share of characters a pass would still step if it stepped only the blocks a filter keeps, each run of kept
 * blocks after a lead-in: `lead max` = max_depth non-separator characters (the only sound bound: the state must be exact
 * where a hit may be), `lead min` = the true state's depth there (a lower bound no filter can know without stepping).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileScanner } from '../../src/detect/index.js';
import { nativeCandidates } from '../../src/detect/engine/native.js';
import { generateCorpus } from './generate.js';
import { catalogTables } from './native-tables.js';

const CLASS_SEP = 1;
const mbAt = process.argv.indexOf('--mb');
const mb = mbAt >= 0 ? Number(process.argv[mbAt + 1]) : 4;
const folders = process.argv.slice(2).filter((a, k, all) => a !== '--mb' && all[k - 1] !== '--mb');

const lib = nativeCandidates();
if (!lib) throw new Error('this tree has no native addon (npx node-gyp rebuild)');
const [classOf, delta, outStart, , shift] = catalogTables(lib, compileScanner);
const states = outStart.length - 1;
const classes = 1 << shift;
const accepting = (s: number): boolean => outStart[s + 1] > outStart[s];

// Each state's depth and the last three classes of its string (breadth first: an Aho-Corasick state's string is its
// shortest path from the root); the classes that leave the root and those that step into an accepting state.
const depth = new Int32Array(states).fill(-1);
const tail = new Int32Array(states);
const starts = new Uint8Array(classes);
const ends = new Uint8Array(classes);
depth[0] = 0;
for (const queue = [0]; queue.length > 0; ) {
  const s = queue.shift()!;
  for (let c = 0; c < classes; c++) {
    if (c === CLASS_SEP) continue;
    const next = delta[(s << shift) | c];
    if (s === 0 && next !== 0) starts[c] = 1;
    if (accepting(next)) ends[c] = 1;
    if (depth[next] < 0) {
      depth[next] = depth[s] + 1;
      tail[next] = ((tail[s] << 7) | c) & 0x1fffff; // classes are below 128 (shift <= 7 for this catalog)
      queue.push(next);
    }
  }
}
if (shift > 7) throw new Error('the trigram keys assume at most 128 classes');
const maxDepth = Math.max(...depth);
// Accepting strings' last one, two or three classes (shorter strings match on fewer).
const endGrams = new Set<number>();
for (let s = 0; s < states; s++) if (accepting(s)) endGrams.add(Math.min(depth[s], 3) * 0x200000 + tail[s]);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlpha = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;
const shapeAt = (t: string, i: number): boolean => {
  const c = t.charCodeAt(i);
  const before = i > 0 ? t.charCodeAt(i - 1) : 0;
  if (c === 43) return isDigit(t.charCodeAt(i + 1));
  if (isDigit(before) || isAlpha(before)) return false;
  const d = (k: number): boolean => isDigit(t.charCodeAt(i + k));
  return (d(0) && d(1) && d(2) && d(3)) || (isAlpha(c) && isAlpha(t.charCodeAt(i + 1)) && d(2) && d(3)) || (c >= 65 && c <= 90);
};

/** Per character: bit 0 startless-breaking, 1 ending class, 2 shape candidate, 3 accepting, 4 trigram hit; depth. */
function marks(t: string): { flags: Uint8Array; depthAt: Int32Array } {
  const flags = new Uint8Array(t.length);
  const depthAt = new Int32Array(t.length);
  let s = 0;
  let gram = 0;
  let seen = 0;
  for (let i = 0; i < t.length; i++) {
    const c = classOf[t.charCodeAt(i)];
    let f = shapeAt(t, i) ? 4 : 0;
    if (c !== CLASS_SEP) {
      s = delta[(s << shift) | c];
      gram = ((gram << 7) | c) & 0x1fffff;
      seen++;
      f |= starts[c] | (ends[c] << 1) | (accepting(s) ? 8 : 0);
      for (let k = 1; k <= 3 && k <= seen; k++) if (endGrams.has(k * 0x200000 + (gram & ((1 << (7 * k)) - 1)))) f |= 16;
    }
    flags[i] = f;
    depthAt[i] = depth[s];
  }
  return { flags, depthAt };
}

/** Characters stepped when only blocks holding a `bit` mark are, each run of them after a lead-in. */
function stepped(flags: Uint8Array, depthAt: Int32Array, bit: number, block: number, leadIn: 'max' | 'min'): number {
  let steps = 0;
  let last = -1; // last character stepped
  for (let b = 0; b < flags.length; b += block) {
    const e = Math.min(b + block, flags.length);
    let kept = false;
    for (let i = b; i < e && !kept; i++) kept = (flags[i] & bit) !== 0;
    if (!kept) continue;
    if (b > 0 && last !== b - 1) steps += Math.min(leadIn === 'max' ? maxDepth : depthAt[b - 1], b - 1 - last);
    steps += e - b;
    last = e - 1;
  }
  return steps;
}

function texts(): Array<[string, string[]]> {
  if (folders.length === 0) {
    return [['mixed', 1, true], ['clean', 2, false]].map(([name, seed, sensitive]) => [
      `generated ${name as string}`,
      [...generateCorpus({ totalChars: mb * 1e6, docChars: 5000, seed: seed as number, sensitive: sensitive as boolean })].map((d) => d.text),
    ]);
  }
  return folders.map((dir) => {
    const out: string[] = [];
    let n = 0;
    for (const f of readdirSync(dir).sort()) {
      if (n >= mb * 1e6) break;
      const t = readFileSync(join(dir, f), 'utf8');
      out.push(t);
      n += t.length;
    }
    return [dir, out];
  });
}

console.log(`${states} states, ${classes} classes, max_depth ${maxDepth}; ${starts.reduce((a, b) => a + b)} classes leave the root, ` +
  `${ends.reduce((a, b) => a + b)} step into an accepting state, ${endGrams.size} accepting string ends`);
const share = (x: number, n: number): string => `${((100 * x) / n).toFixed(1)}%`;
for (const [name, docs] of texts()) {
  const all = docs.map(marks);
  const chars = all.reduce((n, m) => n + m.flags.length, 0);
  const acceptingAt = all.reduce((n, m) => n + m.flags.reduce((k, f) => k + ((f >> 3) & 1), 0), 0);
  console.log(`${name}: ${(chars / 1e6).toFixed(1)} M characters, ${((1000 * acceptingAt) / chars).toFixed(1)} accepting positions per 1,000`);
  for (const block of [16, 64]) {
    const free = [1, 2, 4, 8, 16].map((bit) => {
      let blocks = 0;
      let none = 0;
      for (const { flags } of all) {
        for (let b = 0; b < flags.length; b += block, blocks++) {
          let any = false;
          for (let i = b; i < b + block && i < flags.length && !any; i++) any = (flags[i] & bit) !== 0;
          if (!any) none++;
        }
      }
      return share(none, blocks);
    });
    const step = (bit: number, lead: 'max' | 'min'): string => share(all.reduce((n, m) => n + stepped(m.flags, m.depthAt, bit, block, lead), 0), chars);
    console.log(
      `  ${block}-char blocks skippable: startless ${free[0]}, endless ${free[1]}, no shape ${free[2]}, no accept ${free[3]}, no trigram ${free[4]}; ` +
        `characters still stepped: perfect filter ${step(8, 'max')} (lead min ${step(8, 'min')}), trigram filter ${step(16, 'max')} (lead min ${step(16, 'min')})`,
    );
  }
}
