// German identifiers: Steuer-IdNr (ISO 7064 MOD 11,10 with the digit-repetition rule) and ICAO 7-3-1 document check digits.
import { digitsOf } from './digits.js';

export function germanyTaxId(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 11 || d[0] === '0') return false;
  const counts = new Map<string, number>();
  for (const c of d.slice(0, 10)) counts.set(c, (counts.get(c) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || repeated[0] > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (d.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === d.charCodeAt(10) - 48;
}

const icaoValue = (c: string): number => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);

/** ICAO 9303 check digit (weights 7, 3, 1) over `body`. */
export function icaoCheckDigit(body: string): number {
  const w = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += icaoValue(body[i]) * w[i % 3];
  return sum % 10;
}

/**
 * Personalausweis / Reisepass serial: 9 characters from the BSI alphabet with at least one letter, or any 9 such
 * characters followed by their ICAO check digit (the form printed in the machine-readable zone).
 */
export function germanyDocumentNumber(value: string): boolean {
  const v = value.replace(/\s/g, '').toUpperCase();
  if (/^[CFGHJKLMNPRTVWXYZ0-9]{9}\d$/.test(v)) return icaoCheckDigit(v.slice(0, 9)) === v.charCodeAt(9) - 48;
  return /^[CFGHJKLMNPRTVWXYZ0-9]{9}$/.test(v) && /[A-Z]/.test(v) && /\d/.test(v);
}
