// The discovery results HMAC key file is sealed under the master key; a file an earlier version wrote in clear is
// sealed at start and signatures made before still verify.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MasterKey } from '../../../common/index.js';
import { createResultSigner } from './result-signature.js';

describe('discovery results HMAC key at rest', () => {
  it('creates the key sealed, and seals a legacy key file without changing the key', () => {
    const box = MasterKey.generate().secretBox('sift/macie/discovery-results-hmac');
    const fresh = mkdtempSync(join(tmpdir(), 'sift-hmac-'));
    const meta = createResultSigner(fresh, box).sign(Buffer.from('r'));
    expect(readFileSync(join(fresh, 'keys', 'discovery-results.hmac'), 'utf8').startsWith('sift1:')).toBe(true);
    expect(createResultSigner(fresh, box).verify(Buffer.from('r'), meta)).toBe('valid');

    const legacy = mkdtempSync(join(tmpdir(), 'sift-hmac-'));
    const key = randomBytes(32);
    mkdirSync(join(legacy, 'keys'));
    writeFileSync(join(legacy, 'keys', 'discovery-results.hmac'), key.toString('base64') + '\n');
    const before = createResultSigner(legacy).sign(Buffer.from('old result'));
    const signer = createResultSigner(legacy, box);
    const text = readFileSync(join(legacy, 'keys', 'discovery-results.hmac'), 'utf8');
    expect(text).not.toContain(key.toString('base64'));
    expect(signer.verify(Buffer.from('old result'), before)).toBe('valid');
  });
});
