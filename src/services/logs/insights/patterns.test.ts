// The pattern command: the deterministic tokenizer, and the command over a real event store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogEventStore } from '../engine/index.js';
import { CLEAR } from '../event-cipher.js';
import { compileQuery } from './compile.js';
import { MAX_PATTERN_WORDS, patternOf } from './patterns.js';
import { runQuery } from './run.js';

const T = Date.UTC(2026, 2, 10, 12, 0, 0);
let dir: string;
let store: LogEventStore;
const MESSAGES = [
  'ERROR request 7f3a failed from 10.0.0.1: timeout after 30s',
  'ERROR request 9c1b failed from 10.0.0.2: timeout after 31s',
  'INFO user=ann logged in',
  'ERROR request 11aa failed from 2001:db8::1 timeout after 5s',
  'INFO user=bob logged in',
  'INFO user=cy logged out',
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'insights-patterns-'));
  store = await LogEventStore.open(dir);
  await store.createGroup('g', 0);
  await store.createStream('g', 's', 0);
  await store.putEvents('g', 's', MESSAGES.map((message, i) => ({ timestamp: T + i * 1000, message })), T + 100_000);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(query: string) {
  const out = await runQuery(compileQuery(query), [{ groupName: 'g', accountId: '111122223333', store, cipher: CLEAR }], { startMs: 0, endMs: T * 2 }, undefined, { check: () => undefined });
  return { ...out, rows: out.results.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value]))) };
}

describe('pattern', () => {
  it('masks words holding digits as <Token-N> and addresses as <IPAddress-N>, numbered in order', () => {
    expect(patternOf('ERROR request 7f3a failed from 10.0.0.1: timeout after 30s')).toEqual({
      pattern: 'ERROR request <Token-1> failed from <IPAddress-2>: timeout after <Token-3>',
      severity: 'ERROR',
    });
    expect(patternOf('{"level":"warning","id":12}')).toEqual({ pattern: '{"level":"warning","id":<Token-1>}', severity: 'WARN' });
    expect(patternOf('nothing to see')).toEqual({ pattern: 'nothing to see', severity: 'UNKNOWN' });
    expect(patternOf('')).toEqual({ pattern: '', severity: 'UNKNOWN' });
    const long = Array.from({ length: MAX_PATTERN_WORDS + 10 }, () => 'w').join(' ');
    expect(patternOf(long).pattern).toBe(`${Array.from({ length: MAX_PATTERN_WORDS }, () => 'w').join(' ')} <Token-1>`);
  });

  it('clusters @message into patterns with @ratio, @sampleCount and @severityLabel, most frequent first', async () => {
    const out = await run('pattern @message');
    expect(out.rows).toEqual([
      { '@pattern': 'ERROR request <Token-1> failed from <IPAddress-2>: timeout after <Token-3>', '@ratio': '0.333333', '@sampleCount': '2', '@severityLabel': 'ERROR' },
      { '@pattern': 'ERROR request <Token-1> failed from <IPAddress-2> timeout after <Token-3>', '@ratio': '0.166667', '@sampleCount': '1', '@severityLabel': 'ERROR' },
      { '@pattern': 'INFO user=ann logged in', '@ratio': '0.166667', '@sampleCount': '1', '@severityLabel': 'INFO' },
      { '@pattern': 'INFO user=bob logged in', '@ratio': '0.166667', '@sampleCount': '1', '@severityLabel': 'INFO' },
      { '@pattern': 'INFO user=cy logged out', '@ratio': '0.166667', '@sampleCount': '1', '@severityLabel': 'INFO' },
    ]);
    expect(out.results[0].map((f) => f.field)).toEqual(['@pattern', '@ratio', '@sampleCount', '@severityLabel']);
    expect(out.statistics.recordsMatched).toBe(6);
  });

  it('takes a parsed field, works after filter, and its outputs feed filter and sort', async () => {
    const out = await run('filter @message like "INFO" | parse @message "user=* logged *" as user, what | pattern what | sort @sampleCount desc');
    expect(out.rows.map((r) => [r['@pattern'], r['@sampleCount'], r['@ratio']])).toEqual([
      ['in', '2', '0.666667'],
      ['out', '1', '0.333333'],
    ]);
    const big = await run('pattern | filter @sampleCount > 1 | display @pattern');
    expect(big.rows).toEqual([{ '@pattern': 'ERROR request <Token-1> failed from <IPAddress-2>: timeout after <Token-3>' }]);
  });

  it('after pattern only its outputs exist', () => {
    expect(() => compileQuery('pattern @message | fields @message')).toThrow('Unknown symbols found in or after stats: @message');
    expect(() => compileQuery('pattern count(*)')).toThrow(/not allowed in pattern/);
  });
});
