// The events bench/pg-read.ts and bench/pg-read-lab.ts read: TOTAL events of ~110 bytes (JSON lines, 2% ERROR) in
// batches of 5,000 over 4 streams, several events to a timestamp (as in real logs), so pages cut between equal
// timestamps.
import type { EventStore } from '../src/services/logs/event-stores.js';

export const TOTAL = Number(process.env.SIFT_BENCH_EVENTS ?? 200_000);
export const STREAMS = 4;
export const T0 = Date.UTC(2026, 0, 1);
export const GROUP = '/bench/read';
export const BATCH = 5_000;

export const line = (i: number): string =>
  JSON.stringify({ time: new Date(T0 + i).toISOString(), level: i % 50 === 0 ? 'ERROR' : 'INFO', job: `job-${i % 13}`, key: `data/part-${i}.csv`, latency: (i * 31) % 1000 });

/** The fill's batches in order: stream, events, ingestion time. */
export function* batches(total = TOTAL): Generator<{ stream: string; events: Array<{ timestamp: number; message: string }>; ingestionTime: number }> {
  for (let i = 0, b = 0; i < total; i += BATCH, b++) {
    const events = [];
    for (let k = i; k < Math.min(total, i + BATCH); k++) events.push({ timestamp: T0 + Math.floor(k / 4), message: line(k) });
    yield { stream: `s-${b % STREAMS}`, events, ingestionTime: T0 + i };
  }
}

export async function createGroup(store: EventStore): Promise<void> {
  await store.createGroup(GROUP, T0);
  for (let s = 0; s < STREAMS; s++) await store.createStream(GROUP, `s-${s}`, T0);
}

export async function fill(store: EventStore, total = TOTAL): Promise<void> {
  await createGroup(store);
  for (const b of batches(total)) await store.putEvents(GROUP, b.stream, b.events, b.ingestionTime);
}
