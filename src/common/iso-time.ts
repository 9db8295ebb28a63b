// ISO-8601 UTC text of a date, as Date.prototype.toISOString writes it, without its cost: V8 (Node 20) formats
// through snprintf, some 7k instructions a call, and every API call writes two or three (the audit record's
// eventTime, the response's timestamps). Years outside 0000–9999 (written ±YYYYYY) and invalid dates go to
// toISOString itself, so the text and the RangeError are always exactly its own.

const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

function text(d: Date, millis: boolean | 'unlessZero'): string {
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) {
    const iso = d.toISOString();
    return millis === true || (millis === 'unlessZero' && d.getUTCMilliseconds() !== 0) ? iso : `${iso.slice(0, -5)}Z`;
  }
  const ms = d.getUTCMilliseconds();
  const head = `${TWO[(year / 100) | 0]}${TWO[year % 100]}-${TWO[d.getUTCMonth() + 1]}-${TWO[d.getUTCDate()]}T${TWO[d.getUTCHours()]}:${TWO[d.getUTCMinutes()]}:${TWO[d.getUTCSeconds()]}`;
  return millis === true || (millis === 'unlessZero' && ms !== 0) ? `${head}.${THREE[ms]}Z` : `${head}Z`;
}

/** Exactly `d.toISOString()`. */
export function isoString(d: Date): string {
  return text(d, true);
}

/** `d.toISOString()` with the milliseconds left out: `2023-12-12T17:04:47Z`. */
export function isoSecondsText(d: Date): string {
  return text(d, false);
}

/** `d.toISOString()` with `.000` left out when the milliseconds are zero (the AWS protocols' timestamps). */
export function isoTrimmedZeroMillis(d: Date): string {
  return text(d, 'unlessZero');
}
