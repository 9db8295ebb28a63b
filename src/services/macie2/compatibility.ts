// What Sift's Macie does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { kind: 'differs', text: 'NAME and ADDRESS are found with dictionaries and per-country patterns, not machine learning (docs/design-notes.md).' },
  { kind: 'differs', text: 'Zip-based documents (.xlsx, .docx, …) are reported `UNSUPPORTED_FILE_TYPE_EXCEPTION`; Macie reads them.' },
  { operation: 'PutFindingsPublicationConfiguration', kind: 'differs', text: 'Stored, but Sift has no Security Hub: nothing is published (as in an account where Security Hub is not enabled).' },
];
