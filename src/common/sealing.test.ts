import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MasterKey, SecretBox } from './sealing.js';

describe('sealed secrets', () => {
  const master = MasterKey.generate();

  it('open only under the same key, purpose and context', () => {
    const box = master.secretBox('iam');
    const sealed = box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAEXAMPLE');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('wJalrXUtnFEMI');
    expect(box.open(sealed, 'AKIAEXAMPLE')).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    expect(() => box.open(sealed, 'AKIAOTHER')).toThrow();
    expect(() => master.secretBox('sts').open(sealed, 'AKIAEXAMPLE')).toThrow();
    expect(() => MasterKey.generate().secretBox('iam').open(sealed, 'AKIAEXAMPLE')).toThrow();
    const altered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => box.open(altered, 'AKIAEXAMPLE')).toThrow();
  });

  it('takes the operator key as base64 of 32 bytes and derives distinct keys per purpose', () => {
    const raw = randomBytes(32);
    const key = MasterKey.fromBase64(raw.toString('base64'));
    expect(key.equals(MasterKey.fromBytes(raw))).toBe(true);
    expect(key.derive('a').equals(key.derive('b'))).toBe(false);
    expect(key.derive('a').equals(raw)).toBe(false);
    expect(() => MasterKey.fromBase64(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => MasterKey.fromBase64('not base64!')).toThrow(/base64/);
  });
});
