/**
 * candidates.c `compile` fuzzed against another build of the addon (base's): random automaton tables (1-3,000 states,
 * shifts 1-8, Uint16Array or Uint32Array transitions, some out of range, outputs on any state including the root),
 * each compiled by both and run over random texts; the events (or the error thrown) must be the same. Run it on a
 * sanitized build:
 *
 *   gcc -shared -fPIC -O1 -g -std=c11 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
 *     -DNAPI_VERSION=8 -I/usr/include/node src/detect/native/candidates.c -o /tmp/asan/sift_candidates.node
 *   LD_PRELOAD=$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so) ASAN_OPTIONS=detect_leaks=0 \
 *     node bench/corpus/native-compile-asan.mjs /tmp/asan/sift_candidates.node /work/wt/base/build/Release/sift_candidates.node [seed] [tables]
 *
 * Prints the tables, events and mismatches.
 */
import { createRequire } from 'node:module';
const req = createRequire(import.meta.url);
const mine = req(process.argv[2]);
const base = req(process.argv[3]);
let seed = Number(process.argv[4] ?? 1);
const r = () => { seed = (seed + 0x6d2b79f5) >>> 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const ri = (n) => Math.floor(r() * n);
let bad = 0, events = 0, runs = Number(process.argv[5] ?? 300);
for (let it = 0; it < runs; it++) {
  const shift = 1 + ri(8), cols = 1 << shift, states = 1 + ri(it % 10 === 0 ? 3000 : 200);
  const classOf = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) classOf[c] = c < 384 ? ri(Math.min(cols + 2, 256)) : (r() < 0.01 ? ri(cols) : 0);
  const delta = (r() < 0.5 ? new Uint16Array(states * cols) : new Uint32Array(states * cols));
  for (let k = 0; k < delta.length; k++) delta[k] = r() < 0.6 ? 0 : ri(states);
  const outStart = new Uint32Array(states + 1);
  const outs = [];
  for (let s = 0; s < states; s++) { outStart[s] = outs.length; if ((s > 0 || r() < 0.15) && r() < 0.3) for (let j = ri(3) + 1; j > 0; j--) outs.push(r() < 0.5 ? -1 : 1 + ri(6)); }
  if (r() < 0.05) delta[ri(delta.length)] = states + ri(3);
  outStart[states] = outs.length;
  const outLen = Int32Array.from(outs);
  const args = [classOf, delta, outStart, outLen, shift, ri(64)];
  let ha, hb, ea, eb;
  try { ha = mine.compile(...args); } catch (e) { ea = e.constructor.name; }
  try { hb = base.compile(...args); } catch (e) { eb = e.constructor.name; }
  if (ea !== eb) { bad++; console.log('throw differs', it, ea, eb); continue; }
  if (ea) continue;
  for (let t = 0; t < 4; t++) {
    const n = ri(t === 0 ? 5000 : 600);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(r() < 0.9 ? ri(384) : ri(65536));
    const a = new Int32Array(1 << 16), b = new Int32Array(1 << 16);
    const na = mine.scan(ha, s, a), nb = base.scan(hb, s, b);
    if (na !== nb || a.subarray(0, Math.max(0, na) * 3).some((v, i) => v !== b[i])) { bad++; console.log('events differ', it, t, na, nb); }
    events += Math.max(0, na);
  }
}
console.log(`${runs} tables, ${events} events, ${bad} mismatches`);
