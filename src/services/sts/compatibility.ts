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
  { operation: 'AssumeRoleWithSAML', kind: 'not-implemented', text: 'Encrypted assertions, session tags (`https://aws.amazon.com/SAML/Attributes/PrincipalTag:*`), `SourceIdentity`, and the `SAML:*` condition keys of other attributes (`SAML:edupersonaffiliation`…); only `SAML:aud`, `SAML:iss`, `SAML:sub`, `SAML:sub_type`, `SAML:namequalifier` and `SAML:doc` are set.' },
  { operation: 'AssumeRoleWithSAML', kind: 'differs', text: 'A response must hold exactly one assertion, and only what its signature covers is read (signature-wrapping guard); DOCTYPE declarations and nesting deeper than 64 elements are refused as `InvalidIdentityToken`.' },
];
