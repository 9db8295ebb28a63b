// US Social Security number structure (SSA): area not 000, 666 or 9xx; group not 00; serial not 0000.
import { digitsOf } from './digits.js';

export function usSsn(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 9) return false;
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (d.slice(3, 5) === '00' || d.slice(5) === '0000') return false;
  // Numbers the SSA voided after they were published in advertising.
  return d !== '078051120' && d !== '219099999' && d !== '123456789';
}
