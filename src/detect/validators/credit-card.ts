// Payment card numbers: a known issuer range with that issuer's lengths, then Luhn. Rejects all-same digits.

interface IssuerRange { from: number; to: number; prefixLength: number; lengths: number[] }
const ranges: IssuerRange[] = [
  { from: 4, to: 4, prefixLength: 1, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, prefixLength: 2, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, prefixLength: 4, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, prefixLength: 2, lengths: [15] }, // Amex
  { from: 37, to: 37, prefixLength: 2, lengths: [15] },
  { from: 6011, to: 6011, prefixLength: 4, lengths: [16, 19] }, // Discover
  { from: 644, to: 649, prefixLength: 3, lengths: [16, 19] },
  { from: 65, to: 65, prefixLength: 2, lengths: [16, 19] },
  { from: 300, to: 305, prefixLength: 3, lengths: [14, 16, 19] }, // Diners Club
  { from: 36, to: 36, prefixLength: 2, lengths: [14, 16, 19] },
  { from: 38, to: 39, prefixLength: 2, lengths: [14, 16, 19] },
  { from: 3528, to: 3589, prefixLength: 4, lengths: [16, 17, 18, 19] }, // JCB
  { from: 62, to: 62, prefixLength: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 5018, to: 5018, prefixLength: 4, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 5020, to: 5020, prefixLength: 4, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { from: 5038, to: 5038, prefixLength: 4, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { from: 5893, to: 5893, prefixLength: 4, lengths: [16, 17, 18, 19] },
  { from: 6304, to: 6304, prefixLength: 4, lengths: [16, 17, 18, 19] },
  { from: 6759, to: 6763, prefixLength: 4, lengths: [16, 17, 18, 19] },
  { from: 2200, to: 2204, prefixLength: 4, lengths: [16, 17, 18, 19] }, // Mir
  { from: 6062, to: 6062, prefixLength: 4, lengths: [16] }, // Hipercard
  { from: 636368, to: 636368, prefixLength: 6, lengths: [16] }, // Elo
  { from: 504175, to: 504175, prefixLength: 6, lengths: [16] },
  { from: 627780, to: 627780, prefixLength: 6, lengths: [16] },
];

const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000];

export function issuerMatches(digits: string): boolean {
  return issuerOf(Number(digits.slice(0, 6)), digits.length);
}

/** `six`: the number's first six digits, `length`: its number of digits. */
function issuerOf(six: number, length: number): boolean {
  for (const r of ranges) {
    const prefix = Math.floor(six / POWERS_OF_TEN[6 - r.prefixLength]);
    if (prefix >= r.from && prefix <= r.to && r.lengths.includes(length)) return true;
  }
  return false;
}

/** Printed groupings: 4-4-4-4(-3), 4-4-4-1…7, Amex 4-6-5, Diners 4-6-4; one kind of separator throughout. */
function groupingOk(value: string): boolean {
  // One pass, no regex or array: every card-shaped candidate of the text comes through here.
  let sep = -1;
  let groups = 0; // groups closed by a separator so far
  let length = 0; // of the current group
  let headOfFours = true;
  let first = 0;
  let second = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      length++;
      continue;
    }
    if (sep < 0) sep = c;
    else if (c !== sep) return false;
    if (length !== 4) headOfFours = false;
    if (groups === 0) first = length;
    else if (groups === 1) second = length;
    groups++;
    length = 0;
  }
  if (sep < 0 || headOfFours) return true;
  return groups === 2 && first === 4 && second === 6 && (length === 5 || length === 4);
}

export function creditCard(value: string): boolean {
  if (!groupingOk(value)) return false;
  // Over the value's digits in place (no digit string: every card-shaped candidate of a text comes through here):
  // their count, then in one pass the first six, whether all after the first are the same, and the Luhn sum.
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) count++;
  }
  if (count < 13 || count > 19) return false;
  let k = 0;
  let six = 0;
  let second = -1;
  let same = true;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    if (k < 6) six = six * 10 + d;
    if (k === 1) second = d;
    else if (k > 1 && d !== second) same = false;
    // Luhn: every second digit from the right, starting with the one before the last, is doubled.
    if ((count - 1 - k) % 2 === 1) sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
    else sum += d;
    k++;
  }
  if (same) return false;
  return sum % 10 === 0 && issuerOf(six, count); // Luhn first: it rejects 9 in 10 look-alikes cheaply
}
