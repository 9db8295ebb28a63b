// The value formats CloudTrail records use: eventTime as ISO-8601 without milliseconds, dates inside
// requestParameters/responseElements in the Java style AWS shows ("Dec 12, 2023, 6:04:47 PM"), and the 1 KB
// truncation of short fields.
import { isoSecondsText } from '../common/index.js';

/** `2023-12-12T17:04:47Z`: CloudTrail's eventTime never carries milliseconds. */
export function isoSeconds(d: Date): string {
  return isoSecondsText(d);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Dec 12, 2023, 6:04:47 PM` in UTC, as in the seed's AssumeRole `credentials.expiration`. */
export function javaDate(d: Date): string {
  const h24 = d.getUTCHours();
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h24 < 12 ? 'AM' : 'PM'}`;
}

/** userAgent, errorCode, errorMessage and requestID are cut at 1 KB in CloudTrail. */
export const SHORT_FIELD_MAX = 1024;
/** requestParameters / responseElements above 100 KB have their content omitted. */
export const PARAMETERS_MAX_BYTES = 100 * 1024;

export function truncate(s: string, max = SHORT_FIELD_MAX): string {
  return s.length <= max ? s : s.slice(0, max);
}
