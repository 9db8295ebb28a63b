/**
 * Running a compiled query over the events of its log groups in a time window: each event (opened first when its
 * group is KMS-keyed) is pushed through the plan's stage chain, then the kept rows become GetQueryResults rows.
 * Runs off the request path; it yields to the event loop between read chunks, and checks every few thousand
 * events whether it was stopped or ran out of time.
 */
import type { ResultField } from '../../../models/logs/index.js';
import { CLEAR, type EventCipher } from '../event-cipher.js';
import { RECORD_HEADER_BYTES } from '../engine/index.js';
import type { EventStore } from '../event-stores.js';
import type { QueryPlan } from './compile.js';
import { EventRow, fieldSlots, MapRow, OverlayRow, type GroupContext, type Row } from './event-row.js';
import { formatValue } from './values.js';

export interface QueryTarget {
  groupName: string;
  accountId: string;
  store: EventStore;
  cipher: EventCipher;
}

export interface QueryStats {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
  logGroupsScanned: number;
}

export interface QueryOutcome {
  status: 'Complete' | 'Cancelled' | 'Timeout';
  results: ResultField[][];
  statistics: QueryStats;
}

export interface RunControl {
  /**
   * Asked every few thousand events with the statistics so far (a worker's heartbeat stores them: GetQueryResults on
   * a Running query answers them): 'Cancelled' or 'Timeout' stops the run. `partial()` gives the result rows as
   * they would be if the input ended now (GetQueryResults answers them while the query runs); it may be kept and
   * called later, between reads, but not while the run is pushing an event.
   */
  check(progress: Readonly<QueryStats>, partial: () => ResultField[][]): 'Cancelled' | 'Timeout' | undefined;
}

const CHECK_EVERY = 4096;

/** `window.nowMs`: when the query started (now()); the current time when not given. */
export async function runQuery(plan: QueryPlan, targets: readonly QueryTarget[], window: { startMs: number; endMs: number; nowMs?: number }, limit: number | undefined, control: RunControl): Promise<QueryOutcome> {
  const { head, counter, sink, partial } = plan.build(limit, { startMs: window.startMs, endMs: window.endMs, nowMs: window.nowMs ?? Date.now() });
  const stats: QueryStats = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, logGroupsScanned: 0 };
  const partialRows = (): ResultField[][] => partial().map((r) => toResultRow(plan, r));
  let stop: 'Cancelled' | 'Timeout' | undefined;
  let full = false;
  const fields = fieldSlots(plan.jsonKeys, plan.jsonNames);
  for (const t of targets) {
    if (stop || full) break;
    const group: GroupContext = { log: `${t.accountId}:${t.groupName}`, groupName: t.groupName, jsonKeys: plan.jsonKeys, fields };
    const cipher = t.cipher;
    const clear = cipher === CLEAR;
    let untilCheck = CHECK_EVERY;
    let spare: EventRow | undefined;
    stats.logGroupsScanned++;
    await t.store.scanEvents(t.groupName, { startTime: window.startMs, endTime: window.endMs }, (e, buf, off, length) => {
      if (--untilCheck === 0) {
        untilCheck = CHECK_EVERY;
        stats.recordsMatched = counter.matched;
        stop = control.check(stats, partialRows);
        if (stop) return false;
      }
      stats.recordsScanned++;
      stats.bytesScanned += length - RECORD_HEADER_BYTES;
      // Clear messages are read in place (decoded only if the query needs them); sealed ones are opened first.
      let row: EventRow;
      if (clear) {
        row = spare && !spare.kept ? spare.reuse(e.timestamp, e.ingestionTime, e.logStreamName, e.seq, buf, off + RECORD_HEADER_BYTES, off + length) : EventRow.fromBytes(group, e.timestamp, e.ingestionTime, e.logStreamName, e.seq, buf, off + RECORD_HEADER_BYTES, off + length);
        spare = row;
      } else {
        row = new EventRow(group, e.timestamp, e.ingestionTime, e.logStreamName, cipher.open(buf.toString('utf8', off + RECORD_HEADER_BYTES, off + length)), e.seq);
      }
      if (!head.push(row)) {
        full = true;
        return false;
      }
    });
  }
  stats.recordsMatched = counter.matched;
  stop ??= control.check(stats, partialRows);
  if (stop) return { status: stop, results: [], statistics: { ...stats, recordsMatched: counter.matched } };
  head.finish();
  stats.recordsMatched = counter.matched;
  return { status: 'Complete', results: sink.rows.map((r) => toResultRow(plan, r)), statistics: stats };
}

function toResultRow(plan: QueryPlan, row: Row): ResultField[] {
  const out: ResultField[] = [];
  for (const c of plan.columns) {
    const v = formatValue(row.get(c), plan.timeColumns.has(c));
    if (v !== undefined) out.push({ field: c, value: v });
  }
  const event = row instanceof EventRow ? row : row instanceof OverlayRow ? row.event : undefined;
  if (!(row instanceof MapRow) && event) out.push({ field: '@ptr', value: event.get('@ptr') as string });
  return out;
}
