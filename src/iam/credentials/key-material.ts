// Reading what IAM users upload: SSH public keys (OpenSSH `ssh-rsa AAAA… comment` or a PEM RSA public key, at least
// 2048 bits, as UploadSSHPublicKey documents) and X.509 signing certificates (PEM).
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** IAM's minimum SSH key size (UploadSSHPublicKey: "The minimum bit-length of the public key is 2048 bits"). */
export const SSH_KEY_MIN_BITS = 2048;

export type SshKeyProblem = 'unrecognized' | 'invalid';

export interface SshPublicKey {
  /** The key in OpenSSH form (`ssh-rsa <base64>`), what GetSSHPublicKey returns for Encoding SSH. */
  ssh: string;
  /** The key as a PEM SubjectPublicKeyInfo, for Encoding PEM. */
  pem: string;
  /** MD5 of the SSH key blob, colon-separated hex (as IAM shows it). */
  fingerprint: string;
}

const sshString = (buf: Buffer, offset: number): [Buffer, number] | undefined => {
  if (offset + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(offset);
  if (offset + 4 + len > buf.length) return undefined;
  return [buf.subarray(offset + 4, offset + 4 + len), offset + 4 + len];
};
const mpint = (b64url: string) => {
  const raw = Buffer.from(b64url, 'base64url');
  // Unsigned big-endian, with a leading zero when the high bit is set (RFC 4251 mpint).
  return raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw;
};
const lengthPrefixed = (...parts: Buffer[]) => Buffer.concat(parts.flatMap((p) => [Buffer.from([(p.length >>> 24) & 255, (p.length >>> 16) & 255, (p.length >>> 8) & 255, p.length & 255]), p]));
const unsigned = (b: Buffer) => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i).toString('base64url');
};

function fromOpenSsh(text: string): KeyObject | SshKeyProblem {
  const [type, data] = text.trim().split(/\s+/);
  if (type !== 'ssh-rsa') return 'unrecognized';
  if (!data || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return 'invalid';
  const blob = Buffer.from(data, 'base64');
  const t = sshString(blob, 0);
  if (!t || t[0].toString() !== 'ssh-rsa') return 'invalid';
  const e = sshString(blob, t[1]);
  const n = e && sshString(blob, e[1]);
  if (!e || !n || n[1] !== blob.length) return 'invalid';
  try {
    return createPublicKey({ key: { kty: 'RSA', e: unsigned(e[0]), n: unsigned(n[0]) }, format: 'jwk' });
  } catch {
    return 'invalid';
  }
}

function fromPem(text: string): KeyObject | SshKeyProblem {
  try {
    return createPublicKey({ key: text.trim(), format: 'pem' });
  } catch {
    return 'invalid';
  }
}

/** Parses an uploaded SSH public key; a problem name when IAM would refuse it. */
export function parseSshPublicKey(body: string): SshPublicKey | SshKeyProblem {
  const trimmed = body.trim();
  const key = trimmed.startsWith('-----BEGIN') ? fromPem(trimmed) : /^[a-z0-9@.-]+\s/i.test(trimmed) ? fromOpenSsh(trimmed) : 'unrecognized';
  if (typeof key === 'string') return key;
  if (key.asymmetricKeyType !== 'rsa') return 'unrecognized';
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < SSH_KEY_MIN_BITS) return 'invalid';
  const jwk = key.export({ format: 'jwk' });
  const blob = lengthPrefixed(Buffer.from('ssh-rsa'), mpint(jwk.e!), mpint(jwk.n!));
  const md5 = createHash('md5').update(blob).digest('hex');
  return {
    ssh: `ssh-rsa ${blob.toString('base64')}`,
    pem: key.export({ format: 'pem', type: 'spki' }).toString(),
    fingerprint: md5.match(/../g)!.join(':'),
  };
}

export interface ParsedCertificate {
  /** SHA-256 of the DER, lower-case hex: the same certificate uploaded twice has the same one. */
  sha256: string;
  notBefore: Date;
  notAfter: Date;
}

/** Parses one PEM certificate; undefined when it is not one. */
export function parseCertificate(pem: string): ParsedCertificate | undefined {
  const text = pem.trim();
  const blocks = text.match(/-----BEGIN CERTIFICATE-----/g);
  if (!blocks || blocks.length !== 1 || !text.startsWith('-----BEGIN CERTIFICATE-----')) return undefined;
  try {
    const cert = new x509.X509Certificate(text);
    return { sha256: createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex'), notBefore: cert.notBefore, notAfter: cert.notAfter };
  } catch {
    return undefined;
  }
}

export type ServerCertificateProblem = 'malformed-certificate' | 'malformed-chain' | 'malformed-key' | 'mismatch';

/**
 * Checks what UploadServerCertificate is given: one certificate, an unencrypted PEM private key that is the
 * certificate's, and a chain of certificates when given. Returns the certificate's validity, or the problem.
 */
export function checkServerCertificate(body: string, privateKey: string, chain: string | undefined): { notBefore: Date; notAfter: Date } | ServerCertificateProblem {
  const cert = parseCertificate(body);
  if (!cert) return 'malformed-certificate';
  if (chain !== undefined) {
    const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
    if (!blocks || blocks.some((b) => !parseCertificate(b))) return 'malformed-chain';
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKey.trim(), format: 'pem' });
  } catch {
    return 'malformed-key';
  }
  try {
    if (!new X509Certificate(body.trim()).checkPrivateKey(key)) return 'mismatch';
  } catch {
    return 'mismatch';
  }
  return { notBefore: cert.notBefore, notAfter: cert.notAfter };
}
