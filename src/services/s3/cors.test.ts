// The CORS rules' checks and evaluation, and a fuzz of the preflight headers (arbitrary Origin, method and
// Access-Control-Request-Headers end in headers or an S3 error, never another throw).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../common/index.js';
import { actualRequestHeaders, matchCorsRule, preflight, validateCorsConfiguration, wildcardMatch } from './cors.js';

const RULES = [
  { AllowedOrigins: ['https://a.example'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*', 'Content-Type'] },
  { AllowedOrigins: ['http://*.example.com'], AllowedMethods: ['GET'] },
  { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'], ExposeHeaders: ['x-amz-version-id'], MaxAgeSeconds: 0 },
];
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return `${(e as ServiceError).httpStatus} ${(e as ServiceError).code}`;
  }
};

describe('S3 CORS rules', () => {
  it('checks configurations as S3 does', () => {
    expect(code(() => validateCorsConfiguration({ CORSRules: RULES }))).toBe('ok');
    expect(code(() => validateCorsConfiguration({ CORSRules: [] }))).toBe('400 MalformedXML');
    expect(code(() => validateCorsConfiguration({ CORSRules: Array(101).fill(RULES[1]) }))).toBe('400 MalformedXML');
    expect(code(() => validateCorsConfiguration({ CORSRules: Array(100).fill(RULES[1]) }))).toBe('ok');
    expect(code(() => validateCorsConfiguration({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['get'] }] }))).toBe('400 InvalidRequest');
    expect(code(() => validateCorsConfiguration({ CORSRules: [{ AllowedOrigins: ['**'], AllowedMethods: ['GET'] }] }))).toBe('400 InvalidRequest');
    expect(code(() => validateCorsConfiguration({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['*-*'] }] }))).toBe('400 InvalidRequest');
    expect(code(() => validateCorsConfiguration({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['*'] }] }))).toBe('400 InvalidRequest');
    expect(code(() => validateCorsConfiguration({ CORSRules: [{ ID: 'x'.repeat(256), AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] }))).toBe('400 InvalidArgument');
  });

  it('takes the first rule that matches origin, method and every requested header', () => {
    expect(matchCorsRule(RULES, 'https://a.example', 'PUT', ['x-amz-meta-a', 'content-type'])).toBe(RULES[0]);
    expect(matchCorsRule(RULES, 'https://a.example', 'PUT', ['authorization'])).toBeUndefined();
    expect(matchCorsRule(RULES, 'http://x.y.example.com', 'GET')).toBe(RULES[1]);
    expect(matchCorsRule(RULES, 'https://x.example.com', 'GET')).toBe(RULES[2]);
    expect(matchCorsRule(RULES, 'https://x.example.com', 'DELETE')).toBeUndefined();
    expect(preflight(true, { CORSRules: RULES }, { origin: 'https://b.test', method: 'HEAD' })).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-max-age': '0', 'access-control-expose-headers': 'x-amz-version-id' });
    expect(actualRequestHeaders({ CORSRules: RULES }, 'https://a.example', 'DELETE')).toEqual({ vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method' });
    expect(actualRequestHeaders(undefined, 'https://a.example', 'GET')).toEqual({});
  });

  it('matches one wildcard as a prefix and a suffix that do not overlap', () => {
    expect(wildcardMatch('a*a', 'a')).toBe(false);
    expect(wildcardMatch('a*a', 'aa')).toBe(true);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (head, tail, value) => {
        const pattern = `${head.replace(/\*/g, '')}*${tail.replace(/\*/g, '')}`;
        const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const [h, t] = pattern.split('*') as [string, string];
        expect(wildcardMatch(pattern, value)).toBe(new RegExp(`^${escape(h)}[\\s\\S]*${escape(t)}$`).test(value));
      }),
      { seed: 15, numRuns: 2000 },
    );
  });

  it('answers any preflight with headers or an S3 error (fuzz)', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH', '')), fc.option(fc.string()), fc.boolean(), (origin, method, headers, exists) => {
        try {
          const h = preflight(exists, { CORSRules: RULES }, { origin: origin ?? undefined, method: method ?? undefined, headers: headers ?? undefined, key: 'k' });
          expect(h['access-control-allow-origin']).toBeDefined();
        } catch (e) {
          expect(e).toBeInstanceOf(ServiceError);
          expect([400, 403]).toContain((e as ServiceError).httpStatus);
        }
      }),
      { seed: 15, numRuns: 3000 },
    );
  });
});
