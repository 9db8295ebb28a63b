// French identifiers: INSEE/NIR key (97 - n mod 97, Corsica 2A/2B), SPI tax number (mod 511), RIB key (mod 97).
import { digitsOf } from './digits.js';

export function franceInsee(value: string): boolean {
  const v = value.replace(/[\s.-]/g, '').toUpperCase();
  const m = /^([1-478])(\d{2})(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2[AB])(\d{3})(\d{3})(\d{2})$/.exec(v);
  if (!m) return false;
  const dept = m[4] === '2A' ? '19' : m[4] === '2B' ? '18' : m[4];
  const body = BigInt(m[1] + m[2] + m[3] + dept + m[5] + m[6]);
  // Corsica keeps the original key computed with 2A→19 and 2B→18 substituted (INSEE rule).
  return 97n - (body % 97n) === BigInt(m[7]);
}

export function franceTaxId(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 13 || !'0123'.includes(d[0]) || d === '0000000000000') return false;
  return Number(d.slice(0, 10)) % 511 === Number(d.slice(10));
}

const ribLetter = (c: string): string => {
  const i = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(c);
  if (i < 0) return c;
  return String([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, 6, 7, 8, 9][i]);
};

/** RIB: bank (5) branch (5) account (11, letters transliterated) key (2). */
export function franceRib(value: string): boolean {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  const m = /^(\d{5})(\d{5})([0-9A-Z]{11})(\d{2})$/.exec(v);
  if (!m) return false;
  const account = BigInt(m[3].split('').map(ribLetter).join(''));
  const r = (89n * BigInt(m[1]) + 15n * BigInt(m[2]) + 3n * account) % 97n;
  return 97n - r === BigInt(m[4]);
}
