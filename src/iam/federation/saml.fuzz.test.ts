// The SAML response check against hostile input (fast-check): random text, random XML, deep nesting, huge documents,
// DOCTYPE/entity expansion, wrong namespaces, and single-character edits of a genuinely signed response.
// verifySamlResponse() answers one of AWS's errors and never throws; an edited response is either refused or, when
// the edit fell outside what the signature covers, read exactly as the original. Every call finishes quickly.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSamlIdp, type SamlIdp } from '../../../test/e2e/iam/saml-idp.js';
import type { IdentityProvider } from './providers.js';
import { verifySamlResponse } from './saml.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/admin`;
const now = new Date(Date.UTC(2026, 5, 1, 12));
let idp: SamlIdp;
let provider: IdentityProvider;
let signed: string;
beforeAll(async () => {
  idp = await startSamlIdp();
  provider = { arn: `arn:aws:iam::${ACCOUNT}:saml-provider/idp`, accountId: ACCOUNT, kind: 'saml', name: 'idp', clientIds: [], thumbprints: [], metadata: idp.metadata, tags: [], createdAt: now };
  signed = idp.responseXml({ now, roles: [`${ROLE},${provider.arn}`], sessionName: 'alice' });
});

const CODES = new Set(['InvalidIdentityToken', 'ExpiredTokenException', 'AccessDenied']);
const MAX_MS = 2000;
function check(xml: string) {
  const started = performance.now();
  const r = verifySamlResponse(provider, ROLE, Buffer.from(xml).toString('base64'), now);
  expect(performance.now() - started).toBeLessThan(MAX_MS);
  if (!r.ok) expect(CODES.has(r.failure.code)).toBe(true);
  return r;
}
const refused = (xml: string): void => {
  expect(check(xml).ok).toBe(false);
};

describe('verifySamlResponse with hostile input', () => {
  it('accepts the genuine response (the property tests below mean something)', () => {
    const r = check(signed);
    expect(r.ok && r.identity.subject).toBe('alice@example.com');
  });

  it('accepts the regional sign-in audience, refuses a response signed for another role or provider', () => {
    const regional = 'https://us-east-1.signin.aws.amazon.com/saml';
    const r = check(idp.responseXml({ now, roles: [`${provider.arn},${ROLE}`], sessionName: 'alice', audience: regional }));
    expect(r.ok && r.identity.audience).toBe(regional);
    const other = check(idp.responseXml({ now, roles: [`arn:aws:iam::${ACCOUNT}:role/other,${provider.arn}`], sessionName: 'alice' }));
    expect(!other.ok && other.failure.code).toBe('AccessDenied');
    const early = check(idp.responseXml({ now: new Date(now.getTime() + 60_000), roles: [`${ROLE},${provider.arn}`], sessionName: 'alice' }));
    expect(!early.ok && early.failure.code).toBe('InvalidIdentityToken');
  });

  it('refuses random text and random XML-ish strings', () => {
    const xmlish = fc.array(fc.oneof(fc.constantFrom('<', '>', '/', '=', '"', ':', ' ', 'saml', 'samlp:Response', 'Assertion', 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"', '<![CDATA[', ']]>', '&amp;', '&#x0;'), fc.string()), { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(fc.property(fc.oneof(fc.string(), xmlish), (s) => {
      refused(s);
    }), { numRuns: 300 });
  });

  it('refuses DOCTYPE and entity expansion, deep nesting, huge documents and wrong namespaces', () => {
    refused(`<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${signed.replace('alice@example.com', '&b;')}`);
    refused(`<?xml version="1.0"?><!DOCTYPE r SYSTEM "file:///etc/passwd">${signed}`);
    refused(signed.replace('<saml:AttributeStatement>', `<saml:AttributeStatement>${'<x>'.repeat(50_000)}${'</x>'.repeat(50_000)}`));
    refused(signed.replace('<saml:AttributeStatement>', `<saml:AttributeStatement>${'<saml:Attribute Name="a">'.repeat(5_000)}`));
    refused(signed.replace('<saml:AttributeStatement>', `<saml:AttributeStatement><saml:Attribute Name="junk"><saml:AttributeValue>${'x'.repeat(2_000_000)}</saml:AttributeValue></saml:Attribute>`));
    // A second element carrying the signed assertion's ID (xml-crypto refuses duplicate IDs).
    const id = /<saml:Assertion ID="([^"]+)"/.exec(signed)![1];
    refused(signed.replace('<samlp:Status>', `<samlp:Extensions ID="${id}"/><samlp:Status>`));
    refused(signed.replaceAll('urn:oasis:names:tc:SAML:2.0:assertion', 'urn:example:not-saml'));
    refused(signed.replaceAll('urn:oasis:names:tc:SAML:2.0:protocol', 'urn:example:not-samlp'));
    refused(signed.replaceAll('http://www.w3.org/2000/09/xmldsig#', 'http://example.com/dsig#'));
  });

  it('a one-character edit is refused, or read exactly as the original', () => {
    const original = check(signed);
    fc.assert(
      fc.property(fc.nat(signed.length - 1), fc.constantFrom('a', '<', '>', '"', ' ', '&', 'Z', '0', '/', ''), (at, ch) => {
        const edited = signed.slice(0, at) + ch + signed.slice(at + 1);
        if (edited === signed) return;
        const r = check(edited);
        if (r.ok) expect(r).toEqual(original);
      }),
      { numRuns: 300 },
    );
  });
});
