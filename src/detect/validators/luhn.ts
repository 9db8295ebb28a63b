// Luhn (mod 10) over the digits of a value: card numbers, Canadian SIN, SUBE cards, NPI (with a prefix).
import { digitsOf } from './digits.js';

export function luhnDigits(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export const luhn = (value: string): boolean => luhnDigits(digitsOf(value));
