// What Sift's KMS does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'CreateKey', kind: 'differs', text: 'Only `SYMMETRIC_DEFAULT` keys; any other `KeySpec` answers `UnsupportedOperationException`.' },
];
