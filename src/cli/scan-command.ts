/**
 * `sift scan PATH… [--json] [--identifiers ID,…|ALL] [--custom FILE] [--allow-list FILE]`: scans local files and folders
 * without a server. Files are scanned whole on worker threads (one per core; this same module is the worker's entry),
 * each running the pure scan path (extract → detect). On a terminal: a progress bar on stderr and a summary table per
 * type; with --json: one sensitive data discovery result per object (plus one per archive member with detections)
 * as JSON Lines on stdout. Exit status: 0 nothing found, 1 something found, 2 error.
 *
 * --custom FILE: JSON, one custom data identifier or an array of them, in Macie's CreateCustomDataIdentifier shape
 *   ({ name, regex, keywords?, ignoreWords?, maximumMatchDistance? }, an `id` is derived from the name when absent).
 * --allow-list FILE: a text file, one literal entry per line (Macie's S3 words list format); lines of the form
 *   `regex:PATTERN` add a regex allow list instead.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, createReadStream, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Command } from 'commander';
import { defaultScanLimits } from '../common/limits.js'; // not index.js: the scan path stays free of config and sealing
import { compileScanner, type AllowListSpec, type CustomIdentifierSpec, type Scanner, type ScannerSelection } from '../detect/index.js';
// Not scan/index.js: that also loads the reveal-samples module, which `sift scan` never uses (start-up time, issue 12).
import { renderDiscoveryResults, toJsonLines } from '../scan/discovery-result.js';
import { scanObject } from '../scan/scan-object.js';
import type { ObjectScanResult } from '../scan/types.js';
import { sortNames } from './scan-order.js';
import { folderPaths } from './scan-paths.js';
import { FormatSchedule } from './scan-schedule.js';

export interface ScanFile {
  path: string;
  size: number;
  /** `resolve(path)`, when the listing knew it (a folder's entries); the JSON results name it. */
  absolute?: string;
}

type ToWorker = { kind: 'scan'; id: number; path: string; size: number } | { kind: 'stop' };
type FromWorker =
  | { kind: 'ready' }
  | { kind: 'bytes'; bytes: number }
  | { kind: 'result'; id: number; result: ObjectScanResult }
  | { kind: 'failed'; id: number; message: string };

interface WorkerSetup {
  kind: 'sift-scan-worker';
  selection: ScannerSelection;
}

export class ScanUsageError extends Error {}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('Scan local files and folders for sensitive data (no server needed)')
    .argument('<paths...>', 'files or folders to scan')
    .option('--json', 'print one sensitive data discovery result per object as JSON Lines')
    .option('--identifiers <ids>', 'managed data identifier IDs to use (comma-separated), or ALL for the whole catalog; default: the recommended set')
    .option('--custom <file>', 'custom data identifiers (JSON: one object or an array)')
    .option('--allow-list <file>', 'allow list: one entry per line, or regex:PATTERN lines')
    .action(async (paths: string[], opts: { json?: boolean; identifiers?: string; custom?: string; allowList?: string }) => {
      process.exitCode = await runScan(paths, opts);
    });
}

/** Runs a scan and returns the exit status. */
export async function runScan(
  paths: string[],
  opts: { json?: boolean; identifiers?: string; custom?: string; allowList?: string },
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  let selection: ScannerSelection;
  let files: ScanFile[];
  let special: SpecialFile[];
  let scanner: Scanner;
  try {
    selection = await buildSelection(opts);
    scanner = compileScanner(selection); // rejects bad identifiers before any file is read; reused when no worker runs
    ({ files, special } = await listFiles(paths));
  } catch (e) {
    err.write(`sift scan: ${(e as Error).message}\n`);
    return 2;
  }
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const showProgress = Boolean((err as NodeJS.WriteStream).isTTY);
  // The progress bar's module loads only on a terminal (start-up time matters for `sift scan` of one file).
  const cliProgress = showProgress ? (await import('cli-progress')).default : undefined;
  const bar = cliProgress
    ? new cliProgress.SingleBar(
        {
          format: 'scanning |{bar}| {percentage}% | {files}/{totalFiles} files | {mb}/{totalMb} MB | {rate} MB/s | ETA {eta_formatted}',
          stream: err as NodeJS.WriteStream,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const started = Date.now();
  let bytesDone = 0;
  let filesDone = 0;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  bar?.start(Math.max(1, totalBytes), 0, { files: 0, totalFiles: files.length, mb: '0.0', totalMb: mb(totalBytes), rate: '0.0' });
  const tick = () =>
    bar?.update(Math.min(bytesDone, Math.max(1, totalBytes)), {
      files: filesDone,
      mb: mb(bytesDone),
      rate: mb(bytesDone / Math.max(0.001, (Date.now() - started) / 1000)),
    });

  const results: ObjectScanResult[] = [];
  const account = localAccount();
  const lines = new LineBatcher(out);
  let failures = 0;
  let found = false;
  const pool = runPool(files, selection, scanner, {
    onBytes: (n) => {
      bytesDone += n;
      tick();
    },
    onResult: (file, result) => {
      filesDone++;
      tick();
      if (opts.json) lines.write(toJsonLines(renderDiscoveryResults(result, localMetadata(file, account))));
      else results.push(result);
      if (result.status.reason === 'PERMISSION_DENIED' || result.status.reason === 'SOURCE_OBJECT_NO_LONGER_AVAILABLE') failures++;
      if (result.detections.some((d) => d.count > 0)) found = true;
    },
    onFailure: (file, message) => {
      filesDone++;
      failures++;
      err.write(`sift scan: ${file.path}: ${message}\n`);
    },
  });
  try {
    await pool;
  } catch (e) {
    lines.flush();
    bar?.stop();
    err.write(`sift scan: a scan worker failed: ${(e as Error).message}\n`);
    return 2;
  }
  bar?.stop();
  // Not regular files (FIFOs, sockets, devices, symbolic links in a directory) are never opened, and said so.
  for (const f of special) {
    const result = skippedSpecial(f);
    if (opts.json) lines.write(toJsonLines(renderDiscoveryResults(result, localMetadata({ path: f.path, size: 0 }, account))));
    else results.push(result);
  }
  lines.flush();
  if (!opts.json) out.write(summary(results, files.length + special.length, totalBytes, (Date.now() - started) / 1000));
  if (failures > 0) return 2;
  return found ? 1 : 0;
}

/**
 * JSON Lines for the output stream, written in pieces of about 64 KiB (or every 200 ms, so a pipe's reader is never
 * kept waiting long): stdout on a pipe or a file writes synchronously, one system call per write, and one or two per
 * result were ~2,200 calls per thousand files.
 */
export class LineBatcher {
  private pending = '';
  private since = 0;
  /** Flushes what waits when the scan goes on for long without another result (a large file after a small one). */
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly maxChars = 1 << 16,
    private readonly maxMs = 200,
  ) {}

  write(text: string): void {
    if (this.pending === '') {
      this.since = Date.now();
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.maxMs).unref();
    }
    this.pending += text;
    if (this.pending.length >= this.maxChars || Date.now() - this.since >= this.maxMs) this.flush();
  }

  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.out.write(text);
  }
}

async function buildSelection(opts: { identifiers?: string; custom?: string; allowList?: string }): Promise<ScannerSelection> {
  const selection: ScannerSelection = {};
  if (opts.identifiers === 'ALL') selection.managedSelector = 'ALL';
  else if (opts.identifiers) {
    selection.managedSelector = 'INCLUDE';
    selection.managedIds = opts.identifiers.split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (opts.custom) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(opts.custom, 'utf8'));
    } catch (e) {
      throw new ScanUsageError(`--custom ${opts.custom}: ${(e as Error).message}`);
    }
    const list = (Array.isArray(parsed) ? parsed : [parsed]) as Partial<CustomIdentifierSpec>[];
    selection.custom = list.map((c, i) => {
      if (!c || typeof c.name !== 'string' || typeof c.regex !== 'string') throw new ScanUsageError(`--custom ${opts.custom}: entry ${i} needs a name and a regex`);
      return { ...c, id: c.id ?? c.name, name: c.name, regex: c.regex } as CustomIdentifierSpec;
    });
  }
  if (opts.allowList) {
    const lines = (await readFile(opts.allowList, 'utf8')).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const lists: AllowListSpec[] = [];
    const words = lines.filter((l) => !l.startsWith('regex:'));
    if (words.length) lists.push({ words });
    for (const l of lines.filter((x) => x.startsWith('regex:'))) lists.push({ regex: l.slice('regex:'.length) });
    selection.allowLists = lists;
  }
  return selection;
}

/** A path that is not a regular file: listed as skipped, never opened (a FIFO would block, a device never end). */
interface SpecialFile {
  path: string;
  kind: 'FIFO' | 'socket' | 'block device' | 'character device' | 'symbolic link';
}

function specialKind(s: { isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean; isSymbolicLink(): boolean }): SpecialFile['kind'] | undefined {
  if (s.isFIFO()) return 'FIFO';
  if (s.isSocket()) return 'socket';
  if (s.isBlockDevice()) return 'block device';
  if (s.isCharacterDevice()) return 'character device';
  if (s.isSymbolicLink()) return 'symbolic link';
  return undefined;
}

function skippedSpecial(f: SpecialFile): ObjectScanResult {
  return {
    key: f.path,
    mimeType: 'application/octet-stream',
    size: 0,
    sizeClassified: 0,
    status: { code: 'SKIPPED', reason: 'UNSUPPORTED_FILE_TYPE_EXCEPTION', message: `not a regular file (${f.kind})${f.kind === 'symbolic link' ? ', not followed' : ''}` },
    detections: [],
    archive: false,
    members: [],
    membersAnalysed: 0,
    expandedBytes: 0,
  };
}

async function listFiles(paths: string[]): Promise<{ files: ScanFile[]; special: SpecialFile[] }> {
  const files: ScanFile[] = [];
  const special: SpecialFile[] = [];
  // Synchronous calls: one thread-pool round trip and event-loop turn per file (a stat each) cost more CPU than the
  // calls themselves (~40 ms per thousand files measured on this path), and nothing else runs meanwhile.
  const walk = (p: string, absolute?: string): void => {
    let s: Stats | undefined;
    try {
      s = statSync(p);
    } catch {
      s = undefined;
    }
    if (!s) throw new ScanUsageError(`${p}: no such file or directory`);
    if (s.isFile()) files.push({ path: p, size: s.size, ...(absolute !== undefined ? { absolute } : {}) });
    else if (s.isDirectory()) {
      const entries = readdirSync(p, { withFileTypes: true });
      sortNames(entries); // as localeCompare orders them
      const folder = folderPaths(p);
      for (const e of entries) {
        if (e.isDirectory() || e.isFile()) walk(folder.entry(e.name), folder.absolute(e.name));
        else {
          const kind = specialKind(e);
          if (kind) special.push({ path: folder.entry(e.name), kind });
        }
      }
    } else {
      const kind = specialKind(s);
      if (kind) special.push({ path: p, kind });
    }
  };
  for (const p of paths) walk(p);
  return { files, special };
}

/** The account and region every result of a scan names, read from the environment once per scan (not per file). */
interface LocalAccount {
  accountId: string;
  region: string;
}

const localAccount = (): LocalAccount => ({ accountId: process.env.SIFT_ACCOUNT_ID ?? '000000000000', region: process.env.SIFT_REGION ?? 'us-east-1' });

function localMetadata(file: ScanFile, account: LocalAccount) {
  return {
    accountId: account.accountId,
    region: account.region,
    id: randomUUID(),
    createdAt: new Date(),
    s3Bucket: { name: 'local' },
    s3Object: { key: file.path, path: file.absolute ?? resolve(file.path) },
  };
}

export interface PoolHandlers {
  onBytes(bytes: number): void;
  onResult(file: ScanFile, result: ObjectScanResult): void;
  onFailure(file: ScanFile, message: string): void;
}

/**
 * Files are read up to 1 MiB at a time (not 64 KiB): a sixteenth of the chunks to decode, split and hand on. A file
 * streamed gets a buffer of its own size per read: many 1 MiB buffers for small files only make work for the garbage
 * collector.
 */
const CHUNK_BYTES = 1 << 20;
const readOptions = (size: number) => ({ highWaterMark: Math.min(CHUNK_BYTES, Math.max(1 << 16, size + 1)) });

/**
 * Files up to this size are read whole, in one synchronous call, into the reused read buffer (see `fileSource`);
 * larger ones stream. Above 1 MiB a read stream hands each chunk over in a fresh buffer, whose pages the kernel's copy
 * faults in one by one (~2,500 faults, 15-25 µs each on a virtual machine, per 20 MB of 1-2 MB JSON files); the
 * buffer is faulted in once. 8 MiB bounds what the buffer may grow to.
 */
const WHOLE_FILE_BYTES = 8 << 20;

/**
 * The buffer files are read into, reused file after file (a fresh one per file cost a page fault per 4 KiB touched,
 * which is dear on a virtual machine). A scan holds it from start to end (scanOne), so a file's reader never sees the
 * next file's bytes; the readers copy what they keep (decoded text, a sniffed head) anyway.
 */
export interface ReadBuffer {
  bytes: Buffer;
}

/** The read buffer no scan holds (undefined while one does: a concurrent scan gets its own). */
let idleReadBuffer: ReadBuffer | undefined;

/**
 * The read buffer, large enough for any file read whole: allocated once at its full size. An uninitialised buffer's
 * pages are mapped only as reads touch them, so a scan of small files touches little of it, and no file's read faults
 * in pages an earlier one already did (a buffer grown to each larger file, or by doubling, faults again every time).
 */
function sized(buffer: ReadBuffer, size: number): Buffer {
  if (buffer.bytes.length < size) buffer.bytes = Buffer.allocUnsafe(WHOLE_FILE_BYTES + 1);
  return buffer.bytes.subarray(0, size);
}

/**
 * A file's bytes for scanObject. A file up to WHOLE_FILE_BYTES is read whole in one synchronous call, which measured
 * about 15% less CPU per byte than a read stream over folders of small files (no stream, no thread-pool round trips),
 * and handed on in views of at most 1 MiB, the chunks a stream would give (the readers see the same pieces; the
 * buffer stays the scan's until it ends). Errors still surface while the scan reads it, as a stream's would. Larger
 * files stream 1 MiB at a time (bounded memory).
 */
export function fileSource(file: ScanFile, readBuffer: ReadBuffer): AsyncIterable<Uint8Array> {
  if (file.size > WHOLE_FILE_BYTES) return createReadStream(file.path, readOptions(file.size));
  return (async function* whole() {
    const fd = openSync(file.path, 'r');
    let got = 0;
    const buf = sized(readBuffer, file.size + 1);
    try {
      for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
    } finally {
      closeSync(fd);
    }
    // At least one chunk, as a stream of an empty file would end at once: an empty view.
    for (let at = 0; at === 0 || at < got; at += CHUNK_BYTES) yield buf.subarray(at, Math.min(got, at + CHUNK_BYTES));
    // The file grew since it was listed: the rest streams, so memory stays bounded whatever it grew to.
    if (got > file.size) yield* createReadStream(file.path, { start: got, highWaterMark: CHUNK_BYTES });
  })();
}

/**
 * Input below this many bytes per extra thread is scanned on fewer threads. A worker costs far more than its start and
 * compile: its isolate warms up its own JIT and runs its own GC, and V8's background threads (concurrent compilation
 * and marking) work for both isolates. Measured on 20 MB folders (2 cores): one thread used 0.65 s CPU on text and
 * 1.2 s on CSV, two threads 0.94 s and 2.2 s, and finished no sooner on a loaded machine. 64 MiB per extra thread keeps
 * folders of a few seconds' work on one thread; larger inputs still use every core for wall-clock time.
 */
const BYTES_PER_WORKER = 64 << 20;

/**
 * How many threads scan: 0 (this thread alone) for one file or little data, else up to one per core. This thread is
 * one of them, so n threads start n - 1 workers: a worker costs about 0.2 s of CPU to start (module loading, scanner
 * compile) plus its JIT warm-up, and this thread would otherwise sit idle waiting for results.
 */
export function scanThreads(files: readonly ScanFile[], cores = availableParallelism()): number {
  const bytes = files.reduce((n, f) => n + f.size, 0);
  const n = Math.min(cores, files.length, Math.ceil(bytes / BYTES_PER_WORKER));
  return n <= 1 ? 0 : n;
}

async function scanOne(file: ScanFile, scanner: Scanner, onBytes: (n: number) => void): Promise<ObjectScanResult> {
  const readBuffer = idleReadBuffer ?? { bytes: Buffer.alloc(0) };
  idleReadBuffer = undefined;
  try {
    return await scanObject({ key: file.path, size: file.size, stream: fileSource(file, readBuffer) }, scanner, defaultScanLimits, { onBytes });
  } finally {
    idleReadBuffer = readBuffer;
  }
}

/** Scans files in this thread, one after the other, with the scanner already compiled. */
async function runInProcess(files: ScanFile[], scanner: Scanner, handlers: PoolHandlers): Promise<void> {
  for (const file of files) {
    try {
      handlers.onResult(file, await scanOne(file, scanner, handlers.onBytes));
    } catch (e) {
      handlers.onFailure(file, (e as Error).message);
    }
  }
}

/** Files a worker is sent ahead of the one it scans, so it never waits while this thread is busy scanning. */
const WORKER_PREFETCH = 2;

/**
 * Scans files on this thread and worker threads, one thread per core (each worker compiles its own scanner: compiled
 * regexes and the native automaton cannot cross threads). Each thread keeps to one format while it has files of it
 * (scan-schedule.ts: every isolate warms up its own JIT for what it reads), the largest files of a format first so the
 * pool finishes together. Little input stays in this thread. `threads` is scanThreads' choice unless a test gives it.
 */
export async function runPool(files: ScanFile[], selection: ScannerSelection, scanner: Scanner, handlers: PoolHandlers, threads = scanThreads(files)): Promise<void> {
  if (files.length === 0) return;
  if (threads === 0) return runInProcess(files, scanner, handlers);
  // Thread 0 is this one, workers are 1 … threads - 1.
  const schedule = new FormatSchedule(files);
  const results = new Map<number, { file: ScanFile; result?: ObjectScanResult; failed?: string }>();
  let nextToEmit = 0;
  // Results are emitted in listing order, whatever order the threads finish in.
  const emitReady = () => {
    for (let r = results.get(nextToEmit); r; r = results.get(nextToEmit)) {
      results.delete(nextToEmit++);
      if (r.result) handlers.onResult(r.file, r.result);
      else handlers.onFailure(r.file, r.failed ?? 'failed');
    }
  };
  const setup: WorkerSetup = { kind: 'sift-scan-worker', selection };
  const workers = Array.from({ length: threads - 1 }, (_, w) =>
    new Promise<void>((done, fail) => {
      const worker = startWorker(setup);
      // Files sent and not yet answered, in the order the worker scans them.
      const sent: Array<{ file: ScanFile; id: number }> = [];
      let stopped = false;
      const top = () => {
        while (sent.length < WORKER_PREFETCH) {
          const next = schedule.take(w + 1);
          if (!next) break;
          sent.push(next);
          worker.postMessage({ kind: 'scan', id: next.id, path: next.file.path, size: next.file.size } satisfies ToWorker);
        }
        if (sent.length === 0 && !stopped) {
          stopped = true;
          worker.postMessage({ kind: 'stop' } satisfies ToWorker);
        }
      };
      worker.on('message', (msg: FromWorker) => {
        if (msg.kind === 'ready') top();
        else if (msg.kind === 'bytes') handlers.onBytes(msg.bytes);
        else {
          const i = sent.findIndex((x) => x.id === msg.id);
          if (i >= 0) sent.splice(i, 1);
          results.set(msg.id, { file: files[msg.id], ...(msg.kind === 'result' ? { result: msg.result } : { failed: msg.message }) });
          emitReady();
          top();
        }
      });
      worker.on('error', (e) => {
        for (const s of sent) results.set(s.id, { file: s.file, failed: e.message });
        emitReady();
        fail(e);
      });
      worker.on('exit', () => done());
    }),
  );
  // This thread scans too, yielding to the event loop between files so the workers' messages are answered.
  const own = (async () => {
    for (let next = schedule.take(0); next; next = schedule.take(0)) {
      try {
        results.set(next.id, { file: next.file, result: await scanOne(next.file, scanner, handlers.onBytes) });
      } catch (e) {
        results.set(next.id, { file: next.file, failed: (e as Error).message });
      }
      emitReady();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();
  await Promise.all([...workers, own]);
  emitReady();
}

/**
 * Starts a worker on this module. Run from TypeScript sources (tsx, vitest) the worker must first register tsx's
 * loader, which a worker does not inherit; the built JavaScript starts directly.
 */
function startWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(import.meta.url), { workerData: setup });
  // vitest's import.meta has no resolve(): there, resolve as require does and take the ES module beside tsx's CommonJS
  // entry (its package exports map both, side by side; the CommonJS one does not register from an eval'd worker).
  const api = typeof import.meta.resolve === 'function'
    ? import.meta.resolve('tsx/esm/api')
    : pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  return new Worker(code, { eval: true, workerData: setup });
}

/** The worker's side: compile the scanner once, then scan the files it is sent, one at a time, in order. */
async function runWorker(setup: WorkerSetup): Promise<void> {
  const port = parentPort!;
  const scanner = compileScanner(setup.selection);
  const pending: ToWorker[] = [];
  let busy = false;
  const drain = async (): Promise<void> => {
    busy = true;
    for (let msg = pending.shift(); msg; msg = pending.shift()) {
      if (msg.kind === 'stop') {
        port.close();
        break;
      }
      await scanFile(msg);
    }
    busy = false;
  };
  const scanFile = async (msg: Extract<ToWorker, { kind: 'scan' }>): Promise<void> => {
    let unreported = 0;
    try {
      const result = await scanOne({ path: msg.path, size: msg.size }, scanner, (n) => {
        unreported += n;
        // Batch progress messages (every 4 MB) so the channel stays quiet.
        if (unreported >= 4 << 20) {
          port.postMessage({ kind: 'bytes', bytes: unreported } satisfies FromWorker);
          unreported = 0;
        }
      });
      if (unreported) port.postMessage({ kind: 'bytes', bytes: unreported } satisfies FromWorker);
      port.postMessage({ kind: 'result', id: msg.id, result } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ kind: 'failed', id: msg.id, message: (e as Error).message } satisfies FromWorker);
    }
  };
  port.on('message', (msg: ToWorker) => {
    pending.push(msg);
    if (!busy) void drain();
  });
  port.postMessage({ kind: 'ready' } satisfies FromWorker);
}

function summary(results: ObjectScanResult[], fileCount: number, totalBytes: number, seconds: number): string {
  const byType = new Map<string, { type: string; category: string; count: number; objects: number }>();
  let skipped = 0;
  let partial = 0;
  let withFindings = 0;
  for (const r of results) {
    if (r.status.code === 'SKIPPED') skipped++;
    if (r.status.code === 'PARTIAL') partial++;
    if (r.detections.some((d) => d.count > 0)) withFindings++;
    for (const d of r.detections) {
      const name = d.custom ? `${d.custom.name} (custom)` : d.type;
      const row = byType.get(name) ?? { type: name, category: d.category, count: 0, objects: 0 };
      row.count += d.count;
      row.objects++;
      byType.set(name, row);
    }
  }
  const rows = [...byType.values()].sort((a, b) => b.count - a.count);
  const lines: string[] = [];
  if (rows.length) {
    const header = ['TYPE', 'CATEGORY', 'COUNT', 'FILES'];
    const table = [header, ...rows.map((r) => [r.type, r.category, String(r.count), String(r.objects)])];
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) lines.push(row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  '));
    lines.push('');
    for (const r of results.filter((x) => x.detections.length)) {
      lines.push(`${r.key}: ${r.detections.map((d) => `${d.custom?.name ?? d.type}×${d.count}`).join(', ')}`);
    }
    lines.push('');
  } else lines.push('No sensitive data found.');
  const mb = (totalBytes / 1024 / 1024).toFixed(1);
  lines.push(
    `${fileCount} files, ${mb} MB in ${seconds.toFixed(1)} s (${(totalBytes / 1024 / 1024 / Math.max(seconds, 0.001)).toFixed(1)} MB/s); ` +
      `${withFindings} with sensitive data, ${partial} partly analysed, ${skipped} skipped`,
  );
  for (const r of results.filter((x) => x.status.code !== 'COMPLETE')) lines.push(`  ${r.status.code} ${r.key}: ${r.status.reason}${r.status.message ? ` (${r.status.message})` : ''}`);
  return lines.join('\n') + '\n';
}

if (!isMainThread && (workerData as WorkerSetup | undefined)?.kind === 'sift-scan-worker') {
  void runWorker(workerData as WorkerSetup);
}
