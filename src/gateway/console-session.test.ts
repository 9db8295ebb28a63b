// The console's session header counts only when signed and plausible (what CloudTrail then records of it:
// src/audit/user-identity.test.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ManualClock } from '../common/index.js';
import { consoleSessionOf, CONSOLE_SESSION_HEADER } from './console-session.js';

const clock = new ManualClock(Date.UTC(2026, 11, 6, 12, 0, 0));
const signed = ['host', 'x-amz-date', CONSOLE_SESSION_HEADER];

describe('consoleSessionOf', () => {
  it('reads a signed session start of the last 12 hours', () => {
    expect(consoleSessionOf({ [CONSOLE_SESSION_HEADER]: '2026-12-06T09:30:00Z' }, signed, clock)).toEqual({ creationDate: new Date('2026-12-06T09:30:00Z'), mfaAuthenticated: false });
    expect(consoleSessionOf({ [CONSOLE_SESSION_HEADER]: '2026-12-06T11:59:59.123Z' }, signed, clock)?.creationDate.toISOString()).toBe('2026-12-06T11:59:59.123Z');
  });

  it('ignores the header when the signature does not cover it, or it is malformed, too old or in the future', () => {
    expect(consoleSessionOf({ [CONSOLE_SESSION_HEADER]: '2026-12-06T09:30:00Z' }, ['host', 'x-amz-date'], clock)).toBeUndefined();
    expect(consoleSessionOf({}, signed, clock)).toBeUndefined();
    expect(consoleSessionOf({ [CONSOLE_SESSION_HEADER]: 'yesterday' }, signed, clock)).toBeUndefined();
    expect(consoleSessionOf({ [CONSOLE_SESSION_HEADER]: '2026-12-05T23:59:59Z' }, signed, clock)).toBeUndefined();
    expect(consoleSessionOf({ [CONSOLE_SESSION_HEADER]: '2026-12-06T12:10:00Z' }, signed, clock)).toBeUndefined();
    expect(consoleSessionOf({ [CONSOLE_SESSION_HEADER]: '2026-13-45T09:30:00Z' }, signed, clock)).toBeUndefined();
  });

  it('never throws and accepts only ISO times within the session window (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString())), (value) => {
        const got = consoleSessionOf({ [CONSOLE_SESSION_HEADER]: value }, signed, clock);
        if (got) {
          const age = clock.nowMs() - got.creationDate.getTime();
          expect(age).toBeGreaterThanOrEqual(-5 * 60_000);
          expect(age).toBeLessThanOrEqual(12 * 3600_000);
        }
      }),
    );
  });
});
