// Console passwords: a slow salted scrypt hash (the password itself is never kept), and the account password
// policy as IAM applies it to CreateLoginProfile, UpdateLoginProfile and ChangePassword.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

/** scrypt cost: N=2^15, r=8 (32 MiB, tens of milliseconds); kept in each hash so it can be raised later. */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...COST, maxmem: 256 * COST.N * COST.r });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { ...cost, maxmem: 256 * cost.N * cost.r });
  return timingSafeEqual(key, expected);
}

/** The account password policy, as GetAccountPasswordPolicy shows it. */
export interface PasswordPolicy {
  minimumPasswordLength: number;
  requireSymbols: boolean;
  requireNumbers: boolean;
  requireUppercaseCharacters: boolean;
  requireLowercaseCharacters: boolean;
  allowUsersToChangePassword: boolean;
  /** Days; 0 = passwords never expire. */
  maxPasswordAge: number;
  /** How many earlier passwords may not be reused; 0 = none. */
  passwordReusePrevention: number;
  hardExpiry: boolean;
}

/** UpdateAccountPasswordPolicy's defaults for the parameters a call leaves out (IAM API reference). */
export const POLICY_DEFAULTS: PasswordPolicy = {
  minimumPasswordLength: 6,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  maxPasswordAge: 0,
  passwordReusePrevention: 0,
  hardExpiry: false,
};

/** The symbols IAM counts for RequireSymbols: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | ' */
const SYMBOLS = /[!@#$%^&*()_+\-=[\]{}|']/;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;

/** IAM's password length bound (passwordType: 1 to 128 characters). */
export const PASSWORD_MAX_LENGTH = 128;

/**
 * What a new password breaks, or undefined when it is acceptable. Without a custom policy IAM applies its default:
 * at least 8 characters and three of uppercase, lowercase, numbers and symbols.
 */
export function passwordViolation(password: string, policy: PasswordPolicy | undefined): string | undefined {
  const classes = [UPPER, LOWER, DIGIT, SYMBOLS].filter((re) => re.test(password)).length;
  if (!policy) {
    if (password.length < 8) return 'Password should have a minimum length of 8';
    if (classes < 3) return 'Password should have at least three of the following: uppercase letters, lowercase letters, numbers and symbols';
    return undefined;
  }
  const problems: string[] = [];
  if (password.length < policy.minimumPasswordLength) problems.push(`Password should have a minimum length of ${policy.minimumPasswordLength}`);
  if (policy.requireUppercaseCharacters && !UPPER.test(password)) problems.push('Password should have at least one uppercase letter');
  if (policy.requireLowercaseCharacters && !LOWER.test(password)) problems.push('Password should have at least one lowercase letter');
  if (policy.requireNumbers && !DIGIT.test(password)) problems.push('Password should have at least one number');
  if (policy.requireSymbols && !SYMBOLS.test(password)) problems.push('Password should have at least one symbol');
  return problems.length ? problems.join('; ') : undefined;
}
