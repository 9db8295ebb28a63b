// Signatures of sensitive data discovery result files. Macie signs every result object it writes so that reveal can
// trust the locations it reads back (an edited result is refused with INVALID_RESULT_SIGNATURE, an unsigned one with
// RESULT_NOT_SIGNED where a signature is required). Sift signs with HMAC-SHA256 over the exact object bytes, the
// tag kept in the object's user metadata with the key's id. The key is 32 random bytes in
// `<dataDir>/keys/discovery-results.hmac` (0600, created on first use), apart from the database, sealed under a key
// derived from the master key (a key file written in clear by an earlier version is sealed when first read); without
// a data directory (unit tests) it lives in memory only.
import { createHmac, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SecretBox } from '../../../common/index.js';
import { join } from 'node:path';

/** User-metadata names (x-amz-meta-…) that carry the signature. */
export const SIGNATURE_METADATA = Object.freeze({
  signature: 'macie-result-signature',
  algorithm: 'macie-result-signature-algorithm',
  keyId: 'macie-result-signing-key-id',
});

export const SIGNATURE_ALGORITHM = 'HmacSHA256';

export type SignatureCheck = 'valid' | 'invalid' | 'unsigned';

export interface ResultSigner {
  /** The user metadata to store with `body`. */
  sign(body: Buffer): Record<string, string>;
  /** Whether `body` carries a signature made by this installation's key. */
  verify(body: Buffer, metadata: Readonly<Record<string, string>> | undefined): SignatureCheck;
}

const SEAL_CONTEXT = 'keys/discovery-results.hmac';

/** The key in a key file: sealed (`sift1:…`), or base64 in clear from an earlier version (then sealed in place). */
function readKeyFile(file: string, box: SecretBox | undefined): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (SecretBox.isSealed(text)) {
    if (!box) throw new Error(`${file} is sealed and no master key was given`);
    return Buffer.from(box.open(text, SEAL_CONTEXT), 'base64');
  }
  const key = Buffer.from(text, 'base64');
  if (box && key.length >= 32) {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, box.seal(key.toString('base64'), SEAL_CONTEXT) + '\n', { mode: 0o600 });
    renameSync(tmp, file);
  }
  return key;
}

function loadKey(dataDir: string | undefined, box: SecretBox | undefined): Buffer {
  if (!dataDir) return randomBytes(32);
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'discovery-results.hmac');
  if (existsSync(file)) {
    const key = readKeyFile(file, box);
    if (key.length >= 32) return key;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx': two processes starting at once must not each write their own key; the loser reads the winner's.
  try {
    writeFileSync(file, (box ? box.seal(key.toString('base64'), SEAL_CONTEXT) : key.toString('base64')) + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readKeyFile(file, box);
  }
}

export function createResultSigner(dataDir: string | undefined, box?: SecretBox): ResultSigner {
  let key: Buffer | undefined;
  let keyId: string | undefined;
  // A key file an earlier version wrote in clear is sealed at start, not at its first use.
  const existing = dataDir ? join(dataDir, 'keys', 'discovery-results.hmac') : undefined;
  if (box && existing && existsSync(existing)) readKeyFile(existing, box);
  const ensure = () => {
    if (!key) {
      key = loadKey(dataDir, box);
      keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
    }
    return { key, keyId: keyId! };
  };
  const tag = (k: Buffer, body: Buffer) => createHmac('sha256', k).update(body).digest();
  return {
    sign(body) {
      const { key: k, keyId: id } = ensure();
      return { [SIGNATURE_METADATA.signature]: tag(k, body).toString('base64'), [SIGNATURE_METADATA.algorithm]: SIGNATURE_ALGORITHM, [SIGNATURE_METADATA.keyId]: id };
    },
    verify(body, metadata) {
      const given = metadata?.[SIGNATURE_METADATA.signature];
      if (!given) return 'unsigned';
      const { key: k, keyId: id } = ensure();
      if (metadata[SIGNATURE_METADATA.algorithm] !== SIGNATURE_ALGORITHM || metadata[SIGNATURE_METADATA.keyId] !== id) return 'invalid';
      const expected = tag(k, body);
      const actual = Buffer.from(given, 'base64');
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? 'valid' : 'invalid';
    },
  };
}
