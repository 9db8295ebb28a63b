// The prefilter must never skip an event the full parse matches (escaped keys, duplicates, pretty-printing).
import { describe, it, expect } from 'vitest';
import { compileFilterPattern } from './index.js';
import { evaluateJson, parseJsonPattern } from './json-pattern.js';

function* events(): Generator<string> {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  for (let i = 0; i < 3000; i++) {
    const v = {
      a: pick([1, 2, '1', 'x', null, true, [1, 2], { b: 1 }]),
      b: { c: pick(['x"y', 'a\\b', 'é', 'plain', 5, -2.5e3]), d: [pick([0, 1]), { e: pick(['x', 'y']) }] },
      'k.l': pick(['m', 'n']),
      list: Array.from({ length: Math.floor(rand() * 4) }, () => pick(['p', 'q', 7])),
    };
    const text = JSON.stringify(v, null, rand() < 0.3 ? 2 : undefined);
    yield text;
    // Escaped keys and values, duplicate keys (the last one wins, as in JSON.parse).
    yield text.replace('"a"', '"\\u0061"');
    yield text.slice(0, -1) + ',"a":"dup"}';
  }
}

const patterns = [
  '{ $.a = 1 }',
  '{ $.a = "x" || $.a IS NULL }',
  '{ $.a != 2 && $.b.c = *y* }',
  '{ $.b.c = "x\\"y" }',
  '{ $.b.c = "é" }',
  '{ $.b.d[1].e = y && $.b.d[0] = 1 }',
  "{ $.['k.l'] = m }",
  '{ $.list[*] = q }',
  '{ $.list[2] = 7 }',
  '{ $.a IS TRUE || $.b.c < 0 }',
  '{ $.a NOT EXISTS || $.a = dup }',
  '{ $.* = %^[xm]$% }',
];

describe('JSON prefilter', () => {
  it.each(patterns)('agrees with JSON.parse for %s', (source) => {
    const compiled = compileFilterPattern(source);
    const { expr } = parseJsonPattern(source);
    let agreed = 0;
    let matched = 0;
    for (const e of events()) {
      const want = evaluateJson(expr, JSON.parse(e));
      expect(compiled.matches(e), e).toBe(want);
      agreed++;
      if (want) matched++;
    }
    expect(agreed).toBe(9000);
    expect(matched).toBeGreaterThan(0);
  });
});
