/**
 * Per-file caps Macie documents for single identifiers: it stops counting full names (NAME) and mailing addresses
 * (ADDRESS) after 1,000 detections in a file.
 */
const PER_FILE_CAPS: ReadonlyMap<string, number> = new Map([['NAME', 1000], ['ADDRESS', 1000]]);

/** The most detections of managed type `type` Macie counts in one file; undefined: every one is counted. */
export function detectionCapPerFile(type: string): number | undefined {
  return PER_FILE_CAPS.get(type);
}
