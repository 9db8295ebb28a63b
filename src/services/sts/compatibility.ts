// What Sift's STS does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'AssumeRole', kind: 'not-implemented', text: '`TransitiveTagKeys`, `SourceIdentity` and `ProvidedContexts`.' },
  { operation: 'AssumeRoleWithWebIdentity', kind: 'not-implemented', text: '`ProviderId` (OAuth 2.0 access tokens of Login with Amazon and Facebook), session tags passed in the token (`https://aws.amazon.com/tags`), and the built-in providers (`accounts.google.com`, `cognito-identity.amazonaws.com`…) without an IAM OIDC provider.' },
  {
    operation: 'AssumeRoleWithWebIdentity',
    kind: 'differs',
    text: "The issuer's discovery document and JWKS are fetched only from hosts listed in `SIFT_OUTBOUND_ALLOW`; its certificate must chain to Node's CAs or `SIFT_OIDC_CA_BUNDLE`, else match a thumbprint of the provider.",
  },
];
