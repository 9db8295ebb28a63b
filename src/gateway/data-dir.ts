// The data directory, sealed: the directory and every directory under it 0700, every file 0600, so no other local
// user reads the database, object files, log segments or keys. New files are created with those modes (explicit
// modes where Sift writes, and a 077 umask for what libraries write, such as SQLite's -wal and -shm); at start the
// whole tree is checked and anything looser is repaired, with a warning. The master key lives here as
// `master.key` (0600) unless the operator provides it (SIFT_MASTER_KEY), apart from the database it protects.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MasterKey } from '../common/index.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export const masterKeyFile = (dataDir: string) => join(dataDir, 'master.key');

/** Creates the data directory (0700) and repairs looser modes under it; returns what it repaired. */
export function sealDataDir(dataDir: string, warn: (message: string) => void = (m) => process.stderr.write(`warning: ${m}\n`)): string[] {
  mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
  const repaired: string[] = [];
  const visit = (path: string) => {
    const st = lstatSync(path);
    // Symbolic links are not followed: their target is the operator's choice, outside what Sift writes.
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? DIR_MODE : FILE_MODE;
    if ((st.mode & 0o777) !== want) {
      chmodSync(path, want);
      repaired.push(`${path} (${(st.mode & 0o777).toString(8)} → ${want.toString(8)})`);
    }
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dataDir);
  if (repaired.length) {
    const shown = repaired.slice(0, 10).join(', ');
    warn(`the data directory ${dataDir} was readable by others; sealed ${repaired.length} path(s) to 0700/0600: ${shown}${repaired.length > 10 ? ', …' : ''}`);
  }
  return repaired;
}

/**
 * The master key: SIFT_MASTER_KEY (base64, 32 bytes) when given, else `<dataDir>/master.key`, created on first
 * start (base64, 0600). Losing it loses every sealed secret and every object, so it is never rewritten.
 */
export function loadMasterKey(dataDir: string, fromEnv: string | undefined): MasterKey {
  if (fromEnv) return MasterKey.fromBase64(fromEnv);
  const file = masterKeyFile(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
  // Written whole to a temp file, then linked into place: two processes starting at once cannot both create it,
  // and neither can read a half-written one; the loser reads the winner's.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', FILE_MODE);
  try {
    writeSync(fd, MasterKey.generate().bytes().toString('base64') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  const text = readFileSync(file, 'utf8');
  try {
    return MasterKey.fromBase64(text);
  } catch {
    throw new Error(`${file} does not hold a master key (base64 of 32 bytes)`);
  }
}
