// Every explicit limit Sift enforces, with its default. docs/limits.md documents each one; change both together.

/** Limits for one object's extraction and detection (passed into extract/ and detect/). */
export interface ScanLimits {
  /** Macie keeps at most this many occurrence locations per type in a finding. */
  maxOccurrencesPerFindingType: number;
  /** …and at most this many per type in a sensitive data discovery result. */
  maxOccurrencesPerResultType: number;
  /**
   * Detections one text segment yields per type (a bound on one scan call's work; a segment holds at most
   * maxSegmentChars characters, so it never cuts a count). An object's counts are exact: Macie's `count` is the total
   * number of occurrences, capped only for NAME and ADDRESS (detect/caps.ts).
   */
  maxMatchesPerTypePerText: number;
  /** Longest line (bytes) a text reader accepts; a longer line is split into pieces of this size. */
  maxLineBytes: number;
  /** Largest text segment handed to the detector at once. */
  maxSegmentChars: number;
  /** Characters of the text ahead of a cut carried into the next segment (keyword and lookbehind context). */
  seamContextChars: number;
  /** Characters past a cut that a segment still reads, so a value starting before the cut is seen whole. */
  seamLookaheadChars: number;
  /** Deepest JSON nesting accepted; deeper objects are skipped with a reason. */
  maxJsonDepth: number;
  /** Deepest archive nesting (zip in tar in gzip …). */
  maxArchiveDepth: number;
  /** Largest expansion ratio of an archive member (uncompressed / compressed). */
  maxExpansionRatio: number;
  /** Total bytes an object may expand to across all of its archive members. */
  maxExpandedBytes: number;
  /** Most members read from one archive. */
  maxArchiveMembers: number;
  /** Largest object read at all (Macie's per-file limits are in docs/limits.md). */
  maxObjectBytes: number;
  /** Largest file a document reader (xlsx, docx, pdf, parquet, …) holds in memory to read it. */
  maxDocumentBytes: number;
  /** Largest uncompressed XML an Office Open XML file (xlsx, docx) may hold. */
  maxOoxmlExpandedBytes: number;
  /** Most pages read from one PDF. */
  maxPdfPages: number;
}

export const defaultScanLimits: ScanLimits = Object.freeze({
  maxOccurrencesPerFindingType: 15,
  maxOccurrencesPerResultType: 1000,
  maxMatchesPerTypePerText: 1_000_000,
  maxLineBytes: 1 << 20,
  maxSegmentChars: 1 << 20,
  seamContextChars: 1024,
  seamLookaheadChars: 32 * 1024,
  maxJsonDepth: 64,
  maxArchiveDepth: 10,
  maxExpansionRatio: 200,
  maxExpandedBytes: 8 * 1024 ** 3,
  maxArchiveMembers: 100_000,
  maxObjectBytes: 16 * 1024 ** 3,
  maxDocumentBytes: 512 * 1024 ** 2,
  maxOoxmlExpandedBytes: 1024 ** 3,
  maxPdfPages: 10_000,
});

/** Limits of the HTTP edge. */
export interface HttpLimits {
  /** Largest body accepted by JSON and query APIs (Macie, Logs, CloudTrail, STS, IAM, CloudWatch). */
  maxApiBodyBytes: number;
  /** Largest single PUT to S3 (AWS: 5 GiB). */
  maxS3PutBytes: number;
  /** Allowed clock skew for SigV4 (AWS: 15 minutes). */
  maxClockSkewMs: number;
}

export const defaultHttpLimits: HttpLimits = Object.freeze({
  maxApiBodyBytes: 10 * 1024 * 1024,
  maxS3PutBytes: 5 * 1024 ** 3,
  maxClockSkewMs: 15 * 60 * 1000,
});
