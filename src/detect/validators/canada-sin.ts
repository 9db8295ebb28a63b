// Canadian Social Insurance Number: 9 digits, Luhn, first digit not 0 or 8 (never issued).
import { digitsOf } from './digits.js';
import { luhnDigits } from './luhn.js';

export function canadaSin(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9 || d[0] === '0' || d[0] === '8') return false;
  return luhnDigits(d);
}
