// IBAN (ISO 13616): the country's registered length, then mod-97 over the rearranged value must equal 1.
import { alnumOf } from './digits.js';

/** Registered IBAN lengths (SWIFT IBAN registry) for the countries Macie's managed identifiers cover, and others. */
export const ibanLengths: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25,
  QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, SN: 28, TL: 23, TN: 24, TR: 26, UA: 29, VG: 24,
  XK: 20,
});

/** Remainder of a decimal/alphanumeric string mod 97, letters as 10..35, processed in chunks to stay exact. */
export function mod97(alnum: string): number {
  let rem = 0;
  for (let i = 0; i < alnum.length; i++) {
    const c = alnum.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return -1;
  }
  return rem;
}

export function iban(value: string): boolean {
  // Written IBANs are grouped by four (ISO 13616); other groupings are something else (a UUID's 8-4-4-4-12).
  if (/[ -]/.test(value)) {
    const groups = value.split(/[ -]/);
    for (let i = 0; i < groups.length; i++) if (groups[i].length !== 4 && !(i === groups.length - 1 && groups[i].length > 0 && groups[i].length < 4)) return false;
  }
  const v = alnumOf(value);
  const expected = ibanLengths[v.slice(0, 2)];
  if (expected === undefined || v.length !== expected || !/^[A-Z]{2}\d{2}/.test(v)) return false;
  return mod97(v.slice(4) + v.slice(0, 4)) === 1;
}
