/**
 * csv-split.c built by hand with sanitizers, against the JavaScript row loop on random and mutated delimited text (the
 * vitest fuzz runs the normal build; this runs a sanitized one, outside vitest):
 *
 *   gcc -shared -fPIC -O1 -g -std=c11 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
 *     -DNAPI_VERSION=8 -I/usr/include/node src/extract/native/csv-split.c -o /tmp/asan/sift_csv_split.node
 *   LD_PRELOAD=$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so) ASAN_OPTIONS=detect_leaks=0 \
 *     node bench/corpus/csv-split-asan.mjs /tmp/asan/sift_csv_split.node [seed] [documents]
 *
 * Uses this tree's dist/ (npm run build). Each document is read (1) through readDelimitedBatches in random chunks with
 * the sanitized pass and without it, batches compared, and (2) by calling the pass directly on units exactly as long
 * as the document (ASan's red zone right after them), UTF-16 and Latin-1 (the same cells where the document is
 * Latin-1), with small cell arrays, and gather on each call's cells into outputs exactly as long as they need; (3) latin1 (utf8-latin1.h) on the document's mutated bytes, copied into an array of
 * their exact length, into an output as long, against TextDecoder. Prints the number of mismatches.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const { readDelimitedBatches } = await import(pathToFileURL(join(import.meta.dirname, '../../dist/extract/csv.js')).href);
const { defaultScanLimits } = await import(pathToFileURL(join(import.meta.dirname, '../../dist/common/limits.js')).href);
const asan = createRequire(import.meta.url)(process.argv[2]);
let seed = Number(process.argv[3] ?? 1);
const r = () => { seed = (seed + 0x6d2b79f5) >>> 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const A = ['a', 'bc', 'Ann Lee', '123-45-6789', 'x'.repeat(9), 'y'.repeat(23), '\u00e9', '\u0142', '\u{1F600}', ' ', '"', '""', '\n', '\r\n', '\r', ''];
const N = ['"', '""', ',', '\t', ';', '|', '\n', '\r', '\r\n', 'z'];
const D = [[',', true], ['\t', false], [';', true], ['|', false]];
const total = Number(process.argv[4] ?? 20000);
let bad = 0;
const meta = new Int32Array(8 * 4096); // gather's columns and scratch
for (let n = 0; n < total; n++) {
  const [d, quoting] = D[Math.floor(r() * D.length)];
  const pick = () => (r() < 0.1 ? d : A[Math.floor(r() * A.length)]);
  const cell = () => { const x = r(); if (x < 0.15) return ''; if (x < 0.45) return `"${Array.from({ length: Math.floor(r() * 4) }, pick).join('').replace(/"/g, r() < 0.7 ? '""' : '"')}"`; return Array.from({ length: Math.floor(r() * 4) }, pick).join(''); };
  const width = 1 + Math.floor(r() * 6);
  let doc = Array.from({ length: 2 + Math.floor(r() * 40) }, () => Array.from({ length: width }, cell).join(d)).join(['\n', '\r\n', '\r'][Math.floor(r() * 3)]);
  for (let m = r() < 0.5 ? 0 : Math.floor(r() * 4); m > 0; m--) { const at = Math.floor(r() * (doc.length + 1)); doc = doc.slice(0, at) + N[Math.floor(r() * N.length)] + doc.slice(at + (r() < 0.5 ? 1 : 0)); }
  const bytes = Buffer.from(doc);
  const chunks = []; const max = [1, 3, 17, 200, 1 << 16][Math.floor(r() * 5)];
  for (let i = 0; i < bytes.length; ) { const k = 1 + Math.floor(r() * max); chunks.push(bytes.subarray(i, i + k)); i += k; }
  const limits = { ...defaultScanLimits, ...(r() < 0.5 ? { maxSegmentChars: 16 + Math.floor(r() * 20), seamContextChars: 4, seamLookaheadChars: 8 } : {}) };
  const run = async (native) => { const out = []; for await (const b of readDelimitedBatches(Readable.from(chunks), limits, { delimiter: d, quoting }, undefined, native)) out.push(JSON.stringify([b.count, b.chars, b.segments, b.segmentOrders, b.groups.map((g) => [g.keywordContext, g.texts, g.orders, g.texts.map((_, i) => g.location(i))])])); return out.join('|'); };
  if ((await run(asan)) !== (await run(null))) { bad++; if (bad < 3) console.log('MISMATCH', JSON.stringify(doc)); }
  // Direct calls on units exactly the document's length (UTF-16, and Latin-1: each unit's low byte), a random start,
  // one to three cells per call; a Latin-1 document's cells must be the same at either width.
  const maxField = 1 + Math.floor(r() * 40);
  const ncellsMax = 1 + Math.floor(r() * 3);
  const start = Math.floor(r() * doc.length);
  const direct = (Units) => {
    const units = new Units(doc.length);
    for (let i = 0; i < doc.length; i++) units[i] = doc.charCodeAt(i) & (Units === Uint8Array ? 0xff : 0xffff);
    const state = new Int32Array(13);
    state.set([0, units.length, d.charCodeAt(0), quoting ? 1 : 0, maxField, 1 << 16, 4096, 2, 1, 0, 0]);
    const cells = new Int32Array(4 * ncellsMax);
    const found = [];
    for (let i = start; i < units.length; ) {
      state[0] = i;
      const next = asan.split(units, state, cells);
      // gather on those cells into an output exactly as long as they need (ASan's red zone right after it).
      const n = state[12];
      let need = 0;
      for (let k = 0; k < n; k++) need += cells[4 * k + 1] - cells[4 * k] + 1;
      const joined = new Units(need);
      if (n > 0 && asan.gather(units, cells, new Int32Array([n, i, 1]), joined, meta, new Int32Array(3 * (n + 1))) < 0) bad++;
      found.push([...cells.subarray(0, 4 * n)].join(), String.fromCharCode(...joined));
      if (next === i) break; // a cell the JavaScript general path would read
      i = next;
    }
    return found.join('|');
  };
  const wide = direct(Uint16Array);
  const narrow = direct(Uint8Array);
  if (!/[^\u0000-\u00ff]/.test(doc) && wide !== narrow) { bad++; if (bad < 3) console.log('WIDTH MISMATCH', JSON.stringify(doc)); }
  // latin1 (utf8-latin1.h) on the document's bytes cut anywhere, mutated, into an output exactly as long as they are.
  const raw = Buffer.from(bytes.subarray(Math.floor(r() * bytes.length)));
  for (let m = Math.floor(r() * 3); m > 0 && raw.length > 0; m--) raw[Math.floor(r() * raw.length)] = [0xc3, 0xc2, 0xc0, 0x80, 0xff][Math.floor(r() * 5)];
  const exact = new Uint8Array(raw.length);
  const got = asan.latin1(new Uint8Array(raw), exact);
  let want;
  try { want = new TextDecoder('utf-8', { fatal: true }).decode(raw); if (/[^\u0000-\u00ff]/.test(want)) want = undefined; } catch { want = undefined; }
  if ((got >= 0 ? Buffer.from(exact.buffer, 0, got).toString('latin1') : undefined) !== want) { bad++; if (bad < 3) console.log('LATIN1 MISMATCH', JSON.stringify([...raw])); }
}
console.log(`${total} documents, ${bad} mismatches`);
