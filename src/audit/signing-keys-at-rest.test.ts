// Digest signing keys keep their private half sealed under the master key; key files an earlier version wrote in
// clear are sealed at start and sign the same.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock, MasterKey } from '../common/index.js';
import { createSigningKeys, KEY_ROTATION_MS } from './signing-keys.js';

describe('digest signing keys at rest', () => {
  it('writes the private key sealed and seals a legacy clear key file at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-keys-'));
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const box = MasterKey.generate().secretBox('sift/cloudtrail/digest-signing-keys');
    const keys = createSigningKeys(dir, clock, box);
    const signer = await keys.current('us-east-1', clock.nowMs());
    const file = readdirSync(join(dir, 'cloudtrail-keys', 'us-east-1'))[0]!;
    const stored = readFileSync(join(dir, 'cloudtrail-keys', 'us-east-1', file), 'utf8');
    expect(stored).not.toContain('PRIVATE KEY');
    const [pub] = await keys.list('us-east-1', clock.nowMs(), clock.nowMs());
    const sig = signer.sign(Buffer.from('digest'));
    expect(verify('sha256', Buffer.from('digest'), createPublicKey({ key: pub!.der, format: 'der', type: 'pkcs1' }), Buffer.from(sig, 'hex'))).toBe(true);

    // A key file of the next period written in clear by an earlier version.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const from = Math.floor(clock.nowMs() / KEY_ROTATION_MS) * KEY_ROTATION_MS + KEY_ROTATION_MS;
    const der = publicKey.export({ type: 'pkcs1', format: 'der' });
    const legacyPath = join(dir, 'cloudtrail-keys', 'us-east-1', `${from}.json`);
    writeFileSync(legacyPath, JSON.stringify({ fingerprint: 'f', validFrom: from, validTo: from + KEY_ROTATION_MS, publicKeyDer: der.toString('base64'), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) }));
    const restarted = createSigningKeys(dir, clock, box);
    expect(readFileSync(legacyPath, 'utf8')).not.toContain('PRIVATE KEY');
    const later = await restarted.current('us-east-1', from + 1);
    expect(verify('sha256', Buffer.from('x'), publicKey, Buffer.from(later.sign(Buffer.from('x')), 'hex'))).toBe(true);
  });
});
