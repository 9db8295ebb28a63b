// The events bench/pg-read.ts and bench/pg-read-lab.ts read: TOTAL events of ~110 bytes (JSON lines, 2% ERROR) in
// batches of 5,000 over 4 streams, several events to a timestamp (as in real logs), so pages cut between equal
// timestamps.
import type { EventStore } from '../src/services/logs/event-stores.js';

export const TOTAL = Number(process.env.SIFT_BENCH_EVENTS ?? 200_000);
export const STREAMS = 4;
export const T0 = Date.UTC(2026, 0, 1);
export const GROUP = '/bench/read';
const BATCH = 5_000;

const line = (i: number): string =>
  JSON.stringify({ time: new Date(T0 + i).toISOString(), level: i % 50 === 0 ? 'ERROR' : 'INFO', job: `job-${i % 13}`, key: `data/part-${i}.csv`, latency: (i * 31) % 1000 });

export async function fill(store: EventStore, total = TOTAL): Promise<void> {
  await store.createGroup(GROUP, T0);
  for (let s = 0; s < STREAMS; s++) await store.createStream(GROUP, `s-${s}`, T0);
  for (let i = 0, b = 0; i < total; i += BATCH, b++) {
    const batch = [];
    for (let k = i; k < Math.min(total, i + BATCH); k++) batch.push({ timestamp: T0 + Math.floor(k / 4), message: line(k) });
    await store.putEvents(GROUP, `s-${b % STREAMS}`, batch, T0 + i);
  }
}
