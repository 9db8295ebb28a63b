// `requiredSubstrings` is a necessary condition the PostgreSQL table store tests in the database before a pattern runs
// (migration 0044): an event the pattern matches must never fail it, or FilterLogEvents would lose the event there.
// Checked on the fixed events of every family and on random events made of the patterns' own pieces (escapes,
// other characters, case changes), so matches are common.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../common/seeded-random.js';
import { compileFilterPattern } from './index.js';
import { jsonEvents, lineEvents, textEvents } from './test-events.js';

const patterns = [
  'ERROR',
  'ERROR Exception',
  '?ERROR ?WARN',
  'ERROR -WARN',
  '-ERROR',
  '"INTERNAL SERVER ERROR"',
  '"héllo wörld" 😀',
  '""',
  '%ERR[OR]*%',
  '{ $.level = "ERROR" }',
  '{ $.level = ERROR }',
  '{ $.level = "ERR*" }',
  '{ $.level = "ERROR" || $.code = 500 }',
  '{ ($.level = "ERROR" && $.job = "job-3") || $.user.name = "Zoë" }',
  '{ $.level = "ERROR" && ($.job = "job-3" || $.job = "job-4") }',
  '{ $.ok IS TRUE }',
  '{ $.missing NOT EXISTS }',
  '{ $.latency > 500 }',
  '{ $.items[0] = "a\\"b" }',
  '{ $.* = "ERROR" }',
  '[ip, user, status = 500, bytes]',
  '[w1 = ERROR, ...]',
];

const pieces = ['{', '}', '[', ']', ' ', '"level"', ':', '"ERROR"', '"error"', 'ERROR', 'WARN', ',', '"job"', '"job-3"', '"job-4"', '"code"', '500', '"user"', '{"name":"Zoë"}', '"Zo\\u00eb"', '"\\u0045RROR"', '"ok"', 'true', '"latency"', '900', '"items"', '["a\\"b"]', 'héllo wörld', '😀', 'Exception', 'INTERNAL SERVER ERROR', '"missing"', 'null'];

function randomEvents(n: number): string[] {
  const next = seededRandom(18);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const parts: string[] = [];
    const k = 1 + Math.floor(next() * 12);
    for (let j = 0; j < k; j++) parts.push(pieces[Math.floor(next() * pieces.length)]);
    out.push(parts.join(''));
  }
  // Well-formed JSON objects too, so JSON patterns match often.
  for (let i = 0; i < n; i++) {
    const level = ['ERROR', 'INFO', 'ERR', '\u0045RROR'][Math.floor(next() * 4)];
    const event: Record<string, unknown> = { level, job: `job-${Math.floor(next() * 6)}`, code: next() < 0.5 ? 500 : 200, latency: Math.floor(next() * 1000), ok: next() < 0.5 };
    if (next() < 0.3) event.user = { name: 'Zoë' };
    if (next() < 0.3) event.items = ['a"b'];
    let text = JSON.stringify(event);
    if (next() < 0.3) text = text.replace(/[A-Zë]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    out.push(text);
  }
  return out;
}

describe('requiredSubstrings', () => {
  const events = [...Object.values(textEvents), ...Object.values(jsonEvents), ...Object.values(lineEvents), ...randomEvents(3000)];

  it('holds for every event a pattern matches', () => {
    let matched = 0;
    const missed: string[] = [];
    for (const source of patterns) {
      const p = compileFilterPattern(source);
      for (const m of events) {
        if (!p.matches(m)) continue;
        matched++;
        if (!p.requiredSubstrings.every((clause) => clause.some((s) => m.includes(s)))) missed.push(`${source} on ${m}`);
      }
    }
    expect(missed).toEqual([]);
    expect(matched).toBeGreaterThan(2000);
  });

  it('gives the literals of text and JSON patterns, nothing for the others', () => {
    const of = (s: string) => compileFilterPattern(s).requiredSubstrings;
    expect(of('ERROR Exception')).toEqual([['ERROR'], ['Exception']]);
    expect(of('?ERROR ?WARN')).toEqual([['ERROR', 'WARN']]);
    expect(of('ERROR -WARN')).toEqual([['ERROR']]);
    expect(of('-ERROR')).toEqual([]);
    expect(of('{ $.level = "ERROR" }')).toEqual([['"level"', '\\'], ['ERROR', '\\']]);
    expect(of('{ $.level = "ERROR" || $.code = 500 }')).toEqual([['"level"', '"code"', '\\']]);
    expect(of('{ $.missing NOT EXISTS }')).toEqual([]);
    expect(of('%ERR%')).toEqual([]);
    expect(of('[w1 = ERROR, ...]')).toEqual([]);
    expect(of('')).toEqual([]);
  });
});
