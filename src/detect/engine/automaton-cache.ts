/**
 * The keyword/anchor automaton of a selection, stored once in a versioned, checksummed file and loaded by every later
 * process instead of being rebuilt: building the whole catalog's (2,143 literals, 7,708 states) cost ~60 ms of CPU per
 * process and per worker thread, more than `sift scan` spends on a small file. The file is named by a SHA-256 of the
 * format version and the literals, so a changed catalog or selection finds no file (stale ones are never read) and
 * builds and stores a new one; a file whose checksum or header does not match is ignored and replaced. Files live in
 * build/automata/ beside the native addon (`npm run install` makes build/); when that is not writable the automaton is
 * simply built in memory. SIFT_AUTOMATON_CACHE=0 turns the store off; SIFT_AUTOMATON_DIR moves it.
 *
 * The rules' regex analysis (`regexExtent`, ~20-30 ms of cold CPU for the whole catalog in every process and worker
 * thread) is stored the same way beside it (`<key>.ext`), keyed by the patterns and by the analysis's own code.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AhoCorasick, type AhoCorasickParts } from './aho-corasick.js';
import { regexExtent, regexExtentCode } from './regex-extent.js';

/** Bump when the automaton's construction or this layout changes: older files then stop matching any key. */
const FORMAT = 'sift-automaton-1';
const MAGIC = 0x53494654; // "SIFT"
/** Files kept of each kind (one per distinct selection of literals, or of patterns): the oldest beyond this are removed when one is written. */
const MAX_FILES = 16;

/** src/detect/engine and dist/detect/engine are both three levels below the package root (as native.ts). */
export function automatonDir(): string {
  return process.env.SIFT_AUTOMATON_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'build', 'automata');
}

export function automatonKey(patterns: readonly string[]): string {
  return createHash('sha256').update(FORMAT).update('\u0000').update(JSON.stringify(patterns)).digest('hex');
}

/**
 * Layout (little-endian): header of 8 uint32 [magic, shift, states, delta element size (2 or 4), outputs total,
 * patterns, key length, 0], the key (ASCII), padding to 4, then classOf (65536 bytes), delta, outStart (states + 1
 * uint32), outputs (uint32), lengths (uint32); then the SHA-256 of everything before it.
 */
export function encodeAutomaton(key: string, p: AhoCorasickParts): Buffer {
  const states = p.outputs.length;
  const total = p.outputs.reduce((n, o) => n + o.length, 0);
  const keyBytes = Buffer.from(key, 'ascii');
  const keyPadded = Math.ceil(keyBytes.length / 4) * 4;
  const size = 32 + keyPadded + 65536 + p.delta.byteLength + 4 * (states + 1) + 4 * total + 4 * p.lengths.length;
  const buf = Buffer.alloc(size + 32);
  const head = new Uint32Array(buf.buffer, buf.byteOffset, 8);
  head.set([MAGIC, p.shift, states, p.delta.BYTES_PER_ELEMENT, total, p.lengths.length, keyBytes.length, 0]);
  keyBytes.copy(buf, 32);
  let at = 32 + keyPadded;
  buf.set(p.classOf, at);
  at += 65536;
  buf.set(new Uint8Array(p.delta.buffer, p.delta.byteOffset, p.delta.byteLength), at);
  at += p.delta.byteLength;
  const outStart = new Uint32Array(buf.buffer, buf.byteOffset + at, states + 1);
  const outputs = new Uint32Array(buf.buffer, buf.byteOffset + at + 4 * (states + 1), total);
  let k = 0;
  p.outputs.forEach((o, s) => {
    outStart[s] = k;
    for (const x of o) outputs[k++] = x;
  });
  outStart[states] = k;
  at += 4 * (states + 1) + 4 * total;
  new Uint32Array(buf.buffer, buf.byteOffset + at, p.lengths.length).set(p.lengths);
  createHash('sha256').update(buf.subarray(0, size)).digest().copy(buf, size);
  return buf;
}

/** The parts stored in `buf` under `key`, or undefined when it is not such a file (torn, corrupt, other key). */
export function decodeAutomaton(key: string, buf: Buffer): AhoCorasickParts | undefined {
  if (buf.byteLength < 64 + 65536 || buf.byteOffset % 4 !== 0) return undefined;
  const size = buf.byteLength - 32;
  if (!createHash('sha256').update(buf.subarray(0, size)).digest().equals(buf.subarray(size))) return undefined;
  const [magic, shift, states, width, total, patterns, keyLength] = new Uint32Array(buf.buffer, buf.byteOffset, 8);
  if (magic !== MAGIC || (width !== 2 && width !== 4) || shift > 8) return undefined;
  if (buf.toString('ascii', 32, 32 + keyLength) !== key) return undefined;
  let at = 32 + Math.ceil(keyLength / 4) * 4;
  const expected = at + 65536 + width * (states << shift) + 4 * (states + 1) + 4 * total + 4 * patterns;
  if (expected !== size) return undefined;
  // Copies, so the parts do not keep the file's buffer alive and are aligned whatever Buffer's pool did.
  const classOf = new Uint8Array(buf.subarray(at, at + 65536));
  at += 65536;
  const deltaBytes = buf.buffer.slice(buf.byteOffset + at, buf.byteOffset + at + width * (states << shift));
  const delta = width === 2 ? new Uint16Array(deltaBytes) : new Int32Array(deltaBytes);
  at += width * (states << shift);
  const outStart = new Uint32Array(buf.buffer, buf.byteOffset + at, states + 1);
  const flat = new Uint32Array(buf.buffer, buf.byteOffset + at + 4 * (states + 1), total);
  const outputs: number[][] = [];
  for (let s = 0; s < states; s++) {
    const from = outStart[s];
    const to = outStart[s + 1];
    if (from > to || to > total) return undefined;
    const o: number[] = [];
    for (let k = from; k < to; k++) o.push(flat[k]);
    outputs.push(o);
  }
  at += 4 * (states + 1) + 4 * total;
  const lengths = Array.from(new Uint32Array(buf.buffer, buf.byteOffset + at, patterns));
  return { classOf, shift, delta, outputs, lengths };
}

/** The automaton of `patterns`: loaded from its file when there is a good one, else built (and stored). */
export function loadAutomaton(patterns: readonly string[]): AhoCorasick {
  if (process.env.SIFT_AUTOMATON_CACHE === '0') return new AhoCorasick(patterns);
  const key = automatonKey(patterns);
  const file = join(automatonDir(), `${key}.bin`);
  try {
    const buf = readFileSync(file);
    const parts = decodeAutomaton(key, buf);
    if (parts && parts.lengths.length === patterns.length) return AhoCorasick.fromParts(parts);
  } catch {
    // no file yet (or unreadable): build below
  }
  const automaton = new AhoCorasick(patterns);
  store(file, encodeAutomaton(key, automaton.parts()));
  return automaton;
}

/** Bump when the layout of a stored extents file changes (the analysis's code is part of the key by itself). */
const EXTENT_FORMAT = 'sift-regex-extent-1';

export function regexExtentKey(sources: readonly string[]): string {
  return createHash('sha256').update(EXTENT_FORMAT).update('\u0000').update(regexExtentCode()).update('\u0000').update(JSON.stringify(sources)).digest('hex');
}

/**
 * Layout: the SHA-256 (hex) of the rest, a newline, then JSON `{"key": …, "extents": […]}` with -1 for Infinity. An
 * extent is a non-negative integer or Infinity (regexExtent); anything else is a bad file.
 */
export function encodeRegexExtents(key: string, extents: readonly number[]): Buffer {
  const body = JSON.stringify({ key, extents: extents.map((e) => (e === Infinity ? -1 : e)) });
  return Buffer.from(`${createHash('sha256').update(body).digest('hex')}\n${body}`, 'utf8');
}

/** The extents stored in `buf` under `key` for `count` sources, or undefined when it is not such a file. */
export function decodeRegexExtents(key: string, count: number, buf: Buffer): number[] | undefined {
  const text = buf.toString('utf8');
  const nl = text.indexOf('\n');
  if (nl !== 64) return undefined;
  const body = text.slice(65);
  if (createHash('sha256').update(body).digest('hex') !== text.slice(0, 64)) return undefined;
  let parsed: { key?: unknown; extents?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return undefined;
  }
  const { extents } = parsed;
  if (parsed.key !== key || !Array.isArray(extents) || extents.length !== count) return undefined;
  const out: number[] = [];
  for (const e of extents as unknown[]) {
    if (e === -1) out.push(Infinity);
    else if (typeof e === 'number' && Number.isSafeInteger(e) && e >= 0) out.push(e);
    else return undefined;
  }
  return out;
}

/** `regexExtent` of each source: loaded from its file when there is a good one, else computed (and stored). */
export function loadRegexExtents(sources: readonly string[]): number[] {
  if (process.env.SIFT_AUTOMATON_CACHE === '0' || sources.length === 0) return sources.map(regexExtent);
  const key = regexExtentKey(sources);
  const file = join(automatonDir(), `${key}.ext`);
  try {
    const extents = decodeRegexExtents(key, sources.length, readFileSync(file));
    if (extents) return extents;
  } catch {
    // no file yet (or unreadable): compute below
  }
  const extents = sources.map(regexExtent);
  store(file, encodeRegexExtents(key, extents));
  return extents;
}

/** Writes `file` atomically and prunes its kind (its extension) to MAX_FILES; a read-only install stores nothing. */
function store(file: string, data: Buffer): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file); // atomic: a reader sees the old file, no file, or the whole new one
    prune(dir, extname(file));
  } catch {
    // read-only install: computed in every process, as before the store existed
  }
}

function prune(dir: string, ext: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }));
  if (files.length <= MAX_FILES) return;
  files.sort((a, b) => a.t - b.t);
  for (const { f } of files.slice(0, files.length - MAX_FILES)) {
    try {
      unlinkSync(join(dir, f));
    } catch {
      // another process removed it
    }
  }
}
