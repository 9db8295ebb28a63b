/**
 * The card-number check the candidate pass makes at a cardDigits hit before it opens a window (GateSpec.confirm):
 * CREDIT_CARD_NUMBER_(NO_KEYWORD) sees ~7 card-shaped digit runs per 5 KB of ordinary text (order numbers, ids,
 * timestamps) and rejects all but a few by Luhn and issuer; each used to cost a window, a regex run and a validator
 * call in JavaScript. This answers, without a regex, whether CARD_NUMBER_PATTERN's match at `start` (sticky, as the
 * rule's single-offset window runs it) exists and passes the creditCard validator. It is exact for that pattern, so the
 * windows it spares are windows whose regex run would have been rejected; the native pass (candidates.c
 * card_confirm) computes the same.
 */
import { creditCard } from '../validators/credit-card.js';

/** The card number rule's regex: 13-19 digits, each optionally followed by one space or hyphen, standing alone. */
export const CARD_NUMBER_PATTERN = String.raw`(?<![0-9A-Za-z]|[0-9A-Za-z]-)(?:[0-9][ -]?){12,18}[0-9](?![0-9A-Za-z]|-[0-9A-Za-z])`;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * End of CARD_NUMBER_PATTERN's match at `start`, or -1. The optional separator after a digit is always taken when
 * present (leaving it would put a separator where the pattern needs a digit), so a match is fixed by its number of
 * digits: the greedy quantifier tries 19 digits first, then fewer down to 13, and the first whose end passes the
 * lookahead wins.
 */
export function cardMatchEnd(text: string, start: number): number {
  const n = text.length;
  if (start > 0) {
    const b = text.charCodeAt(start - 1);
    if (isAlnum(b) || (b === 45 && start > 1 && isAlnum(text.charCodeAt(start - 2)))) return -1;
  }
  // Ends (just past each digit) of the digits the pattern can take from `start`, at most 19.
  const ends: number[] = [];
  let j = start;
  while (j < n && ends.length < 19 && isDigit(text.charCodeAt(j))) {
    ends.push(j + 1);
    j++;
    const c = j < n ? text.charCodeAt(j) : -1;
    if ((c === 32 || c === 45) && j + 1 < n && isDigit(text.charCodeAt(j + 1))) j++;
  }
  for (let k = ends.length - 1; k >= 12; k--) {
    const e = ends[k];
    if (e < n) {
      const c = text.charCodeAt(e);
      if (isAlnum(c) || (c === 45 && e + 1 < n && isAlnum(text.charCodeAt(e + 1)))) continue;
    }
    return e;
  }
  return -1;
}

/** Whether the card number rule would accept a value at `start` (before its ignore and allow lists). */
export function cardConfirmedAt(text: string, start: number): boolean {
  const end = cardMatchEnd(text, start);
  return end >= 0 && creditCard(text.slice(start, end));
}
