import { describe, it, expect } from 'vitest';
import { basicAuthHeader, jsonWebToken } from './credentials.js';

const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('credential structure checks', () => {
  it('needs user:password inside a Basic header', () => {
    expect(basicAuthHeader('Authorization: Basic ' + Buffer.from('alice:s3cret').toString('base64'))).toBe(true);
    expect(basicAuthHeader('Authorization: Basic ' + Buffer.from('no-colon-here').toString('base64'))).toBe(false);
    expect(basicAuthHeader('Authorization: Bearer abc')).toBe(false);
  });
  it('needs a JSON header with alg inside a JWT', () => {
    expect(jsonWebToken(`${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1' })}.sig`)).toBe(true);
    expect(jsonWebToken(`${b64url({ alg: 'none' })}.${b64url({ sub: '1' })}.`)).toBe(true);
    expect(jsonWebToken(`${b64url({ typ: 'JWT' })}.${b64url({ sub: '1' })}.sig`)).toBe(false);
    expect(jsonWebToken('eyJhbGciOi.not-json.x')).toBe(false);
  });
});
