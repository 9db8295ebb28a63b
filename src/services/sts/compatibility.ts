// What Sift's STS does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'AssumeRole', kind: 'not-implemented', text: '`TransitiveTagKeys`, `SourceIdentity` and `ProvidedContexts`.' },
];
