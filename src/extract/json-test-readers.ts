/** For the JSON readers' tests: the readers loaded afresh with the native pass on or off (SIFT_NATIVE=0). */
import { jsonStructurePass } from './native/json-structure.js';

export type JsonReaders = typeof import('./json.js');

/**
 * `resetModules` is vitest's `vi.resetModules` (this file does not import vitest: it is built with the sources). Returns
 * the readers and whether the native pass was loaded under that setting (the addon loads on first use: now).
 */
export async function jsonReadersWith(native: boolean, resetModules: () => void): Promise<{ readers: JsonReaders; loaded: boolean }> {
  resetModules();
  const before = process.env.SIFT_NATIVE;
  if (!native) process.env.SIFT_NATIVE = '0';
  try {
    const readers = await import('./json.js');
    const pass: { jsonStructurePass: typeof jsonStructurePass } = await import('./native/json-structure.js');
    return { readers, loaded: pass.jsonStructurePass() !== undefined };
  } finally {
    if (before === undefined) delete process.env.SIFT_NATIVE;
    else process.env.SIFT_NATIVE = before;
  }
}
