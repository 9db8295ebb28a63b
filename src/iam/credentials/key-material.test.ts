import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, KeyObject, webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as x509 from '@peculiar/x509';
import { checkServerCertificate, parseCertificate, parseSshPublicKey } from './key-material.js';

const sshKeygen = spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' }).error === undefined;
const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;

describe('parseSshPublicKey', () => {
  const key = rsa(2048);
  const pem = key.export({ format: 'pem', type: 'spki' }).toString();

  it('reads a PEM key and an ssh-rsa key to the same SSH form and fingerprint', () => {
    const fromPem = parseSshPublicKey(pem);
    if (typeof fromPem === 'string') throw new Error(fromPem);
    expect(fromPem.ssh).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E/);
    expect(fromPem.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const fromSsh = parseSshPublicKey(`${fromPem.ssh} someone@host\n`);
    if (typeof fromSsh === 'string') throw new Error(fromSsh);
    expect(fromSsh.fingerprint).toBe(fromPem.fingerprint);
    expect(fromSsh.pem).toBe(pem);
    // PKCS#1 "RSA PUBLIC KEY" PEM too.
    const pkcs1 = parseSshPublicKey(key.export({ format: 'pem', type: 'pkcs1' }).toString());
    expect(typeof pkcs1 !== 'string' && pkcs1.fingerprint).toBe(fromPem.fingerprint);
  });

  it.skipIf(!sshKeygen)('agrees with ssh-keygen on the SSH form and the MD5 fingerprint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-ssh-'));
    writeFileSync(join(dir, 'k.pem'), pem);
    const converted = spawnSync('ssh-keygen', ['-i', '-m', 'PKCS8', '-f', join(dir, 'k.pem')], { encoding: 'utf8' }).stdout.trim();
    const parsed = parseSshPublicKey(pem);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.ssh).toBe(converted);
    writeFileSync(join(dir, 'k.pub'), converted + '\n');
    const fp = spawnSync('ssh-keygen', ['-l', '-E', 'md5', '-f', join(dir, 'k.pub')], { encoding: 'utf8' }).stdout;
    expect(fp).toContain(`MD5:${parsed.fingerprint}`);
  });

  it('refuses what IAM refuses: short keys, other key types, garbage', () => {
    expect(parseSshPublicKey(rsa(1024).export({ format: 'pem', type: 'spki' }).toString())).toBe('invalid');
    const ed = generateKeyPairSync('ed25519').publicKey;
    expect(parseSshPublicKey(ed.export({ format: 'pem', type: 'spki' }).toString())).toBe('unrecognized');
    expect(parseSshPublicKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl x')).toBe('unrecognized');
    expect(parseSshPublicKey('ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB x')).toBe('invalid');
    expect(parseSshPublicKey('ssh-rsa not*base64')).toBe('invalid');
    expect(parseSshPublicKey('hello')).toBe('unrecognized');
    expect(parseSshPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toBe('invalid');
  });
});

describe('parseCertificate', () => {
  it('reads one PEM certificate, its validity and a stable SHA-256', async () => {
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const notBefore = new Date('2026-01-01T00:00:00Z');
    const notAfter = new Date('2027-01-01T00:00:00Z');
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=test', notBefore, notAfter, signingAlgorithm: alg, keys });
    const pem = cert.toString('pem');
    const parsed = parseCertificate(pem);
    expect(parsed).toMatchObject({ notBefore, notAfter });
    expect(parsed!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parseCertificate(`\n${pem}\n`)!.sha256).toBe(parsed!.sha256);
    expect(parseCertificate('not a certificate')).toBeUndefined();
    expect(parseCertificate(pem + '\n' + pem)).toBeUndefined();
    expect(parseCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toBeUndefined();
  });
});

describe('checkServerCertificate', () => {
  it('accepts the certificate with its own private key only', async () => {
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const make = async () => {
      const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '02', name: 'CN=www.example.com', notBefore: new Date('2026-01-01Z'), notAfter: new Date('2027-01-01Z'), signingAlgorithm: alg, keys });
      return { pem: cert.toString('pem'), key: KeyObject.from(keys.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString() };
    };
    const a = await make();
    const b = await make();
    expect(checkServerCertificate(a.pem, a.key, undefined)).toEqual({ notBefore: new Date('2026-01-01Z'), notAfter: new Date('2027-01-01Z') });
    expect(checkServerCertificate(a.pem, a.key, b.pem + '\n' + b.pem)).toMatchObject({ notAfter: new Date('2027-01-01Z') });
    expect(checkServerCertificate(a.pem, b.key, undefined)).toBe('mismatch');
    expect(checkServerCertificate(a.pem, 'not a key', undefined)).toBe('malformed-key');
    expect(checkServerCertificate('nope', a.key, undefined)).toBe('malformed-certificate');
    expect(checkServerCertificate(a.pem, a.key, 'junk')).toBe('malformed-chain');
    const encrypted = KeyObject.from((await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair).privateKey).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'x' }).toString();
    expect(checkServerCertificate(a.pem, encrypted, undefined)).toBe('malformed-key');
  });
});
