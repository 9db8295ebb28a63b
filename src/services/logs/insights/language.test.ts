// The language pieces AWS documents in its datetime, general, numeric, JSON, IP address and string function tables,
// the bin() units, the natural sort order and the diff command: each checked over a real event store, with the
// results AWS's tables and examples give.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogEventStore } from '../engine/index.js';
import { CLEAR } from '../event-cipher.js';
import { compileQuery } from './compile.js';
import { runQuery } from './run.js';
import { naturalOrder } from './values.js';

// Tuesday 2026-05-19 10:30 UTC, and events across months, quarters and years.
const T = Date.UTC(2026, 4, 19, 10, 30, 0);
const TIMES = [Date.UTC(2025, 11, 31, 23, 59, 59), Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 14, 8), Date.UTC(2026, 3, 1), T];
let dir: string;
let store: LogEventStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'insights-lang-'));
  store = await LogEventStore.open(dir);
  await store.createGroup('g', 0);
  await store.createStream('g', 's', 0);
  const events = TIMES.map((timestamp, i) => ({
    timestamp,
    message: JSON.stringify({ i, ip: ['10.1.2.3', '8.8.8.8', '127.0.0.1', '2001:db8::1', '172.20.0.9'][i], roles: i % 2 ? '["admin","ops"]' : '["ops"]', day: '2024-03-10', name: ['item10', 'item9', 'Item2', '12', 'item10b'][i] }),
  }));
  await store.putEvents('g', 's', events, T + 1000);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(query: string, window: [number, number] = [0, T + 1000], nowMs = T + 5000) {
  const out = await runQuery(compileQuery(query), [{ groupName: 'g', accountId: '111122223333', store, cipher: CLEAR }], { startMs: window[0], endMs: window[1], nowMs }, undefined, { check: () => undefined });
  return out.results.map((r) => Object.fromEntries(r.filter((f) => f.field !== '@ptr').map((f) => [f.field, f.value])));
}

/** One expression evaluated over the newest event (i = 4). */
async function value(expr: string): Promise<string | undefined> {
  const rows = await run(`filter i = 4 | fields ${expr} as v`);
  return rows[0].v;
}

const malformedMessage = (query: string): string => {
  try {
    compileQuery(query);
  } catch (err) {
    expect((err as Error).name).toBe('MalformedQueryException');
    return (err as Error).message;
  }
  throw new Error(`compiled: ${query}`);
};

describe('bin() units', () => {
  it('takes every spelling AWS lists, plurals included, and caps ms/s/m/h at 1000/60/60/24', async () => {
    for (const [period, ms] of [
      ['1ms', 1], ['2msec', 2], ['3msecs', 3], ['1millisecond', 1], ['5000ms', 1000],
      ['1s', 1000], ['2sec', 2000], ['3seconds', 3000], ['300s', 60_000],
      ['1m', 60_000], ['2min', 120_000], ['5mins', 300_000], ['1minute', 60_000], ['90m', 3_600_000],
      ['1h', 3_600_000], ['2hr', 7_200_000], ['3hrs', 10_800_000], ['1hour', 3_600_000], ['48h', 86_400_000],
      ['1d', 86_400_000], ['2days', 172_800_000], ['1w', 604_800_000], ['2weeks', 1_209_600_000],
    ] as const) {
      const rows = await run(`filter i = 4 | fields bin(${period}) as b`);
      expect(rows[0].b, period).toBe(new Date(Math.floor(T / ms) * ms).toISOString().replace('T', ' ').replace('Z', ''));
    }
  });

  it('counts months, quarters and years as calendar periods from January 1970', async () => {
    expect(await run('stats count(*) as n by bin(1mo) as b | sort b asc')).toEqual([
      { b: '2025-12-01 00:00:00.000', n: '1' },
      { b: '2026-01-01 00:00:00.000', n: '1' },
      { b: '2026-02-01 00:00:00.000', n: '1' },
      { b: '2026-04-01 00:00:00.000', n: '1' },
      { b: '2026-05-01 00:00:00.000', n: '1' },
    ]);
    expect(await run('stats count(*) as n by bin(1quarter) as b | sort b asc')).toEqual([
      { b: '2025-10-01 00:00:00.000', n: '1' },
      { b: '2026-01-01 00:00:00.000', n: '2' },
      { b: '2026-04-01 00:00:00.000', n: '2' },
    ]);
    expect(await run('stats count(*) as n by bin(1yr) as b | sort b asc')).toEqual([
      { b: '2025-01-01 00:00:00.000', n: '1' },
      { b: '2026-01-01 00:00:00.000', n: '4' },
    ]);
    expect(await run('stats count(*) as n by bin(6months) as b | sort b asc')).toEqual([
      { b: '2025-07-01 00:00:00.000', n: '1' },
      { b: '2026-01-01 00:00:00.000', n: '4' },
    ]);
    expect(await value('datefloor(@timestamp, 1q)')).toBe('2026-04-01 00:00:00.000');
    expect(await value('dateceil(@timestamp, 1y)')).toBe('2027-01-01 00:00:00.000');
    expect(await value('dateceil(@timestamp, 1w)')).toBe(new Date(Math.ceil(T / 604_800_000) * 604_800_000).toISOString().replace('T', ' ').replace('Z', ''));
  });

  it('rejects calendar periods outside bin(), datefloor() and dateceil(), and fractions of them', () => {
    expect(malformedMessage('fields @timestamp + 1mo')).toMatch(/months, quarters or years/);
    expect(malformedMessage('stats count(*) by bin(1.5mo)')).toMatch(/whole number/);
  });
});

describe('functions from the AWS tables', () => {
  it('numeric', async () => {
    expect(await value('round(2.567, 2)')).toBe('2.57');
    expect(await value('round(2.5)')).toBe('3');
    expect(await value('round(-2.5)')).toBe('-3');
    expect(Number(await value('haversine(47.6062, -122.3321, 40.7128, -74.0060)'))).toBeCloseTo(3866, -1);
    expect(await value('toNumber("12.5")')).toBe('12.5');
    expect(await value('toNumber("x")')).toBeUndefined();
    expect(await value('toInt("12.9")')).toBe('12');
    expect(await value('toInt("-12.9")')).toBe('-12');
    expect(await value('toInt("3000000000")')).toBeUndefined();
    expect(await value('toLong("3000000000")')).toBe('3000000000');
    expect(await value('toDouble(i)')).toBe('4');
  });

  it('datetime: now() in epoch seconds, formatDate/strftime, parseDate', async () => {
    expect(await value('now()')).toBe(String(Math.floor((T + 5000) / 1000)));
    expect(await value('formatDate(@timestamp, "%Y-%m-%d", "UTC")')).toBe('2026-05-19');
    expect(await value('strftime(@timestamp, "%Y-%m-%dT%H:%M:%S %z %a %b %j")')).toBe('2026-05-19T10:30:00 +0000 Tue May 139');
    expect(await value('formatDate(@timestamp, "%H:%M %z", "America/New_York")')).toBe('06:30 -0400');
    expect(await value('formatDate(@timestamp, "%H:%M", "Not/AZone")')).toBeUndefined();
    expect(await value('parseDate(day, "yyyy-MM-dd", "UTC")')).toBe(String(Date.UTC(2024, 2, 10)));
    expect(await value(`parseDate("2024-03-10T12:30:00.250+02:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")`)).toBe(String(Date.UTC(2024, 2, 10, 10, 30, 0, 250)));
    expect(await value('parseDate("2024-07-01 00:00", "yyyy-MM-dd HH:mm", "Europe/Paris")')).toBe(String(Date.UTC(2024, 5, 30, 22)));
    expect(await value('parseDate("10/Mar/2024:01:02:03 PM", "dd/MMM/yyyy:hh:mm:ss a", "UTC")')).toBe(String(Date.UTC(2024, 2, 10, 13, 2, 3)));
    expect(await value('parseDate("2024-02-30", "yyyy-MM-dd")')).toBeUndefined();
    expect(malformedMessage('fields formatDate(@timestamp, "%Q")')).toMatch(/%Q/);
    expect(malformedMessage('fields parseDate(day, "yyyy G")')).toMatch(/letter G/);
  });

  it('general: query window, if, case, isNumeric, messageSize', async () => {
    const rows = await run('filter i = 4 | fields queryStartTime() as a, queryEndTime() as b, queryTimeRange() as c', [1000, 61_000]);
    expect(rows).toEqual([]); // the newest event is outside this window
    const [r] = await run('filter i = 4 | fields queryStartTime() as a, queryEndTime() as b, queryTimeRange() as c', [T - 60_000, T + 1000]);
    expect(r).toEqual({ a: String(T - 60_000), b: String(T + 1000), c: String(61_000) });
    expect(await value('if(i > 3, "big", "small")')).toBe('big');
    expect(await value('if(i > 5, "big", "small")')).toBe('small');
    expect(await value('case(i = 1, "one", i = 4, "four", "other")')).toBe('four');
    expect(await value('case(i = 1, "one", "other")')).toBe('other');
    expect(await value('case(i = 1, "one")')).toBeUndefined();
    expect(await value('isNumeric(name)')).toBe('false');
    expect(await value('isNumeric("12.5")')).toBe('true');
    expect(await value('messageSize("héllo")')).toBe('6');
    expect(malformedMessage('fields now(1)')).toMatch(/no arguments/);
  });

  it('JSON arrays', async () => {
    expect(await run('filter jsonArrayContains(roles, "admin") | stats count(*) as n')).toEqual([{ n: '2' }]);
    expect(await run('filter jsonArrayContains(roles, "Admin") | stats count(*) as n')).toEqual([{ n: '0' }]);
    expect(await value('jsonArraySize(roles)')).toBe('1');
    expect(await value('jsonArraySize(name)')).toBeUndefined();
  });

  it('IP addresses', async () => {
    const rows = await run('fields ip, ipv4ToNumber(ip) as n, isPrivateIP(ip) as p, isPublicIP(ip) as pub, isReservedIP(ip) as r | sort i asc');
    expect(rows.map((x) => [x.ip, x.n, x.p, x.pub, x.r])).toEqual([
      ['10.1.2.3', String(10 * 2 ** 24 + 1 * 2 ** 16 + 2 * 256 + 3), 'true', 'false', 'true'],
      ['8.8.8.8', String(8 * 2 ** 24 + 8 * 2 ** 16 + 8 * 256 + 8), 'false', 'true', 'false'],
      ['127.0.0.1', String(127 * 2 ** 24 + 1), 'false', 'false', 'true'],
      ['2001:db8::1', undefined, 'false', 'false', 'true'],
      ['172.20.0.9', String(172 * 2 ** 24 + 20 * 2 ** 16 + 9), 'true', 'false', 'true'],
    ]);
  });

  it('strings (the examples of the AWS table)', async () => {
    expect(await value('regexReplace("a1b22c", "[0-9]+", "#")')).toBe('a#b#c');
    expect(await value('strcontains("Hello", "hell")')).toBe('false');
    expect(await value('strcontains("Hello", "hell", true)')).toBe('true');
    expect(await value('startsWith("xyZfoo", "xyZ")')).toBe('1');
    expect(await value('endsWith("xyZfoo", "xyZ")')).toBe('0');
    expect(await value('urlencode("a b&c=d")')).toBe('a%20b%26c%3Dd');
    expect(await value('urldecode("a%20b%26c")')).toBe('a b&c');
    expect(await value('urldecode("%E0%A4%A")')).toBeUndefined();
    expect(await value('base64encode("héllo")')).toBe('aMOpbGxv');
    expect(await value('base64decode("aMOpbGxv")')).toBe('héllo');
    expect(await value('base64decode("not base64!")')).toBeUndefined();
    expect(await value('split("a,b,c", ",")')).toBe('["a","b","c"]');
    expect(await value('hexToAscii("48656c6c6f")')).toBe('Hello');
    expect(await value('hexToDec("0xff")')).toBe('255');
    expect(await value('decToHex(255)')).toBe('0xff');
    expect(await value('decToHex(-16.7)')).toBe('-0x10');
  });
});

describe('sort order', () => {
  it('is the natural order of the AWS sort example', () => {
    const documented = ['!:', '#', '*%04', '0#', '5A', '111A', '2345_', '@', '@_', 'A', 'A9876fghj', 'a12345hfh', '0', '01', '1', '2', '3'];
    expect([...documented].reverse().sort(naturalOrder)).toEqual(documented);
    expect([...documented].sort(() => 0.5 - Math.random()).sort(naturalOrder)).toEqual(documented);
  });

  it('sorts events that way, and the reverse for desc', async () => {
    expect((await run('fields name | sort name asc')).map((r) => r.name)).toEqual(['Item2', 'item9', 'item10', 'item10b', '12']);
    expect((await run('fields name | sort name desc')).map((r) => r.name)).toEqual(['12', 'item10b', 'item10', 'item9', 'Item2']);
  });
});

describe('diff', () => {
  it('is refused with the reason (AWS does not document the fields of its results)', () => {
    for (const q of ['diff', 'fields @message | diff previousDay', 'pattern @message | diff previousMonth']) expect(malformedMessage(q)).toMatch(/diff command is not supported/);
  });
});

describe('@message like "text" read in the record bytes', () => {
  it('matches what a substring test of each decoded message gives, across chunk refills and streams', async () => {
    await store.createGroup('big', 0);
    for (const st of ['a', 'b']) await store.createStream('big', st, 0);
    const messages: string[] = [];
    // Over 1 MiB of events, so the scan refills its chunk buffer; rare, common and multi-byte needles.
    for (let i = 0; i < 7000; i++) {
      const pad = 'x'.repeat(100 + (i % 150));
      messages.push(i % 997 === 0 ? `rare-needle ${pad} é€ ${i}` : i % 3 === 0 ? `ERROR job ${i} ${pad} é€` : `INFO job ${i} ${pad}`);
    }
    await store.putEvents('big', 'a', messages.slice(0, 3500).map((message, i) => ({ timestamp: T + i, message })), T + 10_000);
    await store.putEvents('big', 'b', messages.slice(3500).map((message, i) => ({ timestamp: T + 3500 + i, message })), T + 10_000);
    for (const needle of ['rare-needle', 'ERROR', 'job', 'é€', '€ 9', 'absent text', 'x'.repeat(249)]) {
      for (const negate of [false, true]) {
        const out = await runQuery(compileQuery(`filter @message ${negate ? 'not like' : 'like'} ${JSON.stringify(needle)} | stats count(*) as n`), [{ groupName: 'big', accountId: '111122223333', store, cipher: CLEAR }], { startMs: 0, endMs: T * 2 }, undefined, { check: () => undefined });
        const expected = messages.filter((m) => m.includes(needle) !== negate).length;
        expect(out.results[0][0].value, `${negate ? 'not ' : ''}${needle}`).toBe(String(expected));
      }
    }
  });
});
