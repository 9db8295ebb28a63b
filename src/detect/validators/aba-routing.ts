// ABA routing transit number: 9 digits, weights 3-7-1 sum to a multiple of 10, valid Federal Reserve prefix.
import { digitsOf } from './digits.js';

export function abaRouting(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9) return false;
  const prefix = Number(d.slice(0, 2));
  const prefixOk = prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  if (!prefixOk || d === '000000000') return false;
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * w[i];
  return sum % 10 === 0;
}
