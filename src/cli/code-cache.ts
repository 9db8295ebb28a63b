/**
 * A classic script run with a V8 code cache (issue 12, `sift scan`'s start-up). Node 20 caches no compiled code for ES
 * modules, so `npm run build` also writes the scan bundle as one wrapped CommonJS script (scripts/bundle/scan-script.mjs)
 * and a cache of its compiled code, taken after a small training scan so that the functions a scan compiles lazily
 * are in it too (scripts/bundle/scan-cache.mjs). Compiling the bundle and then its functions one by one as they first
 * run becomes deserializing one cache.
 *
 * What guards the cache. V8 accepts cached data only when its magic number, V8 version, flag hash (the flags it was
 * made under: bin/sift.js sets `--interrupt-budget` before loading, and the producer runs through bin/sift.js) and
 * payload length match and the source has the same LENGTH; it does not compare the source's text, and it checks the
 * payload's checksum only in debug builds, so damaged data would be deserialized as it is. Here, the script ends with
 * a line naming its own SHA-256 (written by the build, `sealScript`), and the cache file starts with a SHA-256 over that
 * digest and the payload: a cache made from another build of the script, or damaged, or torn, is never handed to V8.
 * The script's text is not hashed again at each start (1.4 MB, ~1 ms): like the rest of dist/ it is trusted as built,
 * and an edit that changes its length is still caught by V8. A cache V8 rejects (another Node version, other flags)
 * costs a compile from source, as if there were no cache.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { debuglog } from 'node:util';
import vm from 'node:vm';

const DIGEST_BYTES = 32;
/** `NODE_DEBUG=sift_code_cache` reports what became of the cache (the e2e test reads it). */
const debug = debuglog('sift_code_cache');

/** A loaded script: its CommonJS exports, and whether V8 took the cache. */
export interface CachedScript {
  exports: Record<string, unknown>;
  /** true: the cache was used; false: V8 rejected it (compiled from source); undefined: run without one. */
  cacheAccepted: boolean | undefined;
  /** Writes the cache of everything compiled so far (call it after a representative run). */
  writeCache(): void;
}

export interface ScriptFiles {
  /** The wrapped script: `(function (exports, require, module, __filename, __dirname, importMeta, import) {...})`. */
  script: string;
  cache: string;
  /** What the script sees as `import.meta.url`. */
  importMetaUrl: string;
}

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const SEAL_PREFIX = '\n//# sift-script-sha256=';
const SEAL_LENGTH = SEAL_PREFIX.length + 2 * DIGEST_BYTES + 1;

/** The script's text with its last line naming its SHA-256: what the cache is bound to (the build calls this). */
export function sealScript(text: string): string {
  return `${text}${SEAL_PREFIX}${sha256(Buffer.from(text)).toString('hex')}\n`;
}

/** The digest a sealed script names, or undefined for a script without the line. */
export function scriptSeal(source: Buffer): Buffer | undefined {
  const tail = source.subarray(source.length - SEAL_LENGTH).toString('latin1');
  const hex = /^\n\/\/# sift-script-sha256=([0-9a-f]{64})\n$/.exec(tail)?.[1];
  return hex === undefined ? undefined : Buffer.from(hex, 'hex');
}

/** The cache's payload if the file is whole and was made from the script whose seal is `seal`, else undefined. */
export function readCache(file: string, seal: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length <= DIGEST_BYTES) return undefined;
  const payload = data.subarray(DIGEST_BYTES);
  return sha256(seal, payload).equals(data.subarray(0, DIGEST_BYTES)) ? payload : undefined;
}

/** Writes `payload` as the cache of the script sealed `seal`, whole or not at all (a scan starting meanwhile reads the old file). */
export function writeCacheFile(file: string, seal: Buffer, payload: Buffer): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, Buffer.concat([sha256(seal, payload), payload]));
  renameSync(partial, file);
}

/**
 * Runs the script with its cache. Returns undefined, having run nothing, when the script is missing or, unless
 * `withoutCache`, the cache is missing or not the script's: the caller then loads the ES module bundle as before.
 * `withoutCache` (the producer) compiles from source so that `writeCache` stores what this run compiles.
 */
export function runCachedScript(files: ScriptFiles, withoutCache = false): CachedScript | undefined {
  let source: Buffer;
  try {
    source = readFileSync(files.script);
  } catch {
    return undefined;
  }
  const seal = scriptSeal(source);
  if (!seal) {
    debug('%s: not a sealed script', files.script);
    return undefined;
  }
  const cachedData = withoutCache ? undefined : readCache(files.cache, seal);
  if (!withoutCache && !cachedData) {
    debug('%s: no cache made from this script', files.cache);
    return undefined;
  }
  const script = new vm.Script(source.toString('utf8'), { filename: files.script, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  // The script's dynamic imports of packages (pdfjs-dist, cli-progress; scripts/bundle/scan-script.mjs) are this
  // module's: dist/ shares the script's node_modules.
  const dynamicImport = (specifier: string): Promise<unknown> => import(specifier);
  wrapper(module.exports, createRequire(files.script), module, files.script, dirname(files.script), { url: files.importMetaUrl }, dynamicImport);
  const cacheAccepted = cachedData ? script.cachedDataRejected === false : undefined;
  if (cachedData) debug('%s: %s by V8', files.cache, cacheAccepted ? 'accepted' : 'rejected');
  return {
    exports: module.exports,
    cacheAccepted,
    writeCache: () => writeCacheFile(files.cache, seal, script.createCachedData()),
  };
}
