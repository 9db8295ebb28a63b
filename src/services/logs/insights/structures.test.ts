// unnest, jsonParse / jsonStringify, list[index] access and the IP address functions, over a real event store.
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
  { timestamp: T, message: JSON.stringify({ req: 'r1', ip: '10.1.2.3', accounts: [{ id: 'a1', type: 'internal', n: 2 }, { id: 'a2', type: 'external', n: 5 }] }) },
  { timestamp: T + 1000, message: JSON.stringify({ req: 'r2', ip: '2001:db8::7', accounts: [{ id: 'a1', type: 'internal', n: 3 }] }) },
  { timestamp: T + 2000, message: JSON.stringify({ req: 'r3', ip: '192.168.0.300', accounts: [] }) },
  { timestamp: T + 3000, message: JSON.stringify({ req: 'r4', ip: '172.16.5.4', accounts: { id: 'a9', type: 'internal', n: 1 } }) },
  { timestamp: T + 4000, message: 'not json at all' },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'insights-structures-'));
  store = await LogEventStore.open(dir);
  await store.createGroup('g', 0);
  await store.createStream('g', 's', 0);
  await store.putEvents('g', 's', EVENTS, T + 100_000);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(query: string) {
  const plan = compileQuery(query);
  const out = await runQuery(plan, [{ groupName: 'g', accountId: '111122223333', store, cipher: CLEAR }], { startMs: 0, endMs: T * 2 }, undefined, { check: () => undefined });
  return { ...out, rows: out.results.map((r) => Object.fromEntries(r.filter((f) => f.field !== '@ptr').map((f) => [f.field, f.value]))) };
}

const malformed = (query: string) => {
  try {
    compileQuery(query);
  } catch (err) {
    return err as Error & { name: string; fields?: { queryCompileError?: { location?: unknown } } };
  }
  throw new Error(`compiled: ${query}`);
};

describe('unnest and structure types', () => {
  it('jsonParse makes a map whose members read by dotted path and list[index]', async () => {
    const out = await run('fields jsonParse(@message) as js | fields js.req as req, js.accounts[0].id as first, js.accounts.1.type as second | display req, first, second | sort @timestamp asc');
    expect(out.rows).toEqual([{ req: 'r1', first: 'a1', second: 'external' }, { req: 'r2', first: 'a1' }, { req: 'r3' }, { req: 'r4' }, {}]);
  });

  it('jsonStringify gives the JSON text of a structure', async () => {
    const out = await run('fields jsonParse(@message) as js | filter js.req = "r2" | fields jsonStringify(js.accounts) as text | display text');
    expect(out.rows).toEqual([{ text: '[{"id":"a1","type":"internal","n":3}]' }]);
  });

  it('unnest makes one row per list member, keeps the other fields, treats a map as a list of one and drops empty lists', async () => {
    const out = await run('fields jsonParse(@message) as js | unnest js.accounts into account | fields js.req as req, account.id as id | display req, id | sort @timestamp asc');
    expect(out.rows).toEqual([
      { req: 'r1', id: 'a1' },
      { req: 'r1', id: 'a2' },
      { req: 'r2', id: 'a1' },
      { req: 'r4', id: 'a9' },
    ]);
    // Each unnested row still points at its event.
    expect(out.results[0].some((f) => f.field === '@ptr')).toBe(true);
    expect(out.statistics.recordsMatched).toBe(4);
  });

  it('unnest feeds filter and stats (the documented examples)', async () => {
    const internal = await run('fields jsonParse(@message) as js | unnest js.accounts into account | filter account.type = "internal" | stats count(*) as c');
    expect(internal.rows).toEqual([{ c: '3' }]);
    const byAccount = await run('fields jsonParse(@message) as js | unnest js.accounts into account | stats sum(account.n) as n by account.id | sort n desc');
    expect(byAccount.rows).toEqual([
      { 'account.id': 'a1', n: '5' },
      { 'account.id': 'a2', n: '5' },
      { 'account.id': 'a9', n: '1' },
    ]);
  });

  it('a string or number is unnested as a list of one; a missing field makes no rows', async () => {
    const out = await run('unnest req into r | display r | sort @timestamp asc');
    expect(out.rows).toEqual([{ r: 'r1' }, { r: 'r2' }, { r: 'r3' }, { r: 'r4' }]);
  });

  it('IP address functions', async () => {
    const q = async (f: string) => (await run(`filter ${f} | fields ip | sort @timestamp asc`)).rows.map((r) => r.ip);
    expect(await q('isValidIp(ip)')).toEqual(['10.1.2.3', '2001:db8::7', '172.16.5.4']);
    expect(await q('isValidIpV4(ip)')).toEqual(['10.1.2.3', '172.16.5.4']);
    expect(await q('isValidIpV6(ip)')).toEqual(['2001:db8::7']);
    expect(await q('isIpInSubnet(ip, "10.0.0.0/8") or isIpInSubnet(ip, "2001:db8::/32")')).toEqual(['10.1.2.3', '2001:db8::7']);
    expect(await q('isIpv4InSubnet(ip, "172.16.0.0/12")')).toEqual(['172.16.5.4']);
    expect(await q('isIpv4InSubnet(ip, "2001:db8::/32")')).toEqual([]);
    expect(await q('isIpv6InSubnet(ip, "2001:db8::/32")')).toEqual(['2001:db8::7']);
    expect(await q('isIpInSubnet(ip, "not a subnet")')).toEqual([]);
    expect(await q('isIpInSubnet(ip, "10.0.0.0/33")')).toEqual([]);
  });

  it('rejects a malformed unnest and wrong arity with a location', () => {
    expect(malformed('unnest js.accounts').message).toMatch(/^mismatched input '<EOF>' expecting \{.*K_INTO\}/);
    const e = malformed('fields isValidIp(a, b)');
    expect(e.name).toBe('MalformedQueryException');
    expect(e.message).toBe('Wrong number of arguments to isvalidip: 2 (expected 1).');
    expect(e.fields?.queryCompileError?.location).toEqual({ startCharOffset: 7, endCharOffset: 21 });
    expect(malformed('fields jsonParse()').message).toMatch(/Wrong number of arguments to jsonparse: 0/);
    expect(malformed('fields isIpInSubnet(ip)').message).toMatch(/Wrong number of arguments to isipinsubnet: 1 \(expected 2\)/);
  });
});
