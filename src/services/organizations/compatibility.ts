// What Sift's Organizations does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'CreateAccount', kind: 'not-implemented', text: '`Tags`.' },
  { operation: 'InviteAccountToOrganization', kind: 'not-implemented', text: '`Tags`.' },
  { operation: 'ListHandshakesForAccount', kind: 'not-implemented', text: 'The `ParentHandshakeId` filter.' },
  { operation: 'ListHandshakesForOrganization', kind: 'not-implemented', text: 'The `ParentHandshakeId` filter.' },
];
