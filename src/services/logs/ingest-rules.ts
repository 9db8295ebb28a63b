/**
 * PutLogEvents' rules on a batch (AWS, as documented for the API): at most 10,000 events and 1,048,576 bytes
 * (UTF-8 message bytes + 26 per event), in chronological order; events more than 2 hours ahead, more than 14 days
 * old or older than the group's retention are rejected but reported (`rejectedLogEventsInfo`) while the rest are
 * kept; the kept events may span at most 24 hours. Pure: the caller passes the time.
 */
import type { RejectedLogEventsInfo } from '../../models/logs/index.js';
import { EVENT_OVERHEAD_BYTES, type InputEvent } from './engine/index.js';
import { invalidParameter } from './wire-errors.js';

export const MAX_BATCH_EVENTS = 10_000;
export const MAX_BATCH_BYTES = 1_048_576;
export const MAX_FUTURE_MS = 2 * 3_600_000;
export const MAX_AGE_MS = 14 * 86_400_000;
export const MAX_SPAN_MS = 24 * 3_600_000;
export const DAY_MS = 86_400_000;

export interface CheckedBatch {
  accepted: InputEvent[];
  rejected?: RejectedLogEventsInfo;
}

/** Size of an event as AWS counts it. */
export const eventBytes = (message: string): number => Buffer.byteLength(message, 'utf8') + EVENT_OVERHEAD_BYTES;

export function checkBatch(events: readonly InputEvent[], nowMs: number, retentionInDays: number | undefined): CheckedBatch {
  if (events.length === 0) throw invalidParameter('At least one log event is required.');
  if (events.length > MAX_BATCH_EVENTS) throw invalidParameter(`A PutLogEvents request can contain at most ${MAX_BATCH_EVENTS} log events.`);
  let bytes = 0;
  let previous = -Infinity;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (typeof e.message !== 'string' || e.message.length === 0) throw invalidParameter(`Log event ${i} has an empty message.`);
    if (!Number.isSafeInteger(e.timestamp) || e.timestamp < 0) throw invalidParameter(`Log event ${i} has an invalid timestamp.`);
    if (e.timestamp < previous) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    previous = e.timestamp;
    bytes += eventBytes(e.message);
  }
  if (bytes > MAX_BATCH_BYTES) {
    throw invalidParameter(`The batch of log events is ${bytes} bytes (messages plus 26 bytes per event); the maximum is ${MAX_BATCH_BYTES}.`);
  }
  // Sorted by time, so the too-old and expired events are a head of the batch and the too-new ones a tail.
  const tooOldBefore = nowMs - MAX_AGE_MS;
  const expiredBefore = retentionInDays === undefined ? -Infinity : nowMs - retentionInDays * DAY_MS;
  const tooNewAfter = nowMs + MAX_FUTURE_MS;
  let tooOldEnd = 0;
  while (tooOldEnd < events.length && events[tooOldEnd]!.timestamp < tooOldBefore) tooOldEnd++;
  let expiredEnd = tooOldEnd;
  while (expiredEnd < events.length && events[expiredEnd]!.timestamp < expiredBefore) expiredEnd++;
  let tooNewStart = events.length;
  while (tooNewStart > expiredEnd && events[tooNewStart - 1]!.timestamp > tooNewAfter) tooNewStart--;
  const accepted = events.slice(expiredEnd, tooNewStart);
  if (accepted.length > 1 && accepted[accepted.length - 1]!.timestamp - accepted[0]!.timestamp > MAX_SPAN_MS) {
    throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
  }
  const rejected: RejectedLogEventsInfo = {};
  if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
  if (expiredEnd > tooOldEnd) rejected.expiredLogEventEndIndex = expiredEnd;
  if (tooNewStart < events.length) rejected.tooNewLogEventStartIndex = tooNewStart;
  // The events themselves, not copies: the stores read only the timestamp and message (10,000 objects less per call).
  return { accepted, rejected: Object.keys(rejected).length ? rejected : undefined };
}

/**
 * Splits time-sorted events into batches PutLogEvents would take (≤10,000 events, ≤1 MB, ≤24 h span), for the
 * internal API whose callers hand over any number of events.
 */
export function splitIntoBatches(events: readonly InputEvent[]): InputEvent[][] {
  const batches: InputEvent[][] = [];
  let current: InputEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = eventBytes(e.message);
    if (size > MAX_BATCH_BYTES) throw invalidParameter(`A log event of ${size} bytes is larger than the maximum of ${MAX_BATCH_BYTES}.`);
    const first = current[0];
    if (current.length === MAX_BATCH_EVENTS || bytes + size > MAX_BATCH_BYTES || (first && e.timestamp - first.timestamp > MAX_SPAN_MS)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}
