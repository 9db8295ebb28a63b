// Fuzzing the Logs Insights parser and compiler: any string either compiles or is MalformedQueryException with a
// location inside the query (never another error, never a hang); generated well-formed queries always compile and
// run over JSON and text events without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileQuery } from './compile.js';
import { EventRow } from './event-row.js';

function outcome(query: string): 'ok' | 'malformed' {
  try {
    compileQuery(query);
    return 'ok';
  } catch (err) {
    const e = err as { name?: string; fields?: { queryCompileError?: { location?: { startCharOffset: number; endCharOffset: number } } } };
    expect(e.name, String(err)).toBe('MalformedQueryException');
    const loc = e.fields?.queryCompileError?.location;
    if (loc) {
      expect(loc.startCharOffset).toBeGreaterThanOrEqual(0);
      expect(loc.endCharOffset).toBeLessThanOrEqual(Math.max(query.length, 1));
    }
    return 'malformed';
  }
}

const field = fc.constantFrom('@message', '@timestamp', '@logStream', 'eventType', 'affectedResource.value', 'n', '`odd name`', 'tags.0');
const str = fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s));
const num = fc.integer({ min: -1000, max: 1000 }).map(String);
const value = fc.oneof(field, str, num);
const regex = fc.constantFrom('/err/', '/(?i)job_\\w+/', '/^\\d+$/', '/a|b/');
const cond: fc.Arbitrary<string> = fc.letrec((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(value, fc.constantFrom('=', '!=', '<', '<=', '>', '>='), value).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(field, fc.oneof(str, regex)).map(([f, p]) => `${f} like ${p}`),
    fc.tuple(field, regex).map(([f, p]) => `${f} =~ ${p}`),
    fc.tuple(field, fc.array(fc.oneof(str, num), { maxLength: 3 })).map(([f, l]) => `${f} in [${l.join(', ')}]`),
    field.map((f) => `ispresent(${f})`),
    fc.tuple(tie('c'), fc.constantFrom('and', 'or'), tie('c')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie('c').map((c) => `not (${c})`),
  ),
})).c;
const command = fc.oneof(
  fc.array(field, { minLength: 1, maxLength: 3 }).map((f) => `fields ${f.join(', ')}`),
  cond.map((c) => `filter ${c}`),
  fc.tuple(fc.constantFrom('count(*)', 'count(n)', 'sum(n)', 'avg(n)', 'min(n)', 'max(@timestamp)', 'pct(n, 90)', 'count_distinct(eventType)'), fc.constantFrom('', ' by eventType', ' by bin(5m)', ' by eventType, @logStream')).map(
    ([a, by]) => `stats ${a}${by}`,
  ),
  fc.tuple(field, fc.constantFrom('asc', 'desc', '')).map(([f, d]) => `sort ${f} ${d}`),
  fc.integer({ min: 1, max: 100 }).map((n) => `limit ${n}`),
  fc.constantFrom('parse @message "user=* id=*" as user, id', 'parse @message /(?<word>\\w+)/'),
  field.map((f) => `dedup ${f}`),
  fc.constantFrom('fields jsonParse(@message) as js', 'fields jsonStringify(jsonParse(@message)) as text', 'filter isIpInSubnet(n, "10.0.0.0/8") or isValidIp(@message)'),
  fc.constantFrom('tags', 'js', 'js.tags', 'eventType', 'js[0]').map((f) => `unnest ${f} into item`),
  fc.constantFrom('pattern', 'pattern @message', 'pattern eventType', 'pattern concat(@message, n)'),
);

const events = [
  '{"eventType":"JOB_CREATED","n":3,"affectedResource":{"value":"b"},"tags":["x"],"odd name":1}',
  'user=ann id=42 ERROR',
  '[1,2]',
  '{"broken":',
  '',
];

describe('Logs Insights parser fuzz', () => {
  it('answers any string with a plan or MalformedQueryException', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (q) => void outcome(q)), { numRuns: 2000 });
    fc.assert(fc.property(fc.array(fc.constantFrom('fields', 'filter', 'stats', 'by', 'as', '|', '(', ')', '"x"', '/r/', 'count(*)', 'x', '=', 'and', 'not', 'like', ',', '[', ']', '5m', 'bin(', 'sort', 'limit', '10', '#c\n', 'unnest', 'into', 'jsonParse(', 'a[0]', 'pattern', '@sampleCount'), { maxLength: 14 }), (parts) => void outcome(parts.join(' '))), { numRuns: 2000 });
  });

  it('compiles and runs every well-formed query it generates', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 5 }), (cmds) => {
        const query = cmds.join(' | ');
        let plan;
        try {
          plan = compileQuery(query);
        } catch (err) {
          // After stats only its own names exist, so some generated pipelines are rightly refused.
          expect((err as Error).message, query).toMatch(/Unknown symbols found in or after stats|bin\(\) /);
          return;
        }
        const { head, sink } = plan.build(undefined);
        const group = { log: '111122223333:g', groupName: 'g' };
        events.forEach((m, i) => head.push(new EventRow(group, 1_700_000_000_000 + i, 0, 's', m, i)));
        head.finish();
        // Each unnest makes at most two rows of one here (the longest list in the events has two members).
        const unnests = cmds.filter((c) => c.startsWith('unnest')).length;
        expect(sink.rows.length).toBeLessThanOrEqual(events.length * 2 ** unnests);
      }),
      { numRuns: 1000 },
    );
  });
});
