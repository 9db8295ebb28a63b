// Validating a SAML 2.0 authentication response for sts:AssumeRoleWithSAML as AWS documents it. The XML signature
// (on the Response or on its Assertion) is checked with xml-crypto against the provider's metadata certificates, and
// everything is then read from the XML the signature covers (xml-crypto's signed references), never from the
// document as received: an unsigned assertion wrapped around or beside the signed one is never read. The document
// must hold exactly one Assertion. Then: Issuer is the metadata's entityID; the audience is AWS sign-in
// (https://signin.aws.amazon.com/saml, its regional form, or urn:amazon:webservices); a bearer SubjectConfirmation's
// Recipient is the same and its NotOnOrAfter is ahead; Conditions hold at this time; the Role attribute pairs the
// role and the provider; RoleSessionName is present; SessionDuration and SessionNotOnOrAfter bound the session.
import { createHash } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { IdentityProvider } from './providers.js';
import { children, descendants, NS, parseSamlMetadata, parseXml, text } from './saml-xml.js';

export const SAML_ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const AUDIENCES = /^(https:\/\/signin\.aws\.amazon\.com\/saml|https:\/\/[a-z0-9-]+\.signin\.aws\.amazon\.com\/saml|urn:amazon:webservices)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export type SamlFailure = { code: 'InvalidIdentityToken' | 'ExpiredTokenException' | 'AccessDenied'; message: string };

export interface SamlIdentity {
  issuer: string;
  subject: string;
  subjectType: string;
  /** The Recipient (saml:aud). */
  audience: string;
  nameQualifier: string;
  sessionName: string;
  /** SessionDuration, seconds, when the IdP sent one. */
  sessionDuration?: number;
  /** AWS attributes Sift does not carry out (session tags, SourceIdentity): the call is refused, not half-done. */
  unsupported: string[];
  /** SessionNotOnOrAfter of the AuthnStatement, when sent. */
  sessionNotOnOrAfter?: Date;
}

const fail = (code: SamlFailure['code'], message: string) => ({ ok: false as const, failure: { code, message } });
const INVALID = 'Invalid SAML Response';

/** saml:namequalifier: base64 of SHA-1 over issuer + account id + "/" + provider name (IAM User Guide). */
export const nameQualifier = (issuer: string, accountId: string, providerName: string) => createHash('sha1').update(`${issuer}${accountId}/${providerName}`).digest('base64');

/** The XML the one valid signature covers, or undefined. */
function signedXml(xml: string, certificates: string[]): string | undefined {
  const doc = parseXml(xml);
  if (!doc) return undefined;
  const root = doc.documentElement!;
  if (root.namespaceURI !== NS.samlp || root.localName !== 'Response') return undefined;
  // One assertion, and every ID unique: a wrapped copy or a duplicate ID is refused outright.
  const assertions = descendants(doc, NS.saml, 'Assertion');
  if (assertions.length !== 1) return undefined;
  const candidates = [...children(root, NS.ds, 'Signature'), ...children(assertions[0]!, NS.ds, 'Signature')];
  if (candidates.length === 0) return undefined;
  for (const sig of candidates) {
    for (const cert of certificates) {
      const verifier = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
      try {
        verifier.loadSignature(sig as unknown as Parameters<SignedXml['loadSignature']>[0]);
        if (!verifier.checkSignature(xml)) continue;
      } catch {
        continue;
      }
      const refs = verifier.getSignedReferences();
      if (refs.length === 1) return refs[0];
    }
  }
  return undefined;
}

const attr = (el: Element | undefined, name: string) => el?.getAttribute(name) || undefined;
/** A SAML dateTime; NaN-safe: an unreadable one is reported as null so the caller refuses the response. */
const time = (v: string | undefined): Date | undefined | null => {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

export function verifySamlResponse(
  provider: IdentityProvider,
  roleArn: string,
  samlBase64: string,
  now: Date,
): { ok: true; identity: SamlIdentity } | ReturnType<typeof fail> {
  const xml = Buffer.from(samlBase64, 'base64').toString('utf8');
  const metadata = provider.metadata ? parseSamlMetadata(provider.metadata) : undefined;
  if (!metadata) return fail('InvalidIdentityToken', INVALID);
  const signed = signedXml(xml, metadata.certificates);
  if (!signed) return fail('InvalidIdentityToken', INVALID);
  const doc = parseXml(signed);
  if (!doc) return fail('InvalidIdentityToken', INVALID);
  const assertion = doc.documentElement?.localName === 'Assertion' ? doc.documentElement : descendants(doc, NS.saml, 'Assertion')[0];
  if (!assertion) return fail('InvalidIdentityToken', INVALID);
  const issuer = text(children(assertion, NS.saml, 'Issuer')[0]);
  if (issuer !== metadata.entityId) return fail('InvalidIdentityToken', 'Issuer of the SAML response does not match the identity provider');

  const conditions = children(assertion, NS.saml, 'Conditions')[0];
  const notBefore = time(attr(conditions, 'NotBefore'));
  const notOnOrAfter = time(attr(conditions, 'NotOnOrAfter'));
  if (notBefore === null || notOnOrAfter === null) return fail('InvalidIdentityToken', INVALID);
  if (notBefore && now < notBefore) return fail('InvalidIdentityToken', INVALID);
  if (notOnOrAfter && now >= notOnOrAfter) return fail('ExpiredTokenException', 'Token must be redeemed within 5 minutes of issuance');
  const audiences = conditions ? descendants(conditions, NS.saml, 'Audience').map((a) => text(a)) : [];
  if (!audiences.some((a) => AUDIENCES.test(a))) return fail('InvalidIdentityToken', 'Audience restriction does not contain an AWS sign-in audience');

  const subject = children(assertion, NS.saml, 'Subject')[0];
  const nameId = subject ? children(subject, NS.saml, 'NameID')[0] : undefined;
  if (!nameId || !text(nameId)) return fail('InvalidIdentityToken', INVALID);
  const confirmations = subject ? children(subject, NS.saml, 'SubjectConfirmation').filter((c) => attr(c, 'Method') === 'urn:oasis:names:tc:SAML:2.0:cm:bearer') : [];
  let recipient: string | undefined;
  for (const c of confirmations) {
    const data = children(c, NS.saml, 'SubjectConfirmationData')[0];
    const r = attr(data, 'Recipient');
    const until = time(attr(data, 'NotOnOrAfter'));
    if (!r || !AUDIENCES.test(r)) continue;
    if (until === null) return fail('InvalidIdentityToken', INVALID);
    if (!until || now >= until) return fail('ExpiredTokenException', 'Token must be redeemed within 5 minutes of issuance');
    recipient = r;
  }
  if (!recipient) return fail('InvalidIdentityToken', 'Invalid SAML Response: no bearer SubjectConfirmation for AWS sign-in');

  const attributes = new Map<string, string[]>();
  for (const a of descendants(assertion, NS.saml, 'Attribute')) {
    const name = attr(a, 'Name');
    if (name) attributes.set(name, children(a, NS.saml, 'AttributeValue').map((v) => text(v)));
  }
  const pairs = (attributes.get(`${SAML_ATTR}Role`) ?? []).map((v) => v.split(',').map((s) => s.trim()));
  if (!pairs.some((p) => p.length === 2 && p.includes(roleArn) && p.includes(provider.arn))) {
    return fail('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML');
  }
  const sessionName = (attributes.get(`${SAML_ATTR}RoleSessionName`) ?? [])[0];
  if (!sessionName || !SESSION_NAME.test(sessionName)) return fail('InvalidIdentityToken', 'RoleSessionName in the SAML response is missing or invalid');
  const durationText = (attributes.get(`${SAML_ATTR}SessionDuration`) ?? [])[0];
  const sessionDuration = durationText !== undefined ? Number(durationText) : undefined;
  if (sessionDuration !== undefined && (!Number.isInteger(sessionDuration) || sessionDuration < 900 || sessionDuration > 43_200)) {
    return fail('InvalidIdentityToken', 'SessionDuration in the SAML response must be between 900 and 43200 seconds');
  }
  const authn = children(assertion, NS.saml, 'AuthnStatement')[0];
  const sessionNotOnOrAfter = time(attr(authn, 'SessionNotOnOrAfter'));
  if (sessionNotOnOrAfter === null) return fail('InvalidIdentityToken', INVALID);
  const providerName = provider.name;
  return {
    ok: true,
    identity: {
      issuer,
      subject: text(nameId),
      subjectType: (attr(nameId, 'Format') ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient').replace(/^urn:oasis:names:tc:SAML:2\.0:nameid-format:/, ''),
      audience: recipient,
      nameQualifier: nameQualifier(issuer, provider.accountId, providerName),
      unsupported: [...attributes.keys()].filter((n) => n.startsWith(`${SAML_ATTR}PrincipalTag:`) || n === `${SAML_ATTR}TransitiveTagKeys` || n === `${SAML_ATTR}SourceIdentity`),
      sessionName,
      ...(sessionDuration !== undefined ? { sessionDuration } : {}),
      ...(sessionNotOnOrAfter ? { sessionNotOnOrAfter } : {}),
    },
  };
}
