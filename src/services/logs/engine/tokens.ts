/**
 * Pagination tokens. GetLogEvents tokens name a position in the stream's order and the direction to read from it
 * (`f/…` forward, `b/…` backward, like AWS's); FilterLogEvents tokens name the position after the last event
 * returned. Both are opaque to clients and checked strictly when they come back.
 */
import { LogEngineError } from './errors.js';
import type { EventKey } from './page.js';

export interface PositionToken extends EventKey {
  direction: 'forward' | 'backward';
}

/** The position before every event. */
export const START: EventKey = Object.freeze({ ts: -1, seq: -1 });
/** The position after every event. */
export const END: EventKey = Object.freeze({ ts: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER });

const POSITION = /^([fb])\/(-1|\d{1,16})\/(-1|\d{1,16})$/;

export function encodePositionToken(direction: 'forward' | 'backward', key: EventKey): string {
  return `${direction === 'forward' ? 'f' : 'b'}/${key.ts}/${key.seq}`;
}

export function decodePositionToken(token: string): PositionToken {
  const m = POSITION.exec(token);
  const ts = m ? Number(m[2]) : NaN;
  const seq = m ? Number(m[3]) : NaN;
  if (!m || !Number.isSafeInteger(ts) || !Number.isSafeInteger(seq)) {
    throw new LogEngineError('InvalidLogEventToken', 'The specified nextToken is not valid.');
  }
  return { direction: m[1] === 'f' ? 'forward' : 'backward', ts, seq };
}

const FILTER_PREFIX = 'c1';

export function encodeFilterToken(key: EventKey): string {
  return FILTER_PREFIX + Buffer.from(`${key.ts}:${key.seq}`).toString('base64url');
}

export function decodeFilterToken(token: string): EventKey {
  const invalid = () => new LogEngineError('InvalidLogEventToken', 'The specified nextToken is not valid.');
  if (!token.startsWith(FILTER_PREFIX) || token.length > 64) throw invalid();
  const m = /^(-?\d{1,16}):(-?\d{1,16})$/.exec(Buffer.from(token.slice(FILTER_PREFIX.length), 'base64url').toString());
  if (!m) throw invalid();
  const key = { ts: Number(m[1]), seq: Number(m[2]) };
  if (!Number.isSafeInteger(key.ts) || !Number.isSafeInteger(key.seq)) throw invalid();
  return key;
}

/** FilterLogEvents' eventId: unique within the group, ordered as the events are. */
export function eventIdOf(key: EventKey): string {
  return String(key.ts).padStart(16, '0') + String(key.seq).padStart(20, '0');
}
