import { describe, it, expect } from 'vitest';
import { ServiceError } from '../../common/errors.js';
import { parsePolicy, policySize, type PolicyKind } from './index.js';

const doc = (statement: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ Version: '2012-10-17', Statement: statement, ...extra });
const allow = { Effect: 'Allow', Action: 'macie2:ListFindings', Resource: '*' };

function malformed(input: unknown, kind: PolicyKind = 'identity'): ServiceError {
  try {
    parsePolicy(input as string, kind);
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('expected MalformedPolicyDocument');
}

describe('parsePolicy normalizes', () => {
  it('a single statement object and string fields into lists', () => {
    const p = parsePolicy(doc(allow), 'identity');
    expect(p).toEqual({ version: '2012-10-17', statements: [{ effect: 'Allow', action: ['macie2:ListFindings'], resource: ['*'], conditions: [] }] });
  });
  it('statements, Sid, NotAction/NotResource, conditions with number and boolean values', () => {
    const p = parsePolicy(
      doc([
        { Sid: 'One', Effect: 'Deny', NotAction: ['s3:Get*', 's3:List*'], NotResource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 } } },
        { Effect: 'Allow', Action: '*', Resource: ['*'], Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 'b'] } } },
      ]),
      'identity',
    );
    expect(p.statements[0]).toMatchObject({ sid: 'One', effect: 'Deny', notAction: ['s3:Get*', 's3:List*'], notResource: ['arn:aws:s3:::b/*'] });
    expect(p.statements[0]!.conditions).toEqual([
      { operator: 'Bool', base: 'Bool', ifExists: false, key: 'aws:SecureTransport', values: ['false'] },
      { operator: 'NumericLessThan', base: 'NumericLessThan', ifExists: false, key: 's3:max-keys', values: ['10'] },
    ]);
    expect(p.statements[1]!.conditions[0]).toMatchObject({ base: 'StringLike', qualifier: 'ForAnyValue', ifExists: true, values: ['a*', 'b'] });
  });
  it('trust policies with every principal form', () => {
    const p = parsePolicy(
      doc([
        { Effect: 'Allow', Principal: { AWS: ['123456789012', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::123456789012:user/Bob', 'arn:aws:iam::123456789012:role/R', 'arn:aws:sts::123456789012:assumed-role/R/s'] }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } } },
      ]),
      'trust',
    );
    expect(p.statements.map((s) => s.principal)).toEqual([
      { AWS: ['123456789012', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::123456789012:user/Bob', 'arn:aws:iam::123456789012:role/R', 'arn:aws:sts::123456789012:assumed-role/R/s'] },
      { Service: ['cloudtrail.amazonaws.com'] },
      '*',
    ]);
  });
  it('identity policies of version 2008-10-17 or without Version are accepted (IAM: "If you do not include a Version element, the value defaults to 2008-10-17")', () => {
    expect(parsePolicy(JSON.stringify({ Statement: allow }), 'identity').version).toBe('2008-10-17');
    expect(parsePolicy(doc(allow, { Version: '2008-10-17' }), 'identity').version).toBe('2008-10-17');
    expect(() => parsePolicy(doc(allow, { Version: '2008-10-17' }), 'identity', { requireCurrentVersion: true })).toThrow('Policy document must be version 2012-10-17 or greater.');
  });
  it('resource policies without Version default to 2008-10-17 and may use free-form Sids', () => {
    const p = parsePolicy({ Statement: [{ Sid: 'Allow public read', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, 'resource');
    expect(p.version).toBe('2008-10-17');
  });
  it('policySize ignores whitespace', () => {
    expect(policySize('{ "a" :\n  "b c" }')).toBe('{"a":"bc"}'.length);
  });
});

describe('parsePolicy rejects with IAM wording', () => {
  it.each<[string, unknown, string, PolicyKind?]>([
    ['not JSON', '{"Version":', 'Syntax errors in policy.'],
    ['not an object', '[]', 'Syntax errors in policy.'],
    ['an unknown top-level field', doc(allow, { Extra: 1 }), 'Syntax errors in policy.'],
    ['an unknown statement field', doc({ ...allow, Actions: 'x' }), 'Syntax errors in policy.'],
    ['no statements', doc([]), 'Syntax errors in policy.'],
    ['a bad Version', doc(allow, { Version: '2020-01-01' }), 'Syntax errors in policy.'],
    ['Action and NotAction', doc({ ...allow, NotAction: 'a:b' }), 'Syntax errors in policy.'],
    ['a non-string action', doc({ ...allow, Action: [1] }), 'Syntax errors in policy.'],
    ['an unknown effect', doc({ ...allow, Effect: 'Maybe' }), 'Syntax errors in policy.'],
    ['an unknown condition operator', doc({ ...allow, Condition: { StringEqualz: { 'aws:username': 'a' } } }), 'Syntax errors in policy.'],
    ['a null condition value', doc({ ...allow, Condition: { StringEquals: { 'aws:username': null } } }), 'Syntax errors in policy.'],
    ['a lower-case effect', doc({ ...allow, Effect: 'allow' }), 'The policy failed legacy parsing'],
    ['duplicate Sids', doc([{ ...allow, Sid: 'A' }, { ...allow, Sid: 'A' }]), 'Statement IDs (SID) in a single policy must be unique.'],
    ['a Sid with spaces (identity)', doc({ ...allow, Sid: 'a b' }), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'],
    ['no Action', doc({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
    ['an empty Action list', doc({ ...allow, Action: [] }), 'Policy statement must contain actions.'],
    ['no Resource', doc({ Effect: 'Allow', Action: 'a:b' }), 'Policy statement must contain resources.'],
    ['an action without vendor', doc({ ...allow, Action: 'ListFindings' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['an action with two colons', doc({ ...allow, Action: 'a:b:c' }), 'Actions/Condition can contain only one colon.'],
    ['a bad vendor', doc({ ...allow, Action: 'ma cie:List' }), 'Vendor ma cie is not valid'],
    ['a resource that is not an ARN', doc({ ...allow, Resource: 'bucket' }), 'Resource bucket must be in ARN format or "*".'],
    ['a principal in an identity policy', doc({ ...allow, Principal: '*' }), 'Policy document should not specify a principal.'],
    ['a trust policy without principal', doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'Missing required field Principal', 'trust'],
    ['a trust policy with a Resource', doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }), 'Has prohibited field Resource', 'trust'],
    ['a partial wildcard principal', doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/*' }, Action: 'sts:AssumeRole' }), 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"', 'trust'],
    ['a malformed account principal', doc({ Effect: 'Allow', Principal: { AWS: '12345' }, Action: 'sts:AssumeRole' }), 'Invalid principal in policy: "AWS":"12345"', 'trust'],
    ['an unknown principal type', doc({ Effect: 'Allow', Principal: { Alien: 'x' }, Action: 's3:*', Resource: '*' }), 'Syntax errors in policy.', 'resource'],
  ])('%s', (_name, input, message, kind) => {
    const err = malformed(input, kind ?? 'identity');
    expect(err).toMatchObject({ code: 'MalformedPolicyDocument', httpStatus: 400, shape: 'MalformedPolicyDocumentException', message });
  });
});
