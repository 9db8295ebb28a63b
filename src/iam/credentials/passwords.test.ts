import { describe, expect, it } from 'vitest';
import { hashPassword, passwordViolation, POLICY_DEFAULTS, verifyPassword } from './passwords.js';

describe('password hashes', () => {
  it('are salted scrypt hashes that verify only the password they were made from', async () => {
    const a = await hashPassword('Correct-Horse-1');
    const b = await hashPassword('Correct-Horse-1');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('Correct-Horse-1');
    expect(await verifyPassword('Correct-Horse-1', a)).toBe(true);
    expect(await verifyPassword('Correct-Horse-2', a)).toBe(false);
    expect(await verifyPassword('Correct-Horse-1', 'plain')).toBe(false);
  });
});

describe('passwordViolation', () => {
  it('applies IAM\'s default policy when the account has none: 8 characters, three character types', () => {
    expect(passwordViolation('Ab1!', undefined)).toMatch(/minimum length of 8/);
    expect(passwordViolation('abcdefgh1', undefined)).toMatch(/three of/);
    expect(passwordViolation('abcdefG1', undefined)).toBeUndefined();
    expect(passwordViolation('abcdef#1', undefined)).toBeUndefined();
  });

  it('applies each requirement of a custom policy, and only those', () => {
    const policy = { ...POLICY_DEFAULTS, minimumPasswordLength: 10, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true };
    expect(passwordViolation('short', { ...POLICY_DEFAULTS })).toMatch(/minimum length of 6/);
    expect(passwordViolation('aaaaaa', { ...POLICY_DEFAULTS })).toBeUndefined();
    expect(passwordViolation('Abcdefghi1', policy)).toMatch(/one symbol/);
    expect(passwordViolation('abcdefgh1!', policy)).toMatch(/uppercase/);
    expect(passwordViolation('ABCDEFGH1!', policy)).toMatch(/lowercase/);
    expect(passwordViolation('Abcdefghi!', policy)).toMatch(/number/);
    // IAM's symbol set: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
    for (const s of ['!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '-', '=', '[', ']', '{', '}', '|', "'"]) expect(passwordViolation(`Abcdefgh1${s}`, policy)).toBeUndefined();
    expect(passwordViolation('Abcdefgh1~', policy)).toMatch(/one symbol/);
  });
});
