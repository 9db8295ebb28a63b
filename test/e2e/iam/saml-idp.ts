// A SAML 2.0 identity provider for tests: an RSA key with a self-signed certificate, its metadata document, and
// responses signed with xml-crypto (the assertion, or the whole response), as an IdP such as ADFS or Okta sends them.
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { SignedXml } from 'xml-crypto';

export interface SamlIdp {
  entityId: string;
  metadata: string;
  /** The base64 SAMLResponse for these claims, signed by this IdP (or by a stranger's key). */
  respond(claims: SamlClaims, opts?: { sign?: 'assertion' | 'response'; foreignKey?: boolean }): string;
  /** The same, as XML (to tamper with before encoding). */
  responseXml(claims: SamlClaims, opts?: { sign?: 'assertion' | 'response'; foreignKey?: boolean }): string;
}

export interface SamlClaims {
  now: Date;
  subject?: string;
  roles: string[];
  sessionName?: string;
  audience?: string;
  recipient?: string;
  issuer?: string;
  /** Seconds the assertion stays valid (Conditions and SubjectConfirmationData). */
  validFor?: number;
  sessionNotOnOrAfter?: Date;
  /** More attributes, name to values. */
  extra?: Record<string, string[]>;
}

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };

async function keyAndCert() {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=saml-idp', notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000 * 30), signingAlgorithm: RSA, keys });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return { keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`, certPem: cert.toString('pem'), certB64: Buffer.from(cert.rawData).toString('base64') };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const iso = (d: Date) => d.toISOString();

export function unsignedResponseXml(entityId: string, c: SamlClaims): string {
  const until = new Date(c.now.getTime() + (c.validFor ?? 300) * 1000);
  const aud = c.audience ?? 'https://signin.aws.amazon.com/saml';
  const issuer = c.issuer ?? entityId;
  const attrs = [
    `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">${c.roles.map((r) => `<saml:AttributeValue>${esc(r)}</saml:AttributeValue>`).join('')}</saml:Attribute>`,
    ...Object.entries(c.extra ?? {}).map(([n, vs]) => `<saml:Attribute Name="${esc(n)}">${vs.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`),
    ...(c.sessionName !== undefined ? [`<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>${esc(c.sessionName)}</saml:AttributeValue></saml:Attribute>`] : []),
  ].join('');
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${Math.random().toString(36).slice(2)}" Version="2.0" IssueInstant="${iso(c.now)}" Destination="${esc(c.recipient ?? aud)}">` +
    `<saml:Issuer>${esc(issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion ID="_a${Math.random().toString(36).slice(2)}" Version="2.0" IssueInstant="${iso(c.now)}"><saml:Issuer>${esc(issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${esc(c.subject ?? 'alice@example.com')}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(until)}" Recipient="${esc(c.recipient ?? aud)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(new Date(c.now.getTime() - 5000))}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${esc(aud)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(c.now)}"${c.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${iso(c.sessionNotOnOrAfter)}"` : ''}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attrs}</saml:AttributeStatement></saml:Assertion></samlp:Response>`
  );
}

export function signXml(xml: string, keyPem: string, what: 'assertion' | 'response'): string {
  const sig = new SignedXml({ privateKey: keyPem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  const target = what === 'assertion' ? 'Assertion' : 'Response';
  sig.addReference({ xpath: `//*[local-name(.)='${target}']`, digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256', transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'] });
  sig.computeSignature(xml, { location: { reference: `//*[local-name(.)='${target}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

export async function startSamlIdp(entityId = 'https://idp.example.com/saml'): Promise<SamlIdp> {
  const own = await keyAndCert();
  const foreign = await keyAndCert();
  const metadata =
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${own.certB64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
  const responseXml: SamlIdp['responseXml'] = (claims, opts = {}) => signXml(unsignedResponseXml(entityId, claims), (opts.foreignKey ? foreign : own).keyPem, opts.sign ?? 'assertion');
  return { entityId, metadata, responseXml, respond: (claims, opts) => Buffer.from(responseXml(claims, opts)).toString('base64') };
}
