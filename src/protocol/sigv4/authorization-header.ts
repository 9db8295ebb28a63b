// The three fields of a SigV4 `Authorization` header (Credential, SignedHeaders, Signature), read two ways:
//   - authorizationFieldsFast: the form every AWS SDK and the CLI send, exactly
//     `AWS4-HMAC-SHA256 Credential=<c>, SignedHeaders=<h>, Signature=<s>`, read by position (no regex, no split, no
//     Map). Anything else (another order, extra spaces, tabs, a missing part, an empty value) returns undefined.
//   - authorizationFieldsGeneral: AWS's own tolerant reading (parts split on commas and whitespace, any order, the
//     last of a repeated part wins), with its errors. Every header the fast reading refuses goes through it.
// When the fast reading accepts a header, the general one gives the same fields (authorization-header.test.ts checks
// this on random headers); so which one ran never shows.
import { ALGORITHM } from './canonical.js';
import type { AuthErrors } from './errors.js';

export interface AuthorizationFields {
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
}

const CREDENTIAL = `${ALGORITHM} Credential=`;
const SIGNED_HEADERS = ', SignedHeaders=';
const SIGNATURE = ', Signature=';

/**
 * The end of the value starting at `from`: the first index at or after it whose character is not printable ASCII
 * other than a comma (0x21–0x7e without 0x2c), or the string's length. Such values hold no whitespace of any kind and
 * no comma, so the general reading's split would keep each one whole.
 */
function valueEnd(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x2c) break;
  }
  return i;
}

/** The fields of a header in the SDKs' exact form, or undefined for anything else. */
export function authorizationFieldsFast(authorization: string): AuthorizationFields | undefined {
  if (!authorization.startsWith(CREDENTIAL)) return undefined;
  const credentialEnd = valueEnd(authorization, CREDENTIAL.length);
  if (credentialEnd === CREDENTIAL.length || !authorization.startsWith(SIGNED_HEADERS, credentialEnd)) return undefined;
  const headersFrom = credentialEnd + SIGNED_HEADERS.length;
  const headersEnd = valueEnd(authorization, headersFrom);
  if (headersEnd === headersFrom || !authorization.startsWith(SIGNATURE, headersEnd)) return undefined;
  const signatureFrom = headersEnd + SIGNATURE.length;
  const signatureEnd = valueEnd(authorization, signatureFrom);
  if (signatureEnd === signatureFrom || signatureEnd !== authorization.length) return undefined;
  return {
    algorithm: ALGORITHM,
    credential: authorization.slice(CREDENTIAL.length, credentialEnd),
    signedHeaders: authorization.slice(headersFrom, headersEnd),
    signature: authorization.slice(signatureFrom, signatureEnd),
  };
}

/** The credential AWS names in its errors before the header is read whole: `Credential=` up to a comma or whitespace. */
export function credentialHintOf(authorization: string): string | undefined {
  return /Credential=([^,\s]+)/.exec(authorization.trim())?.[1];
}

/**
 * AWS's reading of any header, throwing its errors (worded by `errors`, chosen from the credential hint). `dateKnown`
 * says whether the request has an X-Amz-Date or Date header, which the missing-parts error mentions.
 */
export function authorizationFieldsGeneral(authorization: string, errors: AuthErrors, dateKnown: boolean): AuthorizationFields {
  const trimmed = authorization.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) throw errors.unsupportedAlgorithm(algorithm);

  const fields = new Map<string, string>();
  // AWS splits on commas and whitespace alike: "Credential=AKID /2026…" reports '/2026…' as the bad pair.
  for (const part of trimmed.slice(space + 1).split(/[\s,]+/)) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) {
      throw errors.malformedHeader(
        `'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
        `the authorization component "${item}" is malformed.`,
      );
    }
    fields.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  const missing = (['Credential', 'Signature', 'SignedHeaders'] as const).filter((k) => !fields.get(k));
  if (missing.length > 0) {
    const sentences = missing.map((k) => `Authorization header requires '${k}' parameter.`);
    if (!dateKnown) sentences.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    throw errors.malformedHeader(`${sentences.join(' ')} Authorization=${authorization}`, `missing ${missing[0]}.`);
  }
  return { algorithm, credential: fields.get('Credential')!, signedHeaders: fields.get('SignedHeaders')!, signature: fields.get('Signature')! };
}
