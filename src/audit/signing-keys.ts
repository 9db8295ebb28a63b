// The RSA key pairs digests are signed with: one per region and rotation period, kept in the data directory
// (`<dataDir>/cloudtrail-keys/<region>/<period start ms>.json`, mode 0600, directory 0700), the private half sealed
// under a key derived from the master key (files an earlier version wrote in clear are sealed at start). The file for a period is
// created with O_EXCL, so two processes sharing the directory agree on one key per period. ListPublicKeys serves the
// public halves: base64 of the DER PKCS#1 RSAPublicKey (what awscli's `rsa.PublicKey.load_pkcs1(…, 'DER')` reads)
// and a fingerprint, the MD5 of that DER in hex (AWS's are 32 hex characters; how it computes them is undocumented).
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, sign as rsaSign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecretBox, type Clock } from '../common/index.js';

const generate = promisify(generateKeyPair);

/** A key is used for this long, then the next period's key takes over (AWS rotates its keys; its period is not public). */
export const KEY_ROTATION_MS = 30 * 24 * 3600 * 1000;

export interface PublicSigningKey {
  fingerprint: string;
  /** DER PKCS#1 RSAPublicKey. */
  der: Buffer;
  validFrom: number;
  validTo: number;
}

interface KeyFile {
  fingerprint: string;
  validFrom: number;
  validTo: number;
  publicKeyDer: string;
  privateKeyPem: string;
}

export interface SigningKeys {
  /** The key for `atMs` (created if missing) and a signer for it. */
  current(region: string, atMs: number): Promise<{ fingerprint: string; sign(data: Buffer): string }>;
  /** Public keys valid at some point in [fromMs, toMs]; the current key is created first if missing. */
  list(region: string, fromMs: number, toMs: number): Promise<PublicSigningKey[]>;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function createSigningKeys(dataDir: string, clock: Clock, box?: SecretBox): SigningKeys {
  const root = join(dataDir, 'cloudtrail-keys');
  const cache = new Map<string, KeyFile>();
  const contextOf = (path: string) => `cloudtrail-keys/${path.split('/').slice(-2).join('/')}`;
  const sealed = (file: KeyFile, path: string): KeyFile => (box && !SecretBox.isSealed(file.privateKeyPem) ? { ...file, privateKeyPem: box.seal(file.privateKeyPem, contextOf(path)) } : file);
  const opened = (file: KeyFile, path: string): KeyFile => (SecretBox.isSealed(file.privateKeyPem) ? { ...file, privateKeyPem: box!.open(file.privateKeyPem, contextOf(path)) } : file);

  // Key files an earlier version wrote with the private key in clear are sealed in place.
  if (box && existsSync(root)) {
    for (const region of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      for (const name of readdirSync(join(root, region)).filter((n) => /^\d+\.json$/.test(n))) {
        const path = join(root, region, name);
        const k = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
        if (SecretBox.isSealed(k.privateKeyPem)) continue;
        writeFileSync(`${path}.tmp`, JSON.stringify(sealed(k, path)), { mode: 0o600 });
        renameSync(`${path}.tmp`, path);
      }
    }
  }

  function dirOf(region: string): string {
    if (!REGION.test(region)) throw new Error(`not a region: ${region}`);
    const dir = join(root, region);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  function read(path: string): KeyFile | undefined {
    const hit = cache.get(path);
    if (hit) return hit;
    try {
      const k = opened(JSON.parse(readFileSync(path, 'utf8')) as KeyFile, path);
      cache.set(path, k);
      return k;
    } catch {
      // Missing, or being written by another process this instant: the caller creates or retries.
      return undefined;
    }
  }

  async function keyFor(region: string, atMs: number): Promise<KeyFile> {
    const from = Math.floor(atMs / KEY_ROTATION_MS) * KEY_ROTATION_MS;
    const path = join(dirOf(region), `${from}.json`);
    const existing = read(path);
    if (existing) return existing;
    const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048 });
    const der = publicKey.export({ type: 'pkcs1', format: 'der' });
    const file: KeyFile = {
      fingerprint: createHash('md5').update(der).digest('hex'),
      validFrom: from,
      validTo: from + KEY_ROTATION_MS,
      publicKeyDer: der.toString('base64'),
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    };
    try {
      writeFileSync(path, JSON.stringify(sealed(file, path)), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another process made this period's key first: use that one.
      for (let i = 0; i < 50; i++) {
        const other = read(path);
        if (other) return other;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`signing key ${path} exists but cannot be read`);
    }
    cache.set(path, file);
    return file;
  }

  return {
    async current(region, atMs) {
      const k = await keyFor(region, atMs);
      const key = createPrivateKey(k.privateKeyPem);
      return { fingerprint: k.fingerprint, sign: (data) => rsaSign('sha256', data, key).toString('hex') };
    },
    async list(region, fromMs, toMs) {
      await keyFor(region, clock.nowMs());
      const dir = dirOf(region);
      const out: PublicSigningKey[] = [];
      for (const name of readdirSync(dir).filter((n) => /^\d+\.json$/.test(n)).sort()) {
        const k = read(join(dir, name));
        if (!k || k.validTo < fromMs || k.validFrom > toMs) continue;
        // Check the stored public half matches the private one (a hand-edited file must not serve a wrong key).
        const der = Buffer.from(k.publicKeyDer, 'base64');
        const derived = createPublicKey(k.privateKeyPem).export({ type: 'pkcs1', format: 'der' });
        if (!der.equals(derived)) continue;
        out.push({ fingerprint: k.fingerprint, der, validFrom: k.validFrom, validTo: k.validTo });
      }
      return out;
    },
  };
}
