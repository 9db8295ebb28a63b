// Bad patterns: each fails with FilterPatternError naming what is wrong and where.
import { describe, it, expect } from 'vitest';
import { compileFilterPattern, FilterPatternError } from './index.js';

// [pattern, position, words the message must contain]
const bad: [string, number, string][] = [
  ['{ $.a = }', 8, 'expected a value'],
  ['{ $.a = 1', 9, "missing the closing '}'"],
  ['{ $.a = 1 } x', 12, 'after the end'],
  ['{ a = 1 }', 2, "starting with '$'"],
  ['{ $ = 1 }', 2, "needs a property after '$'"],
  ['{ $. = 1 }', 4, "expected a property name after '.'"],
  ['{ $.a[x] = 1 }', 6, 'expected an array index'],
  ['{ $.a[0 = 1 }', 7, "expected ']'"],
  ['{ $.a == 1 }', 6, "'==' is not an operator"],
  ['{ $.a > abc }', 8, "'>' needs a number"],
  ['{ $.a IS NOT NULL }', 9, 'IS NOT is not supported'],
  ['{ $.a NOT THERE }', 10, 'expected EXISTS'],
  ['{ $.a EQUALS 1 }', 6, "unexpected 'EQUALS'"],
  ['{ $.a = 1 & $.b = 2 }', 10, "expected '&&'"],
  ['{ $.a = 1 $.b = 2 }', 10, "expected '&&', '||' or '}'"],
  ['{ ($.a = 1 }', 11, "expected ')'"],
  ['{ }', 2, 'expected a condition'],
  ['{ $.a = %x% || $.b = %y% || $.c = %z% }', 34, 'at most 2 regular expressions'],
  ['{ $.a[*].b[*] = 1 }', 11, 'at most one wildcard'],
  ['{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }', 44, 'at most 3 selectors with a wildcard'],
  ['{ $.a = "x }', 8, 'unterminated quoted string'],
  ['{ $.a = %ab(c% }', 11, 'parentheses are not supported'],
  ['{ $.a = %abc }', 8, "missing the closing '%'"],
  ['[a, b', 5, "missing the closing ']'"],
  ['[a, b c]', 6, 'expected an operator'],
  ['[a, a]', 4, 'used twice'],
  ['[a = 1 && zz = 2, b]', 10, "'zz', which is not a field"],
  ['[]', 1, 'at least one field'],
  ['[a] b', 4, 'after the end'],
  ['[a < x, b]', 5, "'<' needs a number"],
  ['[a = %x%, b = %y%, c = %z%]', 23, 'at most 2 regular expressions'],
  ['%ab(c%', 3, 'parentheses are not supported'],
  ['%something!%', 10, "the character '!'"],
  ['%café%', 4, 'multi-byte'],
  ['%%', 0, 'empty regular expression'],
  ['ERROR "x', 6, 'unterminated quoted string'],
  ['ERROR -', 6, "'-' must be followed by a term"],
  ['ERROR %x%', 6, 'must be the whole pattern'],
  ['ab"cd', 2, 'a quote inside a term'],
  ['"ab"cd', 4, 'expected a blank after the closing quote'],
  ['%a{2,1}%', 0, 'invalid regular expression'],
];

describe('bad filter patterns', () => {
  it.each(bad)('%s fails at %i', (pattern, position, words) => {
    let caught: unknown;
    try {
      compileFilterPattern(pattern);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FilterPatternError);
    const err = caught as FilterPatternError;
    expect(err.detail).toContain(words);
    expect(err.position).toBe(position);
    expect(err.message).toContain(`position ${position}`);
    expect(err.code).toBe('InvalidFilterPattern');
  });

  it('refuses a pattern longer than 1024 characters', () => {
    expect(() => compileFilterPattern('a'.repeat(1025))).toThrow(FilterPatternError);
    expect(compileFilterPattern('a'.repeat(1024)).kind).toBe('text');
  });

  it('never hangs on a regex built to backtrack', () => {
    const p = compileFilterPattern('%a*a*a*a*a*a*a*a*a*a*b%');
    const start = Date.now();
    expect(p.matches('a'.repeat(100_000))).toBe(false);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  it('never crashes on deeply nested or huge JSON events', () => {
    const p = compileFilterPattern('{ $.a = 1 }');
    expect(p.matches('['.repeat(200_000) + '"a"' + ']'.repeat(200_000))).toBe(false);
    expect(p.matches('{"a":' + '['.repeat(100_000))).toBe(false);
  });
});
