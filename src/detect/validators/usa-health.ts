// US health identifiers: NPI (Luhn with the 80840 prefix), DEA registration check digit, MBI structure, GS1 GTIN check.
import { digitsOf } from './digits.js';
import { luhnDigits } from './luhn.js';

export function usNpi(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 10 || (d[0] !== '1' && d[0] !== '2')) return false;
  return luhnDigits('80840' + d);
}

export function usDea(value: string): boolean {
  const v = value.toUpperCase();
  const m = /^([ABCDEFGHJKLMPRSTUX])([A-Z9])(\d{7})$/.exec(v);
  if (!m) return false;
  const d = m[3].split('').map(Number);
  const check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
  return check === d[6];
}

/** Medicare Beneficiary Identifier: 11 chars, positions typed as CMS specifies (no S, L, O, I, B, Z letters). */
export function usMbi(value: string): boolean {
  const v = value.replace(/-/g, '').toUpperCase();
  return /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/.test(v);
}

/** GS1 GTIN (8/12/13/14 digits): mod-10 with weights 3,1 from the right, excluding the check digit. */
export function gs1Gtin(value: string): boolean {
  const d = digitsOf(value);
  if (![8, 12, 13, 14].includes(d.length)) return false;
  let sum = 0;
  for (let i = d.length - 2, k = 0; i >= 0; i--, k++) sum += (d.charCodeAt(i) - 48) * (k % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === d.charCodeAt(d.length - 1) - 48;
}

/** A GS1 UDI: take the GTIN after the (01) application identifier and check it. */
export function gs1Udi(value: string): boolean {
  const m = /\(?01\)?\s?(\d{14})/.exec(value);
  return m !== null && gs1Gtin(m[1]);
}

/** Health Insurance Claim Number: an SSN-structured 9 digits followed by a 1–2 character beneficiary code. */
export function usHicn(value: string): boolean {
  const d = value.replace(/[^0-9]/g, '').slice(0, 9);
  if (d.length !== 9) return false;
  const area = d.slice(0, 3);
  return area !== '000' && area !== '666' && area[0] !== '9' && d.slice(3, 5) !== '00' && d.slice(5) !== '0000';
}
