// Spanish identifiers: DNI/NIE control letter, CIF control character, social security (NSS) mod 97, bank CCC digits.
import { digitsOf } from './digits.js';

const dniLetters = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function spainDni(value: string): boolean {
  const v = value.replace(/[\s.-]/g, '').toUpperCase();
  const m = /^(\d{8})([A-Z])$/.exec(v);
  if (!m || m[1] === '00000000') return false;
  return dniLetters[Number(m[1]) % 23] === m[2];
}

export function spainNie(value: string): boolean {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  const m = /^([XYZ])(\d{7})([A-Z])$/.exec(v);
  if (!m) return false;
  const n = Number(String('XYZ'.indexOf(m[1])) + m[2]);
  return dniLetters[n % 23] === m[3];
}

/** CIF: entity letter, 7 digits, control digit or letter (letter-only for public bodies and foreign entities). */
export function spainCif(value: string): boolean {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  const m = /^([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])$/.exec(v);
  if (!m) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = m[2].charCodeAt(i) - 48;
    if (i % 2 === 1) sum += d;
    else {
      const x = d * 2;
      sum += Math.floor(x / 10) + (x % 10);
    }
  }
  const control = (10 - (sum % 10)) % 10;
  const letter = 'JABCDEFGHI'[control];
  if ('PQRSNW'.includes(m[1])) return m[3] === letter;
  if ('ABEH'.includes(m[1])) return m[3] === String(control);
  return m[3] === letter || m[3] === String(control);
}

/** NIF: a DNI or NIE for individuals, K/L/M forms, or a CIF for entities. */
export function spainNif(value: string): boolean {
  const v = value.replace(/[\s-]/g, '').toUpperCase();
  const klm = /^([KLM])(\d{7})([A-Z])$/.exec(v);
  if (klm) return dniLetters[Number(klm[2]) % 23] === klm[3];
  return spainDni(v) || spainNie(v) || spainCif(v);
}

/** Número de la Seguridad Social: province (2) + number (8) + control (2) = number mod 97. */
export function spainNss(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 12) return false;
  const province = Number(d.slice(0, 2));
  const number = Number(d.slice(2, 10));
  if (province === 0 || number === 0) return false;
  const base = number < 10_000_000 ? province * 10_000_000 + number : Number(d.slice(0, 10));
  return base % 97 === Number(d.slice(10));
}

const cccWeights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
function cccDigit(ten: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (ten.charCodeAt(i) - 48) * cccWeights[i];
  const r = 11 - (sum % 11);
  return r === 11 ? 0 : r === 10 ? 1 : r;
}

/** Spanish domestic account (CCC, 20 digits): bank, branch, two control digits, account. */
export function spainCcc(value: string): boolean {
  const d = digitsOf(value);
  if (d.length !== 20) return false;
  return cccDigit('00' + d.slice(0, 8)) === d.charCodeAt(8) - 48 && cccDigit(d.slice(10)) === d.charCodeAt(9) - 48;
}
