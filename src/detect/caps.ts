/**
 * Per-file caps Macie documents for single identifiers: it stops counting full names (NAME) and mailing addresses
 * (ADDRESS) after 1,000 detections in a file.
 */
const PER_FILE_CAPS: ReadonlyMap<string, number> = new Map([['NAME', 1000], ['ADDRESS', 1000]]);

/** The most detections of `type` counted in one file, under the general limit `general`. */
export function detectionCapPerFile(type: string, general: number): number {
  const cap = PER_FILE_CAPS.get(type);
  return cap === undefined ? general : Math.min(cap, general);
}
