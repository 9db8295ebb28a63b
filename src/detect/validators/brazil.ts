// Brazilian CPF (11 digits) and CNPJ (14 digits): two mod-11 check digits each; repeated digits are invalid.
import { allSame, digitsOf } from './digits.js';

function mod11Check(digits: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i];
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

export function brazilCpf(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 11 || allSame(d)) return false;
  const c1 = mod11Check(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const c2 = mod11Check(d, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return c1 === d.charCodeAt(9) - 48 && c2 === d.charCodeAt(10) - 48;
}

export function brazilCnpj(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 14 || allSame(d)) return false;
  const c1 = mod11Check(d, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const c2 = mod11Check(d, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return c1 === d.charCodeAt(12) - 48 && c2 === d.charCodeAt(13) - 48;
}
