// Ciphertext blobs: they open only with their key and the same encryption context (in any order), name their key,
// and any other bytes — random, cut short, altered — are refused without throwing (a fuzzed reader).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blobKeyArn, contextAad, openBlob, sealBlob } from './ciphertext.js';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER = 'arn:aws:kms:us-east-1:111122223333:key/00000000-12ab-34cd-56ef-1234567890ab';

describe('KMS ciphertext blobs', () => {
  const material = randomBytes(32);
  const blob = sealBlob(ARN, material, contextAad(ARN, { a: '1', b: '2' }), Buffer.from('secret'));

  it('names their key and open with the same context in any order', () => {
    expect(blobKeyArn(blob)).toBe(ARN);
    expect(openBlob(blob, material, contextAad(ARN, { b: '2', a: '1' }))?.toString()).toBe('secret');
    expect(blob.includes(Buffer.from('secret'))).toBe(false);
  });

  it('refuses another context, key ARN or key material', () => {
    expect(openBlob(blob, material, contextAad(ARN, { a: '1' }))).toBeUndefined();
    expect(openBlob(blob, material, contextAad(ARN, { a: '1', b: '3' }))).toBeUndefined();
    // Length prefixes keep {ab: ''} and {a: 'b'} apart.
    expect(contextAad(ARN, { ab: '' }).equals(contextAad(ARN, { a: 'b' }))).toBe(false);
    expect(openBlob(blob, material, contextAad(OTHER, { a: '1', b: '2' }))).toBeUndefined();
    expect(openBlob(blob, randomBytes(32), contextAad(ARN, { a: '1', b: '2' }))).toBeUndefined();
  });

  it('refuses every altered byte, every truncation and random input without throwing', () => {
    const aad = contextAad(ARN, { a: '1', b: '2' });
    for (let i = 0; i < blob.length; i++) {
      const bad = Buffer.from(blob);
      bad[i]! ^= 0x40;
      const arn = blobKeyArn(bad);
      if (arn === ARN) expect(openBlob(bad, material, aad)).toBeUndefined();
    }
    for (let n = 0; n < blob.length; n++) {
      const cut = blob.subarray(0, n);
      if (blobKeyArn(cut)) expect(openBlob(cut, material, aad)).toBeUndefined();
    }
    for (let i = 0; i < 2000; i++) {
      const junk = randomBytes(Math.floor(Math.random() * 200));
      if (i % 2) Buffer.from('SKM1').copy(junk);
      expect(() => blobKeyArn(junk)).not.toThrow();
    }
  });
});
