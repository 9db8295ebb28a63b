// What Sift's CloudWatch Logs does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'AssociateKmsKey', kind: 'differs', text: 'With `resourceIdentifier` (the query-result key) the key is checked and used at once; AWS says it may take up to five minutes.' },
  { operation: 'GetQueryResults', kind: 'differs', text: 'Results sealed under a query-result KMS key that Logs can no longer use answer `InvalidParameterException` with Sift\'s message (AWS documents only that they cannot be retrieved).' },
  { operation: 'PutMetricFilter', kind: 'differs', text: 'On an `INFREQUENT_ACCESS` log group the error code is AWS\'s (`InvalidParameterException`) but the message is Sift\'s.' },
];
