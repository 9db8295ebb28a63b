// SSE-C as S3 documents it: the caller sends an AES-256 key (base64) with its MD5 on every write and read; S3 uses
// it to encrypt the object and keeps only a randomly salted HMAC of it, to tell the right key from a wrong one. Here
// the customer key (through HKDF with the object's salt) is the key-encryption key of the object's per-file data
// keys (object-cipher.ts); the key itself is never stored, logged or recorded (the model marks it sensitive).
// Plain HTTP: AWS refuses SSE-C over HTTP; Sift's endpoint speaks HTTP and is meant to sit behind TLS when reached
// over a network, so it accepts SSE-C on any connection (docs/security.md).
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../common/index.js';
import type { ObjectEncryption } from './types.js';

const KEY_BYTES = 32;
const SALT_BYTES = 16;

export interface SseCHeaders {
  SSECustomerAlgorithm?: string;
  SSECustomerKey?: string;
  SSECustomerKeyMD5?: string;
}

/** A customer key the request carried, checked against its MD5. */
export interface CustomerKey {
  key: Buffer;
  md5: string;
}

const invalidArgument = (message: string, name: string, value?: string) =>
  new ServiceError('InvalidArgument', message, 400, 'client', { ArgumentName: name, ...(value !== undefined ? { ArgumentValue: value } : {}) });

export const sseCErrors = {
  /** A read of an SSE-C object without the key. */
  keyRequired: () => new ServiceError('InvalidRequest', 'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.', 400),
  /** A key that is not the object's. */
  wrongKey: () => new ServiceError('AccessDenied', 'Access Denied', 403),
  /** SSE-C parameters on an object stored without SSE-C. */
  notApplicable: () => new ServiceError('InvalidRequest', 'The encryption parameters are not applicable to this object.', 400),
  incompatible: () => invalidArgument('Server Side Encryption with Customer provided key is incompatible with the encryption method specified', 'x-amz-server-side-encryption'),
};

/**
 * The customer key of a request, or undefined when it carries no SSE-C header. `requireMd5`: writes need the MD5
 * header; reads accept its absence (S3).
 */
export function parseCustomerKey(h: SseCHeaders, prefix = 'x-amz-server-side-encryption-customer', requireMd5 = true): CustomerKey | undefined {
  if (h.SSECustomerAlgorithm === undefined && h.SSECustomerKey === undefined && h.SSECustomerKeyMD5 === undefined) return undefined;
  if (h.SSECustomerAlgorithm !== 'AES256') {
    throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.', `${prefix}-algorithm`, h.SSECustomerAlgorithm);
  }
  if (!h.SSECustomerKey) throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.', `${prefix}-key`);
  const key = /^[A-Za-z0-9+/]*={0,2}$/.test(h.SSECustomerKey) ? Buffer.from(h.SSECustomerKey, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) throw invalidArgument('The secret key was invalid for the specified algorithm.', `${prefix}-key`);
  const md5 = createHash('md5').update(key).digest('base64');
  if (h.SSECustomerKeyMD5 === undefined) {
    if (requireMd5) throw invalidArgument('Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.', `${prefix}-key-MD5`);
  } else if (h.SSECustomerKeyMD5 !== md5) {
    throw invalidArgument('The calculated MD5 hash of the key did not match the hash that was provided.', `${prefix}-key-MD5`);
  }
  return { key, md5 };
}

function kekFrom(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, Buffer.from('sift/s3/sse-c-kek/v1'), 32));
}

function verifierOf(key: Buffer, salt: Buffer): Buffer {
  return createHmac('sha256', salt).update(key).digest();
}

/** The encryption of a new SSE-C object (salt and verifier, never the key) and its key-encryption key. */
export function sseCForWrite(customer: CustomerKey): { encryption: ObjectEncryption; kek: Buffer } {
  const salt = randomBytes(SALT_BYTES);
  return {
    encryption: {
      // Internal marker: S3 reports no x-amz-server-side-encryption for SSE-C, Macie counts it customerManaged.
      ServerSideEncryption: 'SSE-C',
      SSECustomerAlgorithm: 'AES256',
      SSECustomerKeyMD5: customer.md5,
      SSECustomerKeyVerifier: `${salt.toString('base64')}:${verifierOf(customer.key, salt).toString('base64')}`,
    },
    kek: kekFrom(customer.key, salt),
  };
}

export function isSseC(e: ObjectEncryption | undefined): boolean {
  return e?.SSECustomerKeyVerifier !== undefined;
}

/**
 * The key-encryption key of an object for a read that carried `customer` (or none): InvalidRequest without a key
 * for an SSE-C object, AccessDenied with a wrong key, InvalidArgument with a key for an object without SSE-C.
 * Returns undefined for objects that are not SSE-C (their key-encryption key is found elsewhere).
 */
export function sseCKekForRead(e: ObjectEncryption | undefined, customer: CustomerKey | undefined): Buffer | undefined {
  if (!isSseC(e)) {
    if (customer) throw sseCErrors.notApplicable();
    return undefined;
  }
  if (!customer) throw sseCErrors.keyRequired();
  const [saltText, macText] = e!.SSECustomerKeyVerifier!.split(':') as [string, string];
  const salt = Buffer.from(saltText, 'base64');
  const expected = Buffer.from(macText, 'base64');
  const actual = verifierOf(customer.key, salt);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) throw sseCErrors.wrongKey();
  return kekFrom(customer.key, salt);
}
