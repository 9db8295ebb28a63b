// US ITIN structure (IRS): starts with 9, group (digits 4-5) in 50-65, 70-88, 90-92 or 94-99.
import { digitsOf } from './digits.js';

export function usItin(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9 || d[0] !== '9') return false;
  const g = Number(d.slice(3, 5));
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
}
