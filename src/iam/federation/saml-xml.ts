// The XML side of SAML: a guarded parse with @xmldom/xmldom (no DOCTYPE, so no entity expansion nor external
// entities; a nesting limit, since canonicalization and our walks recurse), namespace-exact element lookups, and the
// IdP metadata document as IAM reads it (an md:EntityDescriptor with an entityID and signing certificates).
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { X509Certificate } from 'node:crypto';

export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/** Deeper than any real SAML document (a response is about 8 levels deep). */
export const MAX_XML_DEPTH = 64;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Parses XML, or undefined when it is malformed, has a DOCTYPE/ENTITY, or nests deeper than MAX_XML_DEPTH. */
export function parseXml(xml: string): Document | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return undefined;
  let doc: Document;
  try {
    // Any warning or error (xmldom recovers from some) means the document is not what it claims to be.
    doc = new DOMParser({
      onError: (level, message) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(xml, 'text/xml');
  } catch {
    return undefined;
  }
  const root = doc.documentElement;
  if (!root) return undefined;
  // Iterative depth check: no recursion on hostile nesting.
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_XML_DEPTH) return undefined;
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT_NODE) stack.push([c, depth + 1]);
  }
  return doc;
}

const isElement = (n: Node, ns: string, local: string): n is Element => n.nodeType === ELEMENT_NODE && (n as Element).namespaceURI === ns && (n as Element).localName === local;

/** Direct children of that namespace and local name. */
export function children(parent: Node, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) if (isElement(c, ns, local)) out.push(c);
  return out;
}

/** All descendants of that namespace and local name, in document order. */
export function descendants(parent: Node, ns: string, local: string): Element[] {
  const out: Element[] = [];
  const stack: Node[] = [];
  for (let c = parent.lastChild; c; c = c.previousSibling) stack.push(c);
  while (stack.length) {
    const n = stack.pop()!;
    if (isElement(n, ns, local)) out.push(n);
    for (let c = n.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return out;
}

/** The element's own text (text and CDATA children), trimmed. */
export function text(el: Node | undefined): string {
  if (!el) return '';
  let s = '';
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) s += c.nodeValue ?? '';
  return s.trim();
}

export interface SamlMetadata {
  entityId: string;
  /** Signing certificates of the IDPSSODescriptor, as PEM. */
  certificates: string[];
  validUntil?: Date;
}

const pem = (b64: string) => `-----BEGIN CERTIFICATE-----\n${b64.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

/** The IdP's entityID and signing certificates, or undefined when the document is not usable metadata. */
export function parseSamlMetadata(document: string): SamlMetadata | undefined {
  const doc = parseXml(document);
  const root = doc?.documentElement;
  if (!root || !isElement(root, NS.md, 'EntityDescriptor')) return undefined;
  const entityId = root.getAttribute('entityID');
  if (!entityId) return undefined;
  const idp = children(root, NS.md, 'IDPSSODescriptor')[0];
  if (!idp) return undefined;
  const certificates: string[] = [];
  for (const kd of children(idp, NS.md, 'KeyDescriptor')) {
    const use = kd.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const c of descendants(kd, NS.ds, 'X509Certificate')) {
      const p = pem(text(c));
      try {
        new X509Certificate(p);
      } catch {
        return undefined;
      }
      certificates.push(p);
    }
  }
  if (!certificates.length) return undefined;
  const until = root.getAttribute('validUntil');
  const validUntil = until ? new Date(until) : undefined;
  if (validUntil && Number.isNaN(validUntil.getTime())) return undefined;
  return { entityId, certificates, ...(validUntil ? { validUntil } : {}) };
}
