// Checks with no single home: Australia TFN, UK UTR, VIN, SUBE card, magnetic stripe tracks, calendar dates, coordinates.
import { digitsOf } from './digits.js';
import { luhnDigits } from './luhn.js';

export function australiaTfn(value: string): boolean {
  const d = digitsOf(value);
  const w = d.length === 9 ? [1, 4, 3, 7, 5, 8, 6, 9, 10] : d.length === 8 ? [10, 7, 8, 4, 6, 3, 5, 1] : null;
  if (!w || /^0+$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) sum += (d.charCodeAt(i) - 48) * w[i];
  return sum % 11 === 0;
}

export function ukUtr(value: string): boolean {
  const d = digitsOf(value).slice(-10);
  if (d.length !== 10) return false;
  const w = [6, 7, 8, 9, 10, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (d.charCodeAt(i + 1) - 48) * w[i];
  return [2, 1, 9, 8, 7, 6, 5, 4, 3, 2, 1][sum % 11] === d.charCodeAt(0) - 48;
}

const vinValues: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5,
  W: 6, X: 7, Y: 8, Z: 9,
};
const vinWeights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** VIN (ISO 3779): 17 chars without I, O, Q; North American VINs (WMI 1-5) also carry the position-9 check digit. */
export function vin(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(v) || !/[A-Z]/.test(v) || !/\d{4}$/.test(v)) return false;
  if (!'12345'.includes(v[0])) return true;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = v[i];
    sum += (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : vinValues[c]) * vinWeights[i];
  }
  const r = sum % 11;
  return (r === 10 ? 'X' : String(r)) === v[8];
}

export function argentinaSube(value: string): boolean {
  const d = digitsOf(value);
  return d.length === 16 && d.startsWith('6061') && luhnDigits(d);
}

/** Track 1 (`%B<PAN>^NAME^YYMM…?`) or track 2 (`;<PAN>=YYMM…?`): the PAN must pass Luhn and the expiry month be valid. */
export function magneticStripe(value: string): boolean {
  const m = /^%B(\d{13,19})\^[^^]{2,26}\^(\d{2})(\d{2})/.exec(value) ?? /^;(\d{13,19})=(\d{2})(\d{2})/.exec(value);
  if (!m) return false;
  const month = Number(m[3]);
  return luhnDigits(m[1]) && month >= 1 && month <= 12;
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/** A real calendar date in any of the common orders (Y-M-D, D-M-Y, M-D-Y, or with a month name). */
export function calendarDate(value: string): boolean {
  const lower = value.toLowerCase();
  const nums = (lower.match(/\d+/g) ?? []).map(Number);
  const mi = monthNames.findIndex((n) => lower.includes(n));
  if (mi >= 0 && nums.length === 2) {
    const [a, b] = nums;
    return validYmd(b, mi + 1, a) || validYmd(a, mi + 1, b);
  }
  if (nums.length !== 3) return false;
  const [a, b, c] = nums;
  const year4 = (x: number): number => (x < 100 ? (x > 30 ? 1900 + x : 2000 + x) : x);
  if (String(a).length === 4 || a > 31) return validYmd(a, b, c);
  return validYmd(year4(c), b, a) || validYmd(year4(c), a, b);
}

/** Card expiration: MM/YY, MM/YYYY, MM-YY, with a valid month. */
export function cardExpiration(value: string): boolean {
  const m = /^(\d{1,2})\s?[/-]\s?(\d{2}|\d{4})$/.exec(value.trim());
  if (!m) return false;
  const month = Number(m[1]);
  const year = Number(m[2]);
  return month >= 1 && month <= 12 && (m[2].length === 2 || (year >= 1990 && year <= 2099));
}

/** A latitude,longitude pair in decimal degrees within range. */
export function latitudeLongitude(value: string): boolean {
  const m = /(-?\d{1,3}\.\d+)\s*,?\s*(-?\d{1,3}\.\d+)/.exec(value);
  if (!m) return false;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}
