// Properties of the event pattern matcher, over generated events and patterns (fast-check):
//   - compiling never fails with anything but a PatternError, whatever JSON it is given;
//   - a pattern made of equalities on some of an event's own leaves matches it, and stops matching when one of those
//     values is replaced by one the event doesn't hold at that path;
//   - prefix/suffix/equals-ignore-case/wildcard/anything-but/exists built from a leaf agree with their definitions;
//   - $or of a matching and a non-matching pattern matches; numeric ranges agree with plain comparisons.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, compilePatternText, flattenEvent, PatternError } from './compile.js';

const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/).filter((k) => k !== '$or');
const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
const eventArb: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown>; value: unknown }>((tie) => ({
  node: fc.dictionary(key, tie('value'), { minKeys: 1, maxKeys: 4 }) as fc.Arbitrary<Record<string, unknown>>,
  value: fc.oneof({ depthSize: 'small' }, leaf, leaf, tie('node'), fc.array(leaf, { maxLength: 3 })),
})).node;

/** Leaf paths of an event with one of their values. */
function leaves(event: unknown): [string, unknown][] {
  return [...flattenEvent(event).entries()].map(([p, vs]) => [p, vs[0]]);
}

/** The nested pattern that tests `path` with `matchers`. */
function nest(path: string, matchers: unknown[]): Record<string, unknown> {
  const parts = path.split('.');
  let out: unknown = matchers;
  for (let i = parts.length - 1; i >= 0; i--) out = { [parts[i]!]: out };
  return out as Record<string, unknown>;
}

describe('event pattern matcher (properties)', () => {
  it('compiles any JSON value or fails with a PatternError', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        try {
          compilePattern(v).matches(flattenEvent({ a: 1 }));
        } catch (err) {
          expect(err).toBeInstanceOf(PatternError);
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          compilePatternText(text);
        } catch (err) {
          expect(err).toBeInstanceOf(PatternError);
        }
      }),
    );
  });

  it('matches an event with equalities on its own leaves, and not once a value differs', () => {
    fc.assert(
      fc.property(eventArb, fc.nat(), (event, pick) => {
        const all = leaves(event).filter(([p]) => !p.includes('$'));
        fc.pre(all.length > 0);
        const [path, value] = all[pick % all.length]!;
        const flat = flattenEvent(event);
        expect(compilePattern(nest(path, [value])).matches(flat)).toBe(true);
        // The dotted form of the same path matches too (the flattened key).
        expect(compilePattern({ [path]: [value] }).matches(flat)).toBe(true);
        const held = flat.get(path)!;
        const other = typeof value === 'string' ? `${value}\u0000x` : typeof value === 'number' ? Math.max(...held.filter((x): x is number => typeof x === 'number')) + 1 : 'other';
        fc.pre(!held.includes(other));
        expect(compilePattern(nest(path, [other])).matches(flat)).toBe(false);
        expect(compilePattern(nest(path, [{ exists: true }])).matches(flat)).toBe(true);
        expect(compilePattern(nest(path, [{ exists: false }])).matches(flat)).toBe(false);
        expect(compilePattern(nest(`${path}-absent`, [{ exists: false }])).matches(flat)).toBe(true);
        expect(compilePattern({ $or: [nest(path, [other]), nest(path, [value])] }).matches(flat)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the definitions of the string and numeric filters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), fc.string({ maxLength: 16 }), (value, probe) => {
        const flat = flattenEvent({ f: value });
        const m = (matcher: unknown) => compilePattern({ f: [matcher] }).matches(flat);
        expect(m({ prefix: probe })).toBe(value.startsWith(probe));
        expect(m({ suffix: probe })).toBe(value.endsWith(probe));
        expect(m({ prefix: { 'equals-ignore-case': probe } })).toBe(value.toLowerCase().startsWith(probe.toLowerCase()));
        expect(m({ 'equals-ignore-case': probe })).toBe(value.toLowerCase() === probe.toLowerCase());
        expect(m({ 'anything-but': probe })).toBe(value !== probe);
        expect(m({ 'anything-but': { prefix: probe } })).toBe(!value.startsWith(probe));
        if (probe !== '' && !probe.includes('*') && !probe.includes('\\')) {
          expect(m({ wildcard: `${probe}*` })).toBe(value.startsWith(probe));
          expect(m({ wildcard: `*${probe}` })).toBe(value.endsWith(probe));
          expect(m({ wildcard: `*${probe}*` })).toBe(value.includes(probe));
        }
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), (n, lo, hi) => {
        fc.pre(lo <= hi);
        const flat = flattenEvent({ n });
        const m = (matcher: unknown) => compilePattern({ n: [matcher] }).matches(flat);
        expect(m({ numeric: ['>', lo, '<=', hi] })).toBe(n > lo && n <= hi);
        expect(m({ numeric: ['>=', lo] })).toBe(n >= lo);
        expect(m({ numeric: ['=', lo] })).toBe(n === lo);
        expect(m({ 'anything-but': [lo, hi] })).toBe(n !== lo && n !== hi);
        // Numbers and strings never equal each other.
        expect(m(String(n))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the examples of the EventBridge documentation as EventBridge does', () => {
    const event = flattenEvent({
      source: 'aws.macie',
      'detail-type': 'Macie Finding',
      detail: { severity: { description: 'High', score: 3 }, type: 'SensitiveData:S3Object/Credentials', resourcesAffected: { s3Bucket: { name: 'b', tags: [{ key: 'env', value: 'prod' }] } } },
      'source-ip': '10.0.0.7',
    });
    const m = (p: unknown) => compilePattern(p).matches(event);
    expect(m({ source: ['aws.macie'], 'detail.severity.description': ['High'] })).toBe(true);
    expect(m({ source: ['aws.macie'], detail: { severity: { description: ['Low', 'Medium'] } } })).toBe(false);
    expect(m({ detail: { resourcesAffected: { s3Bucket: { tags: { value: ['prod'] } } } } })).toBe(true);
    expect(m({ 'source-ip': [{ cidr: '10.0.0.0/24' }] })).toBe(true);
    expect(m({ 'source-ip': [{ cidr: '10.0.1.0/24' }] })).toBe(false);
    expect(m({ detail: { type: [{ 'anything-but': { wildcard: '*Credentials' } }] } })).toBe(false);
    expect(() => compilePattern({ a: [{ wildcard: 'a**b' }] })).toThrow(PatternError);
    expect(() => compilePattern({ a: [{ numeric: ['<', 5, '>', 1] }] })).toThrow(PatternError);
    expect(() => compilePattern({ a: [] })).toThrow(PatternError);
    expect(() => compilePattern({ $or: [{ a: ['x'] }] })).toThrow(PatternError);
  });
});
