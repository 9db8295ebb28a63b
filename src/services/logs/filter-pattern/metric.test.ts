// Metric values, dimensions and TestMetricFilter's extractedValues.
import { describe, it, expect } from 'vitest';
import { compileFilterPattern, FilterPatternError, parseMetricValue } from './index.js';

const L1 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

describe('space-delimited extraction', () => {
  it("gives the guide's extractedValues for [..., request=*.html*, status_code=4*,]", () => {
    const p = compileFilterPattern('[..., request=*.html*, status_code=4*,]');
    expect(p.extractedValues(L1)).toEqual({
      $status_code: '404',
      $request: 'GET /index.html HTTP/1.0',
      $7: '1534',
      $4: '10/Oct/2000:13:25:15 -0700',
      $3: 'frank',
      $2: '-',
      $1: '127.0.0.1',
    });
  });

  it('extracts $name and $N, and nothing from a non-matching event', () => {
    const p = compileFilterPattern('[ip, user, username, timestamp, request, status_code, bytes]');
    expect(p.extract(L1, '$bytes')).toBe('1534');
    expect(p.extract(L1, '$request')).toBe('GET /index.html HTTP/1.0');
    expect(p.extract(L1, '$1')).toBe('127.0.0.1');
    expect(p.extract('too short', '$bytes')).toBeUndefined();
    expect(p.extractDimensions(L1, { Status: '$status_code', Ip: '$ip' })).toEqual({ Status: '404', Ip: '127.0.0.1' });
  });

  it('refuses references to fields the pattern does not have', () => {
    const p = compileFilterPattern('[ip, bytes]');
    expect(() => p.checkSelector('$size')).toThrow(FilterPatternError);
    expect(() => p.checkSelector('$.size')).toThrow(FilterPatternError);
    expect(() => p.checkSelector('$bytes')).not.toThrow();
    expect(() => p.checkSelector('$2')).not.toThrow();
  });
});

describe('JSON extraction', () => {
  const p = compileFilterPattern('{ $.latency = * }');
  const event = '{"latency":50,"requestType":"GET","nested":{"ok":true},"list":[{"v":"x"}]}';

  it("publishes the guide's example value 50 for $.latency", () => {
    expect(p.matches(event)).toBe(true);
    expect(p.extract(event, '$.latency')).toBe(50);
  });

  it('extracts strings, booleans and nested values; absent fields are undefined', () => {
    expect(p.extract(event, '$.requestType')).toBe('GET');
    expect(p.extract(event, '$.nested.ok')).toBe('true');
    expect(p.extract(event, '$.list[0].v')).toBe('x');
    expect(p.extract(event, '$.missing')).toBeUndefined();
    expect(p.extract(event, '$.nested')).toBeUndefined();
    expect(p.extract('not json', '$.latency')).toBeUndefined();
  });

  it('extracts dimensions, leaving out those whose field is absent', () => {
    expect(p.extractDimensions(event, { Type: '$.requestType', Missing: '$.nope' })).toEqual({ Type: 'GET' });
  });

  it('refuses space-delimited references and wildcards', () => {
    expect(() => p.checkSelector('$latency')).toThrow(FilterPatternError);
    expect(() => p.checkSelector('$.list[*].v')).toThrow(FilterPatternError);
  });
});

describe('text patterns have no fields', () => {
  it('refuses field references', () => {
    const p = compileFilterPattern('ERROR');
    expect(() => p.checkSelector('$.a')).toThrow(FilterPatternError);
    expect(p.extractedValues('ERROR x')).toEqual({});
  });
});

describe('parseMetricValue', () => {
  it.each([
    ['1', { kind: 'constant', value: 1 }],
    ['2.5', { kind: 'constant', value: 2.5 }],
    ['-1e2', { kind: 'constant', value: -100 }],
  ])('%s is a constant', (text, spec) => {
    expect(parseMetricValue(text)).toEqual(spec);
  });

  it('reads field references', () => {
    expect(parseMetricValue('$.latency')).toMatchObject({ kind: 'selector', selector: { kind: 'json' } });
    expect(parseMetricValue('$bytes')).toMatchObject({ kind: 'selector', selector: { kind: 'field', name: 'bytes' } });
    expect(parseMetricValue('$7')).toMatchObject({ kind: 'selector', selector: { kind: 'position', index: 7 } });
  });

  it.each(['abc', '$', '$.', '$a b', ''])('refuses %j', (text) => {
    expect(() => parseMetricValue(text)).toThrow(FilterPatternError);
  });
});
