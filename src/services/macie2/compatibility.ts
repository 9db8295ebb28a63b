// What Sift's Macie does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { kind: 'differs', text: 'NAME and ADDRESS are found with dictionaries and per-country patterns, not machine learning (docs/design-notes.md).' },
  { kind: 'differs', text: 'Automated sensitive data discovery is off until enabled with UpdateAutomatedDiscoveryConfiguration (Macie turns it on for new accounts); the sensitivity score formula is Sift\'s own within Macie\'s documented ranges.' },
  { operation: 'PutFindingsPublicationConfiguration', kind: 'differs', text: 'Stored, but Sift has no Security Hub: nothing is published (as in an account where Security Hub is not enabled).' },
];
