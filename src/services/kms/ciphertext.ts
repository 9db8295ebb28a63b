// KMS ciphertext blobs, self-describing: they name the key that made them, so Decrypt needs no KeyId (as in AWS).
//   "SKM1" ‖ key ARN length (1 byte) ‖ key ARN (ASCII) ‖ nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)
// The AAD binds the blob to its key's ARN and to the encryption context (sorted, so the order the caller lists the
// pairs in does not matter, as in KMS); a blob decrypted with another context fails authentication.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('SKM1', 'ascii');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type EncryptionContext = Record<string, string>;

/** The encryption context as AAD: sorted pairs, length-prefixed so that no two contexts give the same bytes. */
export function contextAad(keyArn: string, context: EncryptionContext | undefined): Buffer {
  const parts: Buffer[] = [Buffer.from(keyArn, 'utf8')];
  for (const k of Object.keys(context ?? {}).sort()) parts.push(Buffer.from(k, 'utf8'), Buffer.from(context![k]!, 'utf8'));
  return Buffer.concat(parts.flatMap((p) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length);
    return [len, p];
  }));
}

export function sealBlob(keyArn: string, material: Buffer, aad: Buffer, plaintext: Buffer): Buffer {
  const id = Buffer.from(keyArn, 'ascii');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', material, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, nonce, body, cipher.getAuthTag()]);
}

/** The key ARN a blob names, or undefined when it is no blob of ours. */
export function blobKeyArn(blob: Buffer): string | undefined {
  if (blob.length < MAGIC.length + 1 + NONCE_BYTES + TAG_BYTES || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const len = blob[MAGIC.length]!;
  if (blob.length < MAGIC.length + 1 + len + NONCE_BYTES + TAG_BYTES) return undefined;
  const id = blob.subarray(MAGIC.length + 1, MAGIC.length + 1 + len).toString('ascii');
  return /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/.test(id) ? id : undefined;
}

/** Opens a blob; undefined when it does not authenticate (altered, another context, another key). */
export function openBlob(blob: Buffer, material: Buffer, aad: Buffer): Buffer | undefined {
  const len = blob[MAGIC.length]!;
  const at = MAGIC.length + 1 + len;
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(at, at + NONCE_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    return Buffer.concat([decipher.update(blob.subarray(at + NONCE_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}
