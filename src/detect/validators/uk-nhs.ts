// UK NHS number: 10 digits, mod-11 check digit with weights 10..2 (a remainder giving 10 is invalid).
import { allSame, digitsOf } from './digits.js';

export function ukNhs(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 10 || allSame(d)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === d.charCodeAt(9) - 48;
}
