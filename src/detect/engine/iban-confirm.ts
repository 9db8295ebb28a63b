/**
 * The IBAN check the candidate pass makes at an ibanPrefix hit before it opens a window: hexadecimal ids, hashes and
 * product codes that start with two letters and two digits are nearly all of ordinary text's shape hits, and each used
 * to cost a window, a regex run and a validator call that failed. The check applies only to rules written exactly as
 * the catalog's IBAN rules (`\bCC\d{2}(?:[ -]?[0-9A-Z]){n}\b`, case-insensitive, the iban validator, no lookbehind),
 * whose match at a hit is unique: each repetition takes a separator only when a letter or digit follows it (without it
 * the repetition would fail on the separator), so nothing can backtrack. A hit whose match fails the validator opens
 * nothing; the rule's window there could only have run that match. The native pass (candidates.c iban_confirm)
 * computes the same without a regex; this one runs the rule's own regex and validator.
 */
import { iban, ibanLengths } from '../validators/iban.js';

const IBAN_RULE = /^\\b([A-Z]{2})\\d\{2\}\(\?:\[ -\]\?\[0-9A-Z\]\)\{(\d+)\}\\b$/;

/**
 * The IBAN's length (letters and digits) when the rule is one the check is exact for, else undefined: the catalog's
 * IBAN pattern for the gate's prefix, case-insensitive, validated by `iban`, whose registered length it matches.
 */
export function ibanConfirmLength(rule: { pattern: string; caseInsensitive?: boolean; validator?: string }, gate: { shape?: string; shapePrefix?: string; lookbehind?: number }): number | undefined {
  const m = IBAN_RULE.exec(rule.pattern);
  if (!m || gate.shape !== 'ibanPrefix' || gate.shapePrefix?.toUpperCase() !== m[1] || (gate.lookbehind ?? 0) !== 0) return undefined;
  if (rule.caseInsensitive !== true || rule.validator !== 'iban') return undefined;
  const total = 4 + Number(m[2]);
  return ibanLengths[m[1]] === total && total <= 64 ? total : undefined;
}

/** Sticky regexes by length: at a hit the two letters are the rule's country already (hits are dispatched on them). */
const sticky = new Map<number, RegExp>();

/** Whether the IBAN rule of `total` letters and digits would accept a value at `start` (before ignore and allow lists). */
export function ibanConfirmedAt(text: string, start: number, total: number): boolean {
  let re = sticky.get(total);
  if (!re) {
    re = new RegExp(String.raw`\b[A-Z]{2}\d{2}(?:[ -]?[0-9A-Z]){${total - 4}}\b`, 'iy');
    sticky.set(total, re);
  }
  re.lastIndex = start;
  const m = re.exec(text);
  return m !== null && iban(m[0]);
}
