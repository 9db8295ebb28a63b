// What Sift's IAM does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'GetMFADevice', kind: 'not-implemented', text: 'GetMFADevice answers for FIDO security keys only; Sift has virtual (TOTP) MFA devices only.' },
  { operation: 'SimulatePrincipalPolicy', kind: 'not-implemented', text: 'EC2 resource handling options (`ResourceHandlingOption`).' },
  { operation: 'SimulateCustomPolicy', kind: 'not-implemented', text: 'EC2 resource handling options (`ResourceHandlingOption`).' },
  { operation: 'CreateOpenIDConnectProvider', kind: 'differs', text: 'The URL may carry a port (AWS says it should not), so a local issuer can be registered.' },
  { operation: 'CreateSAMLProvider', kind: 'not-implemented', text: 'Assertion encryption (`AssertionEncryptionMode`, `AddPrivateKey`): answered NotImplemented (501).' },
  { operation: 'UpdateSAMLProvider', kind: 'not-implemented', text: 'Assertion encryption (`AssertionEncryptionMode`, `AddPrivateKey`, `RemovePrivateKey`): answered NotImplemented (501).' },
  { operation: 'CreateSAMLProvider', kind: 'differs', text: 'The metadata document must be an `md:EntityDescriptor` with an `entityID`, an `IDPSSODescriptor` and at least one signing certificate, without a DOCTYPE and at most 64 elements deep; anything else is `InvalidInput`.' },
  { operation: 'CreateLoginProfile', kind: 'differs', text: 'Sift signs nobody in with a password: login profiles, the password policy and ChangePassword are kept and enforced, but PasswordResetRequired, MaxPasswordAge and HardExpiry only show in GetLoginProfile, the policy and the credential report. `Password` is required (no `sts:AssumeRoot` sessions).' },
  { operation: 'ChangePassword', kind: 'differs', text: 'A wrong OldPassword is answered `InvalidUserType` (“The old password was incorrect.”); no lockout after repeated failures.' },
  { operation: 'UploadSSHPublicKey', kind: 'differs', text: 'Only RSA keys (`ssh-rsa` or PEM), as IAM documents; ed25519 and ECDSA keys are `UnrecognizedPublicKeyEncoding`.' },
  { operation: 'UploadSigningCertificate', kind: 'differs', text: 'A `UserName` is required when the caller is the root user (no root signing certificates).' },
  { operation: 'UploadServerCertificate', kind: 'differs', text: 'The private key is checked against the certificate and not stored (no Sift feature serves TLS with it).' },
  { operation: 'GetAccountSummary', kind: 'differs', text: '`AccountPasswordPresent` is not in the map (no root password in Sift); `AccountMFAEnabled` and `AccountSigningCertificatesPresent` are always 0 (no root MFA or root certificates in Sift).' },
  { operation: 'GetCredentialReport', kind: 'differs', text: '`password_last_used` is `no_information` for every password (no password sign-in in Sift); the root row\'s `mfa_active` is always false.' },
  { kind: 'differs', text: 'Policy evaluation does not read resource tags (`aws:ResourceTag` conditions match nothing).' },
  { operation: 'CreateServiceLinkedRole', kind: 'not-implemented', text: 'Service-linked roles of services other than `macie.amazonaws.com` (answered NotImplemented, 501); `CustomSuffix` is refused as for Macie.' },
  { operation: 'DeleteServiceLinkedRole', kind: 'differs', text: 'The deletion is decided at once: the task is never `IN_PROGRESS` or `NOT_STARTED`.' },
  { operation: 'AddRoleToInstanceProfile', kind: 'differs', text: 'The `iam:PassRole` check supplies `iam:PassedToService` `ec2.amazonaws.com` (AWS does not document the value for this operation).' },
  { operation: 'ListEntitiesForPolicy', kind: 'differs', text: '`EntityFilter` `LocalManagedPolicy` / `AWSManagedPolicy` keep every entity when the policy is of that kind and none otherwise.' },
  { operation: 'GetAccountAuthorizationDetails', kind: 'differs', text: 'AWS managed policies are listed when attached to an entity of the account; `RoleLastUsed` is not reported.' },
];
