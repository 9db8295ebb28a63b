// The master key and what is derived from it. One 256-bit master key, kept apart from the database (a key file in
// the data directory or SIFT_MASTER_KEY), never used directly: each purpose gets its own key by HKDF-SHA256, so a
// key that leaks for one purpose says nothing about another. Short secrets in the database (secret access keys,
// session secrets, external endpoints' secrets) are sealed with AES-256-GCM bound to their row (the AAD), so a
// sealed value copied to another row does not open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const MASTER_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Sealed values start with this; AWS secrets (base64 alphabet) never contain ':'. */
const SEALED_PREFIX = 'sift1:';

export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  static generate(): MasterKey {
    return new MasterKey(randomBytes(MASTER_KEY_BYTES));
  }

  /** From raw bytes (the key file) — exactly 32 bytes. */
  static fromBytes(bytes: Buffer): MasterKey {
    if (bytes.length !== MASTER_KEY_BYTES) throw new Error(`the master key must be ${MASTER_KEY_BYTES} bytes, not ${bytes.length}`);
    return new MasterKey(Buffer.from(bytes));
  }

  /** From base64 (SIFT_MASTER_KEY) — 32 bytes once decoded. */
  static fromBase64(text: string): MasterKey {
    const trimmed = text.trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new Error('SIFT_MASTER_KEY must be base64 (32 bytes)');
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length !== MASTER_KEY_BYTES) throw new Error(`SIFT_MASTER_KEY must decode to ${MASTER_KEY_BYTES} bytes, not ${bytes.length}`);
    return new MasterKey(bytes);
  }

  bytes(): Buffer {
    return Buffer.from(this.key);
  }

  /** A 256-bit key for one purpose (HKDF-SHA256; the purpose is the info string). */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.from('sift/master-key/v1'), Buffer.from(purpose), 32));
  }

  /** A sealer for short secrets kept in the database, under a key derived for `purpose`. */
  secretBox(purpose: string): SecretBox {
    return new SecretBox(this.derive(purpose));
  }

  equals(other: MasterKey): boolean {
    return timingSafeEqual(this.key, other.key);
  }
}

/** AES-256-GCM sealed values bound to a context (the row they belong to). */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a SecretBox key is 32 bytes');
  }

  static isSealed(value: string): boolean {
    return value.startsWith(SEALED_PREFIX);
  }

  seal(plaintext: string, context: string): string {
    return SEALED_PREFIX + sealBytes(this.key, Buffer.from(plaintext, 'utf8'), Buffer.from(context, 'utf8')).toString('base64');
  }

  /** Opens a sealed value; throws when it was altered, sealed for another context or under another key. */
  open(sealed: string, context: string): string {
    if (!SecretBox.isSealed(sealed)) throw new Error('value is not sealed');
    return openBytes(this.key, Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64'), Buffer.from(context, 'utf8')).toString('utf8');
  }
}

/** nonce ‖ ciphertext ‖ tag, AES-256-GCM with a random nonce. */
export function sealBytes(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function openBytes(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}
