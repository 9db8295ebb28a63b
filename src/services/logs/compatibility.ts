// What Sift's CloudWatch Logs does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'AssociateKmsKey', kind: 'differs', text: 'With `resourceIdentifier` (the query-result key) the key is checked and used at once; AWS says it may take up to five minutes.' },
  { operation: 'GetQueryResults', kind: 'differs', text: 'Results sealed under a query-result KMS key that Logs can no longer use answer `InvalidParameterException` with Sift\'s message (AWS documents only that they cannot be retrieved).' },
  { operation: 'PutMetricFilter', kind: 'differs', text: 'On an `INFREQUENT_ACCESS` log group the error code is AWS\'s (`InvalidParameterException`) but the message is Sift\'s.' },
  { operation: 'StartQuery', kind: 'differs', text: 'The `pattern` command clusters deterministically where AWS uses an undocumented machine-learned clustering: texts whose words are equal once the words holding a digit (shown `<Token-N>`) or an IP address (`<IPAddress-N>`) are masked form one pattern, so texts differing in a plain word are never merged. `@severityLabel` is the first log-level word of the text (ERROR, WARN, INFO, DEBUG, TRACE, FATAL) or UNKNOWN; `@visualization` and `@tokens` are not produced.' },
  { operation: 'StartQuery', kind: 'differs', text: 'The `diff` command is refused with `MalformedQueryException` naming the reason: AWS documents that comparison queries return patterns but not the fields of their results. Week periods (`bin(1w)`) count from 1970-01-01 UTC; months, quarters and years are UTC calendar periods. `isReservedIP` uses the IANA special-purpose ranges (docs/limits.md). A JSON message is read only as far as the fields the query asks for, so text after them is not checked for syntax.' },
];
