// What Sift's IAM does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'GetMFADevice', kind: 'not-implemented', text: 'GetMFADevice answers for FIDO security keys only; Sift has virtual (TOTP) MFA devices only.' },
  { operation: 'CreatePolicy', kind: 'not-implemented', text: 'Tags on managed policies.' },
  { operation: 'SimulatePrincipalPolicy', kind: 'not-implemented', text: 'EC2 resource handling options (`ResourceHandlingOption`).' },
  { operation: 'SimulateCustomPolicy', kind: 'not-implemented', text: 'EC2 resource handling options (`ResourceHandlingOption`).' },
  { operation: 'CreateOpenIDConnectProvider', kind: 'differs', text: 'The URL may carry a port (AWS says it should not), so a local issuer can be registered.' },
  { operation: 'CreateSAMLProvider', kind: 'not-implemented', text: 'Assertion encryption (`AssertionEncryptionMode`, `AddPrivateKey`): answered NotImplemented (501).' },
  { operation: 'UpdateSAMLProvider', kind: 'not-implemented', text: 'Assertion encryption (`AssertionEncryptionMode`, `AddPrivateKey`, `RemovePrivateKey`): answered NotImplemented (501).' },
  { operation: 'CreateSAMLProvider', kind: 'differs', text: 'The metadata document must be an `md:EntityDescriptor` with an `entityID`, an `IDPSSODescriptor` and at least one signing certificate, without a DOCTYPE and at most 64 elements deep; anything else is `InvalidInput`.' },
  { kind: 'differs', text: 'Policy evaluation does not read resource tags (`aws:ResourceTag` conditions match nothing).' },
];
