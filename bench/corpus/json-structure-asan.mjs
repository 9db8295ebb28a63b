/**
 * json-structure.c built by hand with sanitizers, against the JavaScript tokenizer on random and mutated JSON (the
 * vitest fuzz runs the normal build; this runs a sanitized one, outside vitest):
 *
 *   gcc -shared -fPIC -O1 -g -std=c11 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
 *     -DNAPI_VERSION=8 -I/usr/include/node src/extract/native/json-structure.c -o /tmp/asan/sift_json_structure.node
 *   LD_PRELOAD=$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so) ASAN_OPTIONS=detect_leaks=0 \
 *     node bench/corpus/json-structure-asan.mjs /tmp/asan/sift_json_structure.node [seed] [documents]
 *
 * Uses this tree's dist/ (npm run build). Prints the number of documents whose events, errors, lines or depth differ.
 * Each document is also read in byte mode (its UTF-8 bytes, the Latin-1 reading as the chunk, cuts between code points)
 * against the JavaScript tokenizer on its text, and utf16End runs over random (also invalid) bytes. Member names are
 * interned (scan's names): one long-lived tokenizer reads records of random names (every length to past 16) until the
 * table is full (an id must always stand for one text), and scan runs on tables filled with random integers. String
 * values and numbers are interned the same way (scan's values), checked alike (values of random text and length).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { JsonTokenizer, JsonSyntaxError, JsonDepthError } = await import(pathToFileURL(join(import.meta.dirname, '../../dist/extract/json-tokenizer.js')).href);
const asan = createRequire(import.meta.url)(process.argv[2]);
let seed = Number(process.argv[3] ?? 1);
const r = () => { seed = (seed + 0x6d2b79f5) >>> 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const S = ['', 'Ann', 'a\\b', 'q"q', 'l\nb', '\u00e9\u{1F600}', '\u0001', '\ud800', 'x'.repeat(37), '\ufeff'];
const val = (d) => { const x = r(); if (d > 8 || x < 0.3) return S[Math.floor(r() * S.length)]; if (x < 0.45) return [0, -1, 12.5, -2.5e-7, 1e21][Math.floor(r() * 5)]; if (x < 0.5) return [true, false, null][Math.floor(r() * 3)]; if (x < 0.7) return Array.from({ length: Math.floor(r() * 4) }, () => val(d + 1)); const o = {}; for (let k = Math.floor(r() * 4); k > 0; k--) o[S[Math.floor(r() * S.length)] + k] = val(d + 1); return o; };
const N = ['{', '}', '[', ']', ':', ',', '"', '\\', '\n', ' ', '0', '1', '-', '.', 'e', 't', 'n', '\u00e9', '\u20ac', '\u{1F600}', '\ufeff'];
const total = Number(process.argv[4] ?? 20000);
let bad = 0;
for (let n = 0; n < total; n++) {
  let doc = '';
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) doc += JSON.stringify(val(0), null, r() < 0.5 ? 0 : 1) + '\n';
  if (r() < 0.1) doc = '['.repeat(Math.floor(r() * 80)) + doc;
  for (let m = r() < 0.5 ? 0 : Math.floor(r() * 4); m > 0; m--) { const at = Math.floor(r() * (doc.length + 1)); doc = doc.slice(0, at) + N[Math.floor(r() * N.length)] + doc.slice(at + (r() < 0.5 ? 1 : 0)); }
  const cuts = [0]; while (cuts.at(-1) < doc.length) cuts.push(Math.min(doc.length, cuts.at(-1) + 1 + Math.floor(r() * 100)));
  const piece = r() < 0.5 ? 16 + Math.floor(r() * 30) : 1 << 20, depth = r() < 0.3 ? 1 + Math.floor(r() * 70) : 64;
  const run = (structure) => { const t = new JsonTokenizer(piece, depth, undefined, structure); const out = [];
    const go = (f) => { try { const c = f(); out.push(JSON.stringify(t.events.slice(0, c))); } catch (e) { if (!(e instanceof JsonSyntaxError || e instanceof JsonDepthError)) throw e; out.push(e.message); t.reset(); } out.push(t.line, t.depth); };
    for (let k = 1; k < cuts.length; k++) go(() => t.push(doc, cuts[k - 1], cuts[k])); go(() => t.end()); return out.join('|'); };
  if (run(asan) !== run(null)) { bad++; if (bad < 3) console.log('MISMATCH', JSON.stringify(doc)); }
  // Byte mode: well-formed text (a mutation may have cut a surrogate pair), cuts moved off a pair's middle.
  const text = Buffer.from(doc, 'utf8').toString('utf8');
  const utf8 = Buffer.from(text, 'utf8');
  const latin1 = utf8.toString('latin1');
  const at = [0];
  while (at.at(-1) < text.length) { let c = Math.min(text.length, at.at(-1) + 1 + Math.floor(r() * 100)); if (c < text.length && text.charCodeAt(c - 1) >= 0xd800 && text.charCodeAt(c - 1) <= 0xdbff) c++; at.push(c); }
  const byteAt = at.map((c) => Buffer.byteLength(text.slice(0, c)));
  const runText = (structure, bytes) => { const t = new JsonTokenizer(piece, depth, undefined, structure); const out = [];
    const go = (f) => { try { const c = f(); out.push(JSON.stringify(t.events.slice(0, c))); } catch (e) { if (!(e instanceof JsonSyntaxError || e instanceof JsonDepthError)) throw e; out.push(e.message); t.reset(); } out.push(t.line, t.depth); };
    for (let k = 1; k < at.length; k++) go(() => (bytes ? t.push(latin1, byteAt[k - 1], byteAt[k], utf8) : t.push(text, at[k - 1], at[k]))); go(() => t.end()); return out.join('|'); };
  if (runText(asan, true) !== runText(null, false)) { bad++; if (bad < 3) console.log('BYTE MODE MISMATCH', JSON.stringify(text)); }
  const junk = Uint8Array.from({ length: Math.floor(r() * 40) }, () => (r() < 0.5 ? 0x61 : Math.floor(r() * 256)));
  const from = Math.floor(r() * (junk.length + 1));
  const end = asan.utf16End(junk, from, from + Math.floor(r() * (junk.length - from + 1)), Math.floor(r() * 50));
  if (end < from || end > junk.length) { bad++; console.log('utf16End out of range', end); }
}
// Interned names: a table and an arena filled to the end, then corrupt tables.
const idText = new Map();
const valueText = new Map();
const same = (ids, chunk, from, to, id) => { if (id < 0) return; const text = chunk.slice(from, to); if ((ids.get(id) ?? text) !== text) { bad++; console.log('ID MISMATCH', id, text); } ids.set(id, text); };
const sink = { start() {}, end() {}, string() {}, number() {}, literal() {}, valueEnd() {},
  key: (chunk, from, to, line, id) => same(idText, chunk, from, to, id),
  stringAt: (chunk, from, to, line, id) => same(valueText, chunk, from, to, id),
  numberAt: (chunk, from, to, line, id) => same(valueText, chunk, from, to, id) };
const long = new JsonTokenizer(1 << 20, 64, sink, asan);
for (let n = 0; n < total / 4; n++) {
  const name = () => Array.from({ length: Math.floor(r() * (r() < 0.3 ? 20 : 6)) }, () => 'abcdefgh'[Math.floor(r() * 8)]).join('');
  const value = (i) => (r() < 0.3 ? `${i * Math.floor(r() * 1e6)}` : `"${name()}"`);
  const doc = `{${Array.from({ length: 1 + Math.floor(r() * 6) }, (_, i) => `"${name()}": ${value(i)}`).join(',')}}\n`;
  if (r() < 0.5) long.push(doc);
  else { const b = Buffer.from(doc); long.push(b.toString('latin1'), 0, b.length, b); }
}
const state = new Int32Array(9);
for (let n = 0; n < total / 4; n++) {
  const names = new Int32Array(asan.namesInts);
  for (let k = 0; k < names.length; k++) if (r() < 0.3) names[k] = Math.floor((r() - 0.5) * 2 ** 32);
  const values = new Int32Array(asan.namesInts);
  for (let k = 0; k < values.length; k++) if (r() < 0.3) values[k] = Math.floor((r() - 0.5) * 2 ** 32);
  const text = `{"ab": 1, "cd": "2", "${'e'.repeat(Math.floor(r() * 20))}": 3, "ab": "${'f'.repeat(Math.floor(r() * 20))}"}`;
  // Bytes (names near the end: packed by the byte loop) or UTF-16.
  const doc = r() < 0.5 ? Buffer.from(text) : Uint16Array.from(text, (c) => c.charCodeAt(0));
  state.fill(0); state[4] = 64; state[5] = 1 << 20; state[7] = doc.length;
  asan.scan(doc, state, new Uint8Array(8), new Int32Array(256), names, values);
}
console.log(`${total} documents, ${bad} mismatches, ${idText.size} names and ${valueText.size} values interned`);
