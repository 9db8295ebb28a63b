// Sensitive data discovery results: every analysed object, with or without findings, gets its record written as gzip
// JSON Lines under the account's configured bucket and prefix, in Macie's layout
// `<prefix>/AWSLogs/<account>/Macie/<region>/<jobId>/<unitId>.jsonl.gz` — one file per work unit, so a unit done again
// after a crash rewrites the same file instead of adding a second one.
import { gzipSync } from 'node:zlib';

export interface ResultsDestination {
  bucket: string;
  keyPrefix: string;
  /** The KMS key the results are written SSE-KMS with (the export configuration's kmsKeyArn). */
  kmsKeyArn?: string;
  /** The job (aws:SourceArn of Macie's use of the key). */
  sourceArn?: string;
  region?: string;
}

/** Where results go (the export configuration), and how they are written (the object storage). */
export interface DiscoveryResultsSink {
  /**
   * The configured destination, when Macie may write there on behalf of `sourceArn` (the job); undefined when none is
   * configured or the bucket's policy refuses Macie (results are then not written, as for an unset configuration).
   */
  destination(accountId: string, region: string, sourceArn: string): Promise<ResultsDestination | undefined>;
  write(accountId: string, destination: ResultsDestination, key: string, body: Buffer): Promise<void>;
}

export function resultsKey(dest: ResultsDestination, accountId: string, region: string, jobId: string, unitId: string): string {
  const prefix = dest.keyPrefix ? dest.keyPrefix.replace(/\/*$/, '/') : '';
  return `${prefix}AWSLogs/${accountId}/Macie/${region}/${jobId}/${unitId}.jsonl.gz`;
}

export function gzipJsonLines(records: readonly unknown[]): Buffer {
  return gzipSync(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
