// The Logs Insights language, command by command, over a real event store: each test puts events, runs a query
// through the compiled plan and checks the rows and statistics GetQueryResults would carry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogEventStore } from '../engine/index.js';
import { CLEAR } from '../event-cipher.js';
import { compileQuery } from './compile.js';
import { runQuery } from './run.js';

const T = Date.UTC(2026, 2, 10, 12, 0, 0);
let dir: string;
let store: LogEventStore;

const EVENTS = [
  { timestamp: T, message: JSON.stringify({ eventType: 'JOB_CREATED', jobId: 'j1', affectedResource: { type: 'S3_BUCKET', value: 'b1' } }) },
  { timestamp: T + 1000, message: JSON.stringify({ eventType: 'SCAN_ERROR', jobId: 'j1', n: 3, tags: ['a', 'b'], affectedResource: { type: 'S3_OBJECT', value: 'b1/k1' } }) },
  { timestamp: T + 2000, message: JSON.stringify({ eventType: 'SCAN_ERROR', jobId: 'j2', n: 5, ok: true }) },
  { timestamp: T + 61_000, message: 'user=alice id=42 status=ERROR took 120ms' },
  { timestamp: T + 62_000, message: 'user=bob id=7 status=OK took 5ms' },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'insights-'));
  store = await LogEventStore.open(dir);
  await store.createGroup('g', 0);
  await store.createStream('g', 'job', 0);
  await store.createStream('g', 'web', 0);
  await store.putEvents('g', 'job', EVENTS.slice(0, 3), T + 100_000);
  await store.putEvents('g', 'web', EVENTS.slice(3), T + 100_000);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(query: string, options: { limit?: number; window?: [number, number] } = {}) {
  const plan = compileQuery(query);
  const [startMs, endMs] = options.window ?? [0, T * 2];
  const out = await runQuery(plan, [{ groupName: 'g', accountId: '111122223333', store, cipher: CLEAR }], { startMs, endMs }, options.limit, { check: () => undefined });
  const rows = out.results.map((r) => Object.fromEntries(r.filter((f) => f.field !== '@ptr').map((f) => [f.field, f.value])));
  return { ...out, rows };
}

const malformed = (query: string) => {
  try {
    compileQuery(query);
  } catch (err) {
    return err as Error & { name: string; fields?: { queryCompileError?: unknown } };
  }
  throw new Error(`compiled: ${query}`);
};

describe('Logs Insights query language', () => {
  it('without commands naming columns shows @timestamp, @message, @logStream and @log, newest first, with @ptr', async () => {
    const out = await run('filter @logStream = "web"');
    expect(out.rows).toEqual([
      { '@timestamp': '2026-03-10 12:01:02.000', '@message': EVENTS[4].message, '@logStream': 'web', '@log': '111122223333:g' },
      { '@timestamp': '2026-03-10 12:01:01.000', '@message': EVENTS[3].message, '@logStream': 'web', '@log': '111122223333:g' },
    ]);
    expect(out.results[0].at(-1)!.field).toBe('@ptr');
    expect(out.statistics).toMatchObject({ recordsMatched: 2, recordsScanned: 5, logGroupsScanned: 1 });
    expect(out.statistics.bytesScanned).toBe(EVENTS.reduce((n, e) => n + Buffer.byteLength(e.message), 0));
  });

  it('fields: JSON fields by name and dotted path, arrays by index, expressions and aliases; absent fields left out', async () => {
    const out = await run('fields jobId, affectedResource.value as res, tags.1, n * 2 as double, ok | filter ispresent(jobId) | sort @timestamp asc');
    expect(out.rows).toEqual([
      { jobId: 'j1', res: 'b1' },
      { jobId: 'j1', res: 'b1/k1', 'tags.1': 'b', double: '6' },
      { jobId: 'j2', double: '10', ok: 'true' },
    ]);
  });

  it('filter: comparisons, like with strings and regexes, =~, in, and/or/not, functions', async () => {
    const q = async (f: string) => (await run(`filter ${f} | fields @timestamp | sort @timestamp asc`)).rows.length;
    expect(await q('n > 3')).toBe(1);
    expect(await q('n >= 3 and n <= 5')).toBe(2);
    expect(await q('n != 3')).toBe(1); // events without n don't compare
    expect(await q('eventType = "SCAN_ERROR"')).toBe(2);
    expect(await q('@message like "status=ERROR"')).toBe(1);
    expect(await q('@message like /(?i)STATUS=ok/')).toBe(1);
    expect(await q('@message not like /user=/')).toBe(3);
    expect(await q('@message =~ /id=\\d{2}\\b/')).toBe(1);
    expect(await q('eventType in ["JOB_CREATED", "NOPE"]')).toBe(1);
    expect(await q('eventType not in ["JOB_CREATED"]')).toBe(2);
    expect(await q('n in [5]')).toBe(1);
    expect(await q('not ispresent(eventType)')).toBe(2);
    expect(await q('eventType = "JOB_CREATED" or n = 5')).toBe(2);
    expect(await q('!(eventType = "JOB_CREATED")')).toBe(4); // not turns the failed comparisons of events without eventType true
    expect(await q('strlen(jobId) = 2 and toupper(jobId) = "J2"')).toBe(1);
    expect(await q('isempty(affectedResource.value)')).toBe(3);
    expect(await q('@timestamp > ' + (T + 60_000))).toBe(2);
  });

  it('stats: count, count(*), sum, avg, min, max, pct, count_distinct, stddev, by fields and bin()', async () => {
    const byType = await run('stats count(*) by eventType | sort eventType asc');
    // Events without the field form a group of their own; absent values sort last either way.
    expect(byType.rows).toEqual([{ eventType: 'JOB_CREATED', 'count(*)': '1' }, { eventType: 'SCAN_ERROR', 'count(*)': '2' }, { 'count(*)': '2' }]);
    expect(byType.results[0].map((f) => f.field)).toEqual(['eventType', 'count(*)']); // by fields first, no @ptr
    expect(byType.statistics.recordsMatched).toBe(5);
    const all = await run('stats count() as c, count(n) as withN, sum(n), avg(n), min(n), max(n), pct(n, 50), count_distinct(jobId), stddev(n), min(@timestamp) as first');
    expect(all.rows).toEqual([
      { c: '5', withN: '2', 'sum(n)': '8', 'avg(n)': '4', 'min(n)': '3', 'max(n)': '5', 'pct(n, 50)': '3', 'count_distinct(jobId)': '2', 'stddev(n)': String(Math.SQRT2), first: '2026-03-10 12:00:00.000' },
    ]);
    const bins = await run('stats count(*) as n by bin(1m) as minute | sort minute asc');
    expect(bins.rows).toEqual([
      { minute: '2026-03-10 12:00:00.000', n: '3' },
      { minute: '2026-03-10 12:01:00.000', n: '2' },
    ]);
    const two = await run('stats sum(n) / count(n) as mean by jobId, eventType | filter mean > 4');
    expect(two.rows).toEqual([{ jobId: 'j2', eventType: 'SCAN_ERROR', mean: '5' }]);
    expect((await run('filter eventType = "none" | stats count(*)')).rows).toEqual([{ 'count(*)': '0' }]);
  });

  it('sort asc/desc on several keys, limit, and StartQuery limit', async () => {
    const out = await run('fields jobId, n | filter ispresent(jobId) | sort jobId desc, n asc');
    expect(out.rows).toEqual([{ jobId: 'j2', n: '5' }, { jobId: 'j1', n: '3' }, { jobId: 'j1' }]);
    expect((await run('fields @timestamp | limit 2')).rows).toEqual([{ '@timestamp': '2026-03-10 12:01:02.000' }, { '@timestamp': '2026-03-10 12:01:01.000' }]);
    expect((await run('fields @timestamp', { limit: 1 })).rows).toHaveLength(1);
    expect((await run('fields @timestamp | limit any 1')).rows).toHaveLength(1);
  });

  it('parse: globs and regexes with named groups; events that do not match keep their other fields', async () => {
    const glob = await run('parse @message "user=* id=* status=* took *ms" as user, id, status, took | filter ispresent(user) | display user, id, status, took');
    expect(glob.rows).toEqual([
      { user: 'bob', id: '7', status: 'OK', took: '5' },
      { user: 'alice', id: '42', status: 'ERROR', took: '120' },
    ]);
    const regex = await run('parse @message /user=(?<user>\\w+).*took (?<ms>\\d+)ms/ | stats sum(ms) as total');
    expect(regex.rows).toEqual([{ total: '125' }]);
    const kept = await run('parse "user=* " as user | fields user, eventType | sort @timestamp asc');
    expect(kept.rows).toEqual([{ eventType: 'JOB_CREATED' }, { eventType: 'SCAN_ERROR' }, { eventType: 'SCAN_ERROR' }, { user: 'alice' }, { user: 'bob' }]);
  });

  it('display picks the columns; dedup keeps the first row of each value', async () => {
    expect((await run('fields jobId, eventType | display jobId | filter ispresent(jobId) | sort @timestamp asc')).rows).toEqual([{ jobId: 'j1' }, { jobId: 'j1' }, { jobId: 'j2' }]);
    expect((await run('fields jobId | filter ispresent(jobId) | sort @timestamp asc | dedup jobId')).rows).toEqual([{ jobId: 'j1' }, { jobId: 'j2' }]);
  });

  it('reads only the time window', async () => {
    expect((await run('stats count(*)', { window: [T + 1000, T + 61_000] })).rows).toEqual([{ 'count(*)': '3' }]);
  });

  it('answers MalformedQueryException with a location for syntax and semantic errors', () => {
    const e = malformed('fields @timestamp | count()');
    expect(e.name).toBe('MalformedQueryException');
    expect(e.message).toMatch(/^mismatched input 'count' expecting \{K_FIELDS, /);
    expect(e.fields?.queryCompileError).toEqual({ message: e.message, location: { startCharOffset: 20, endCharOffset: 24 } });
    expect(malformed('filter').message).toMatch(/^mismatched input '<EOF>' expecting/);
    expect(malformed('stats count(*) by x | sort y').message).toBe('Unknown symbols found in or after stats: y');
    expect(malformed('fields nosuch(x)').message).toBe('Unknown function: nosuch');
    expect(malformed('filter count(*) > 1').message).toMatch(/only allowed in stats/);
    expect(malformed('stats eventType').message).toMatch(/needs an aggregate function/);
    expect(malformed('stats pct(n, 101)').message).toMatch(/between 0 and 100/);
    expect(malformed('parse @message "* *" as a').message).toMatch(/2 wildcards but 1 field names/);
    expect(malformed('parse @message /(\\w+)/').message).toMatch(/must name its capture groups/);
    expect(malformed('filter x like /(?<=a)b/').message).toMatch(/^Invalid regular expression/);
    expect(malformed('limit 100001').message).toMatch(/between 1 and 100000/);
    expect(malformed('').message).toBe('The query string is empty.');
  });

  it('accepts comments, any case for commands and keywords, and backquoted names', async () => {
    const out = await run('# count the errors\nFILTER eventType = "SCAN_ERROR" AND `n` > 4 # only the big one\n| STATS count(*) AS c');
    expect(out.rows).toEqual([{ c: '1' }]);
  });
});
