// x-amz-copy-source-range and the simulator's statement locator are readers of client text: fuzzed, they either
// answer or refuse with a ServiceError, never throw anything else, and what they answer is within bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../common/index.js';
import { statementSpans } from '../../iam/index.js';
import { parseCopySourceRange } from './upload-part-copy.js';

describe('parseCopySourceRange', () => {
  it('takes bytes=first-last within the source only', () => {
    expect(parseCopySourceRange('bytes=0-9', 10)).toEqual({ start: 0, end: 9 });
    for (const bad of ['bytes=0-10', 'bytes=5-4', 'bytes=-3', 'bytes=3-', 'bytes=0-1,3-4', 'items=0-1', '']) expect(() => parseCopySourceRange(bad, 10), bad).toThrow(ServiceError);
  });
  it('fuzzed: a range within the source, or an InvalidArgument', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `bytes=${a}-${b}`)), fc.nat(1000), (header, size) => {
        try {
          const r = parseCopySourceRange(header, size);
          expect(r.start).toBeLessThanOrEqual(r.end);
          expect(r.end).toBeLessThan(size);
        } catch (err) {
          expect(err).toBeInstanceOf(ServiceError);
          expect((err as ServiceError).code).toBe('InvalidArgument');
        }
      }),
    );
  });
});

describe('statementSpans', () => {
  it('stops on malformed lists', () => {
    expect(statementSpans('{"Statement":[}')).toEqual([]);
    expect(statementSpans('{"Statement":[{"a":1},]')).toHaveLength(1);
  });
  it('fuzzed: never throws, and every span lies within the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string().map((t) => `{"Statement":[${t}`)), (text) => {
        const lines = text.split('\n');
        for (const s of statementSpans(text)) {
          expect(s.start.Line).toBeGreaterThanOrEqual(1);
          expect(s.end.Line).toBeLessThanOrEqual(lines.length);
          expect(s.start.Column).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});
