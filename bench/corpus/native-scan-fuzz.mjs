/**
 * candidates.c `scan` fuzzed against another build of the addon (base's) with every optional table: output checks
 * (outTrail, outExact and exact texts), ibanMin, ibanLen, a word table and all shape gates (card check included), on
 * random texts dense in what the shape masks and the hit checks look at (digits, letters, spaces, hyphens, `+`, `_`,
 * Latin-1, characters packed to 0 or 255), long enough for four chains; each text also as a one-byte string through
 * scan's oneByte path (base's scan ignores the flag). Events (and their order) must be the same. Run
 * it on a sanitized build as native-compile-asan.mjs says:
 *
 *   LD_PRELOAD=$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so) ASAN_OPTIONS=detect_leaks=0 \
 *     node bench/corpus/native-scan-fuzz.mjs /tmp/asan/sift_candidates.node /work/wt/base/build/Release/sift_candidates.node [seed] [tables]
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
const req = createRequire(import.meta.url);
const mine = req(resolve(process.argv[2]));
const base = req(resolve(process.argv[3]));
let seed = Number(process.argv[4] ?? 1);
const r = () => { seed = (seed + 0x6d2b79f5) >>> 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const ri = (n) => Math.floor(r() * n);
const pick = (s) => s[ri(s.length)];
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', LOWER = 'abcdefghijklmnopqrstuvwxyz', DIGITS = '0123456789';
/** A character: mostly ASCII the masks test, sometimes Latin-1, a code unit packed to 255 or 0, or anything. */
const char = () => {
  const x = r();
  if (x < 0.3) return pick(DIGITS);
  if (x < 0.45) return pick(LOWER);
  if (x < 0.55) return pick(UPPER);
  if (x < 0.7) return pick('   --');
  if (x < 0.75) return pick('+_.,(:/\n');
  if (x < 0.8) return String.fromCharCode(0xc0 + ri(0x190));
  if (x < 0.83) return pick(['\u0130', '\u8030', '\uffff', '\u0100']);
  return String.fromCharCode(r() < 0.9 ? ri(384) : ri(65536));
};
let bad = 0, events = 0;
const runs = Number(process.argv[5] ?? 200);
for (let it = 0; it < runs; it++) {
  const shift = 1 + ri(8), cols = 1 << shift, states = 1 + ri(it % 10 === 0 ? 2000 : 200);
  const classOf = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) classOf[c] = c < 384 ? ri(Math.min(cols + 2, 256)) : (r() < 0.01 ? ri(cols) : 0);
  const delta = new Uint16Array(states * cols);
  for (let k = 0; k < delta.length; k++) delta[k] = r() < 0.5 ? 0 : ri(states);
  const outStart = new Uint32Array(states + 1);
  const outs = [];
  for (let s = 0; s < states; s++) { outStart[s] = outs.length; if (s > 0 && r() < 0.3) for (let j = ri(3) + 1; j > 0; j--) outs.push(r() < 0.5 ? -1 : 1 + ri(6)); }
  outStart[states] = outs.length;
  const outLen = Int32Array.from(outs);
  // Per output: a word edge after it (all, none or some of a state's), an exact text now and then.
  const trailMode = ri(3);
  const outTrail = Uint8Array.from(outs, () => (trailMode === 0 ? 1 : trailMode === 1 ? 0 : ri(2)));
  const exactUnits = [];
  const outExact = Int32Array.from(outs, () => {
    if (r() > 0.1) return -1;
    const at = exactUnits.length, len = 1 + ri(3);
    exactUnits.push(len);
    for (let k = 0; k < len; k++) exactUnits.push((r() < 0.5 ? UPPER : LOWER).charCodeAt(ri(26)));
    return at;
  });
  const ibanMin = r() < 0.8 ? Uint8Array.from({ length: 676 }, () => (r() < 0.6 ? 255 : r() < 0.1 ? 64 + ri(3) : ri(30))) : null;
  const ibanLen = r() < 0.5 ? Uint8Array.from({ length: 676 }, () => (r() < 0.8 ? 0 : 5 + ri(30))) : null;
  const words = [];
  for (let w = ri(20); w > 0; w--) {
    const len = 1 + ri(6);
    words.push(len, UPPER.charCodeAt(ri(26)));
    for (let k = 1; k < len; k++) words.push(pick(r() < 0.8 ? LOWER : DIGITS).charCodeAt(0));
  }
  const args = [classOf, delta, outStart, outLen, shift, ri(16), outTrail, outExact, Uint16Array.from(exactUnits), ibanMin,
    words.length ? Uint16Array.from(words) : null, ibanLen];
  const ha = mine.compile(...args), hb = base.compile(...args);
  for (let t = 0; t < 4; t++) {
    const n = ri(t === 0 ? 8000 : 1500);
    let s = '';
    while (s.length < n) {
      const x = r();
      // runs that look like cards, IBANs, phones and given names, across block edges
      if (x < 0.03) s += Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => pick(DIGITS)).join('')).join(pick(' -'));
      else if (x < 0.05) s += pick(UPPER) + pick(UPPER) + pick(DIGITS) + pick(DIGITS) + Array.from({ length: 12 + ri(64) }, () => pick(DIGITS + UPPER)).join('');
      else if (x < 0.06) s += '+' + pick(DIGITS) + pick(' .(-') + pick(DIGITS);
      else s += char();
    }
    // The text as it is (UTF-16), then its one-byte twin (each code unit's low byte) through the one-byte path.
    const oneByte = s.replace(/[^\x00-\xff]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0xff));
    for (const [text, mode] of [[s, false], [oneByte, true]]) {
      const a = new Int32Array(1 << 17), b = new Int32Array(1 << 17);
      const na = mine.scan(ha, text, a, mode), nb = base.scan(hb, text, b);
      if (na !== nb || a.subarray(0, Math.max(0, na) * 3).some((v, i) => v !== b[i])) { bad++; console.log('events differ', it, t, mode, na, nb); }
      events += Math.max(0, na);
    }
  }
}
console.log(`${runs} tables, ${events} events, ${bad} mismatches`);
