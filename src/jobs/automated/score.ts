// A bucket's sensitivity score (reference F.8; User Guide "Sensitivity scoring for S3 buckets"). Pure.
//   100    only by the user's override
//   50     not analysed yet (discovery just enabled, bucket just added), or Macie may not read the bucket
//   1      an empty bucket, or one holding only zero-byte objects
//   -1     objects were tried but none could be analysed (object-level errors)
//   1–49   nothing sensitive found: the more of the bucket analysed, the lower
//   51–99  sensitive data found: the more analysed and the more sensitive data, the higher
// Macie combines "the amount of sensitive data found" (the nature and number of sensitive data types and the
// occurrences of each) with "the amount of data analysed" without publishing a formula; Sift's is below and in
// docs/design-notes.md. Suppressed types count as not found.

export interface ScoreInputs {
  override?: number | null;
  /** Macie may not list or read the bucket. */
  accessDenied: boolean;
  /** Objects with at least one byte, at the last listing (undefined: never listed). */
  nonEmptyObjects?: number;
  classifiableBytes: number;
  /** Objects analysed (COMPLETE or PARTIAL) and tried but skipped. */
  analysed: number;
  skipped: number;
  bytesClassified: number;
  /** Analysed objects with at least one detection that isn't suppressed. */
  sensitiveObjects: number;
  /** Types (not suppressed) found, with their occurrences. */
  types: ReadonlyArray<{ count: number; category: 'CREDENTIALS' | 'FINANCIAL' | 'PERSONAL' | 'CUSTOM' }>;
}

/** How much a type weighs: credentials and financial data weigh more than personal data (Macie's severities). */
const WEIGHT = { CREDENTIALS: 1, FINANCIAL: 0.9, PERSONAL: 0.7, CUSTOM: 0.7 } as const;

export function sensitivityScore(i: ScoreInputs): number {
  if (i.override === 100) return 100;
  if (i.accessDenied) return 50;
  if (i.nonEmptyObjects === 0) return 1;
  if (i.analysed === 0) return i.skipped > 0 ? -1 : 50;
  // Coverage: the share of the classifiable bytes analysed (0..1).
  const coverage = i.classifiableBytes > 0 ? Math.min(1, i.bytesClassified / i.classifiableBytes) : 1;
  if (i.sensitiveObjects === 0 || i.types.length === 0) return Math.max(1, Math.min(49, Math.round(49 - 48 * coverage)));
  const share = i.sensitiveObjects / i.analysed;
  const nature = Math.min(1, i.types.reduce((s, t) => s + WEIGHT[t.category], 0) / 4);
  const occurrences = Math.min(1, Math.log10(1 + i.types.reduce((s, t) => s + t.count, 0)) / 4);
  const amount = 0.4 * share + 0.35 * nature + 0.25 * occurrences;
  const confidence = 0.5 + 0.5 * coverage;
  return Math.max(51, Math.min(99, 51 + Math.round(48 * amount * confidence)));
}
