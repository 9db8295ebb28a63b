// The web console names when its session began in a signed `x-sift-console-session` header (ISO 8601), so calls made
// from the console are recorded as AWS records console calls (`sessionContext.attributes.creationDate`). The header
// counts only when the signature covers it, and only for a session that began in the last 12 hours (the longest
// console session AWS allows) and not in the future; anything else is left out of the record, as for any API client.
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../common/index.js';

export const CONSOLE_SESSION_HEADER = 'x-sift-console-session';
const MAX_SESSION_MS = 12 * 3600_000;
const CLOCK_SKEW_MS = 5 * 60_000;

export function consoleSessionOf(
  headers: IncomingMessage['headers'],
  signedHeaders: readonly string[],
  clock: Clock,
): { creationDate: Date; mfaAuthenticated: boolean } | undefined {
  const raw = headers[CONSOLE_SESSION_HEADER];
  if (typeof raw !== 'string' || !signedHeaders.includes(CONSOLE_SESSION_HEADER)) return undefined;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(raw)) return undefined;
  const created = new Date(raw);
  const age = clock.nowMs() - created.getTime();
  if (Number.isNaN(age) || age < -CLOCK_SKEW_MS || age > MAX_SESSION_MS) return undefined;
  // Console sign-in takes an access key pair, never an MFA code.
  return { creationDate: created, mfaAuthenticated: false };
}
