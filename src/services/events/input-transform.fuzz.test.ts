// Properties of the input transformer over generated paths, templates and events (fast-check):
//   - parsing any text as a JsonPath either succeeds or fails with an InputPathError;
//   - checking and applying any template never throws, whatever the event;
//   - a JSON object template whose placeholders are all bare values gives valid JSON holding each variable's value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, InputPathError, parseJsonPath, transform, transformerProblem } from './input-transform.js';

const ctx = { ruleName: 'r', ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r', ingestedAt: 0 };
const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/);

describe('input transformer (properties)', () => {
  it('parses any text as a JsonPath or fails with an InputPathError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\$[.[\]*a-z0-9]{0,12}$/)), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        try {
          parseJsonPath(path);
        } catch (err) {
          expect(err).toBeInstanceOf(InputPathError);
          return;
        }
        evaluateJsonPath(value, path);
      }),
    );
  });

  it('checks and applies any template without throwing', () => {
    fc.assert(
      fc.property(fc.dictionary(name, fc.constantFrom('$.a', '$.b[0]', '$.c.*', '$'), { maxKeys: 4 }), fc.string({ maxLength: 40 }), fc.dictionary(name, fc.jsonValue({ maxDepth: 2 })), (map, template, event) => {
        transformerProblem({ InputPathsMap: map, InputTemplate: template });
        expect(typeof transform({ InputPathsMap: map, InputTemplate: template }, event, ctx)).toBe('string');
      }),
    );
  });

  it('gives valid JSON for a JSON object template with bare placeholders', () => {
    const safe = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[A-Za-z0-9 ]{0,8}$/), fc.dictionary(name, fc.integer(), { maxKeys: 2 }));
    fc.assert(
      fc.property(fc.dictionary(name, safe, { minKeys: 1, maxKeys: 5 }), (detail) => {
        const keys = Object.keys(detail);
        const map = Object.fromEntries(keys.map((k) => [k, `$.detail.${k}`]));
        const template = `{${keys.map((k) => `"${k}": <${k}>`).join(', ')}}`;
        expect(transformerProblem({ InputPathsMap: map, InputTemplate: template })).toBeUndefined();
        expect(JSON.parse(transform({ InputPathsMap: map, InputTemplate: template }, { detail }, ctx))).toEqual(detail);
      }),
    );
  });
});
