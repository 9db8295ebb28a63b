// What Sift's CloudWatch Logs does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'AssociateKmsKey', kind: 'not-implemented', text: '`resourceIdentifier` (CloudWatch Logs Insights query results: Sift has no Logs Insights).' },
  { operation: 'DisassociateKmsKey', kind: 'not-implemented', text: '`resourceIdentifier` (CloudWatch Logs Insights query results).' },
  { operation: 'PutMetricFilter', kind: 'differs', text: 'On an `INFREQUENT_ACCESS` log group the error code is AWS\'s (`InvalidParameterException`) but the message is Sift\'s.' },
];
