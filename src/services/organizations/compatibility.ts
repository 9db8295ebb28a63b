// What Sift's Organizations does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'InviteAccountToOrganization', kind: 'not-implemented', text: '`Tags`.' },
  { operation: 'ListHandshakesForAccount', kind: 'not-implemented', text: 'The `ParentHandshakeId` filter.' },
  { operation: 'ListHandshakesForOrganization', kind: 'not-implemented', text: 'The `ParentHandshakeId` filter.' },
  { kind: 'not-implemented', text: 'Organization policies (service control, tag, backup and AI opt-out policies): no policy type is available and the policy operations answer NotImplemented.' },
];
