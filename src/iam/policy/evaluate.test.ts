import { describe, it, expect } from 'vitest';
import {
  accessDeniedMessage,
  evaluate,
  evaluateAssumeRole,
  evaluateDetailed,
  evaluationPrincipalOf,
  parsePolicy,
  type EvaluationPrincipal,
  type PolicyDocument,
} from './index.js';

const A = '123456789012';
const B = '999988887777';
const alice: EvaluationPrincipal = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, userId: 'AIDAALICE', userName: 'alice', type: 'IAMUser' };
const root: EvaluationPrincipal = { arn: `arn:aws:iam::${A}:root`, accountId: A, isRoot: true };
const session: EvaluationPrincipal = {
  arn: `arn:aws:sts::${A}:assumed-role/Auditor/s1`,
  accountId: A,
  userId: 'AROAAUDITOR:s1',
  type: 'AssumedRole',
  roleArn: `arn:aws:iam::${A}:role/Auditor`,
};
const outsider: EvaluationPrincipal = { arn: `arn:aws:iam::${B}:user/mallory`, accountId: B, type: 'IAMUser' };
const anonymous: EvaluationPrincipal = { arn: '*', accountId: '', type: 'Anonymous' };
const cloudtrail: EvaluationPrincipal = { arn: 'cloudtrail.amazonaws.com', accountId: '', type: 'AWSService', service: 'cloudtrail.amazonaws.com' };

const identity = (...statements: object[]): PolicyDocument => parsePolicy({ Version: '2012-10-17', Statement: statements }, 'identity');
const resource = (...statements: object[]): PolicyDocument => parsePolicy({ Version: '2012-10-17', Statement: statements }, 'resource');
const trust = (...statements: object[]): PolicyDocument => parsePolicy({ Version: '2012-10-17', Statement: statements }, 'trust');

const FINDINGS = `arn:aws:macie2:us-east-1:${A}:*`;
const OBJECT = 'arn:aws:s3:::reports/2026/q1.csv';
const allowMacieRead = identity({ Effect: 'Allow', Action: ['macie2:List*', 'macie2:Get*'], Resource: '*' });
const denyMacieDeletes = identity({ Effect: 'Deny', Action: 'macie2:Delete*', Resource: '*' });

describe('identity policies', () => {
  it.each<[string, EvaluationPrincipal, string, string, PolicyDocument[], string]>([
    ['no policies → implicit deny', alice, 'macie2:ListFindings', FINDINGS, [], 'ImplicitDeny'],
    ['wildcard action allows', alice, 'macie2:ListFindings', FINDINGS, [allowMacieRead], 'Allow'],
    ['actions match case-insensitively', alice, 'MACIE2:listfindings', FINDINGS, [allowMacieRead], 'Allow'],
    ['other actions are not allowed', alice, 'macie2:CreateClassificationJob', FINDINGS, [allowMacieRead], 'ImplicitDeny'],
    ['? matches one character', alice, 'macie2:GetFindings', FINDINGS, [identity({ Effect: 'Allow', Action: 'macie2:Get?indings', Resource: '*' })], 'Allow'],
    ['explicit deny wins over allow', alice, 'macie2:DeleteAllowList', FINDINGS, [identity({ Effect: 'Allow', Action: '*', Resource: '*' }), denyMacieDeletes], 'ExplicitDeny'],
    ['deny in the same policy wins', alice, 'macie2:GetFindings', FINDINGS, [identity({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'macie2:GetFindings', Resource: '*' })], 'ExplicitDeny'],
    ['NotAction allows everything else', alice, 's3:GetObject', OBJECT, [identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], 'Allow'],
    ['NotAction does not allow the listed', alice, 'iam:CreateUser', '*', [identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], 'ImplicitDeny'],
    ['resources match case-sensitively', alice, 's3:GetObject', OBJECT, [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::Reports/*' })], 'ImplicitDeny'],
    ['resource wildcards span slashes', alice, 's3:GetObject', OBJECT, [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' })], 'Allow'],
    ['NotResource', alice, 's3:GetObject', OBJECT, [identity({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' })], 'Allow'],
    ['policy variable in Resource', alice, 's3:GetObject', 'arn:aws:s3:::home/alice/x', [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' })], 'Allow'],
    ['policy variable for someone else', alice, 's3:GetObject', 'arn:aws:s3:::home/bob/x', [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' })], 'ImplicitDeny'],
    ['an unresolvable variable matches nothing', session, 's3:GetObject', 'arn:aws:s3:::home/x', [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}' })], 'ImplicitDeny'],
    ['root is allowed without policies', root, 'macie2:ListFindings', FINDINGS, [], 'Allow'],
    // A policy variable is the only thing these read of the request (no Condition): it must still be resolved.
    ['policy variable in NotResource (own home)', alice, 's3:GetObject', 'arn:aws:s3:::home/alice/x', [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' })], 'Allow'],
    ['policy variable in NotResource (someone else)', alice, 's3:GetObject', 'arn:aws:s3:::home/bob/x', [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' })], 'ExplicitDeny'],
    ['root denied by a variable in a policy without conditions', root, 's3:GetObject', 'arn:aws:s3:::home/x', [identity({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:PrincipalAccount}/*' })], 'ExplicitDeny'],
    ['root allowed by the same policy on its own prefix', root, 's3:GetObject', `arn:aws:s3:::home/${A}/x`, [identity({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:PrincipalAccount}/*' })], 'Allow'],
  ])('%s', (_name, principal, action, res, policies, expected) => {
    expect(evaluate({ principal, action, resource: res }, policies)).toBe(expected);
  });

  it('conditions gate statements (aws:SourceIp, aws:SecureTransport, aws:CurrentTime)', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: 'macie2:*',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: { 'aws:SecureTransport': 'true' }, DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } },
    });
    const req = (ip: string, tls: boolean) => ({ principal: alice, action: 'macie2:ListFindings', resource: FINDINGS, context: { 'aws:SourceIp': ip, 'aws:SecureTransport': tls } });
    const now = new Date('2026-06-01T00:00:00Z');
    expect(evaluate(req('10.1.2.3', true), [policy], undefined, { now })).toBe('Allow');
    expect(evaluate(req('192.168.0.1', true), [policy], undefined, { now })).toBe('ImplicitDeny');
    expect(evaluate(req('10.1.2.3', false), [policy], undefined, { now })).toBe('ImplicitDeny');
    expect(evaluate(req('10.1.2.3', true), [policy], undefined, { now: new Date('2027-06-01T00:00:00Z') })).toBe('ImplicitDeny');
  });

  it('a deny unless on the corporate network', () => {
    const deny = identity({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } });
    expect(evaluate({ principal: alice, action: 'macie2:GetFindings', resource: FINDINGS, context: { 'aws:SourceIp': '198.51.100.1' } }, [allowMacieRead, deny])).toBe('ExplicitDeny');
    expect(evaluate({ principal: alice, action: 'macie2:GetFindings', resource: FINDINGS, context: { 'aws:SourceIp': '203.0.113.5' } }, [allowMacieRead, deny])).toBe('Allow');
  });

  it('s3:prefix conditions on ListBucket', () => {
    const policy = identity({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::home', Condition: { StringLike: { 's3:prefix': ['', 'home/${aws:username}/*'] } } });
    const list = (prefix: string) => evaluate({ principal: alice, action: 's3:ListBucket', resource: 'arn:aws:s3:::home', context: { 's3:prefix': prefix } }, [policy]);
    expect(list('home/alice/photos/')).toBe('Allow');
    expect(list('home/bob/')).toBe('ImplicitDeny');
  });
});

describe('permissions boundaries and session policies', () => {
  const everything = identity({ Effect: 'Allow', Action: '*', Resource: '*' });
  const onlyMacie = identity({ Effect: 'Allow', Action: 'macie2:*', Resource: '*' });
  it.each<[string, string, object, string]>([
    ['boundary allows', 'macie2:ListFindings', { permissionsBoundary: onlyMacie }, 'Allow'],
    ['boundary does not allow', 's3:GetObject', { permissionsBoundary: onlyMacie }, 'ImplicitDeny'],
    ['session policy allows', 'macie2:ListFindings', { sessionPolicies: [onlyMacie] }, 'Allow'],
    ['session policy does not allow', 'iam:CreateUser', { sessionPolicies: [onlyMacie] }, 'ImplicitDeny'],
    ['session policy deny', 'macie2:DeleteAllowList', { sessionPolicies: [everything, denyMacieDeletes] }, 'ExplicitDeny'],
  ])('%s', (_name, action, options, expected) => {
    expect(evaluate({ principal: session, action, resource: '*' }, [everything], undefined, options)).toBe(expected);
  });
});

describe('resource policies', () => {
  const bucketPolicy = (principal: unknown, extra: object = {}) => resource({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*', ...extra });
  const req = (principal: EvaluationPrincipal, resourceAccountId = A) => ({ principal, action: 's3:GetObject', resource: OBJECT, resourceAccountId });

  it.each<[string, EvaluationPrincipal, PolicyDocument[], PolicyDocument, string, string?]>([
    ['same account: naming the user is enough', alice, [], bucketPolicy({ AWS: alice.arn }), 'Allow'],
    ['same account: "*" is enough', alice, [], bucketPolicy('*'), 'Allow'],
    ['same account: naming the account delegates to IAM (no identity allow)', alice, [], bucketPolicy({ AWS: A }), 'ImplicitDeny'],
    ['same account: naming the account plus an identity allow', alice, [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], bucketPolicy({ AWS: `arn:aws:iam::${A}:root` }), 'Allow'],
    ['same account: an identity allow alone is enough', alice, [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], bucketPolicy({ AWS: `arn:aws:iam::${B}:root` }), 'Allow'],
    ['same account: the role ARN covers its sessions', session, [], bucketPolicy({ AWS: session.roleArn }), 'Allow'],
    ['same account: the session ARN', session, [], bucketPolicy({ AWS: session.arn }), 'Allow'],
    ['a resource-policy deny beats an identity allow', alice, [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], resource({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }), 'ExplicitDeny'],
    ['a deny for everyone but the user (NotPrincipal)', outsider, [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], resource({ Effect: 'Deny', NotPrincipal: { AWS: alice.arn }, Action: 's3:*', Resource: '*' }), 'ExplicitDeny', B],
    ['root is denied by a resource-policy deny', root, [], resource({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' }), 'ExplicitDeny'],
    ['cross-account: both sides allow', outsider, [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })], bucketPolicy({ AWS: B }), 'Allow'],
    ['cross-account: only the resource policy allows', outsider, [], bucketPolicy({ AWS: outsider.arn }), 'ImplicitDeny'],
    ['cross-account: only the identity policy allows', outsider, [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })], bucketPolicy({ AWS: A }), 'ImplicitDeny'],
    ['anonymous: allowed by "*"', anonymous, [], bucketPolicy('*'), 'Allow'],
    ['anonymous: not by an account', anonymous, [], bucketPolicy({ AWS: A }), 'ImplicitDeny'],
    ['a service principal', cloudtrail, [], bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }), 'Allow'],
    ['a service principal, with a source-account condition that fails', cloudtrail, [], bucketPolicy({ Service: 'cloudtrail.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': B } } }), 'ImplicitDeny'],
  ])('%s', (_name, principal, idPolicies, resPolicy, expected, resourceAccount) => {
    expect(evaluate(req(principal, resourceAccount ?? A), idPolicies, resPolicy)).toBe(expected);
  });

  it('the resource account comes from the ARN when it has one', () => {
    const key = `arn:aws:kms:us-east-1:${B}:key/1`;
    const allowAll = identity({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(evaluate({ principal: alice, action: 'kms:Decrypt', resource: key }, [allowAll])).toBe('ImplicitDeny');
    expect(evaluate({ principal: alice, action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${A}:key/1` }, [allowAll])).toBe('Allow');
  });
});

describe('trust policies (sts:AssumeRole)', () => {
  const roleArn = `arn:aws:iam::${A}:role/Auditor`;
  const callerMayAssume = identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn });
  it.each<[string, EvaluationPrincipal, PolicyDocument, PolicyDocument[], Record<string, string>, string]>([
    ['the user named in the trust policy', alice, trust({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }), [], {}, 'Allow'],
    ['the account named: the user also needs sts:AssumeRole', alice, trust({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }), [], {}, 'ImplicitDeny'],
    ['the account named and the user allowed', alice, trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }), [callerMayAssume], {}, 'Allow'],
    ['another user', alice, trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 'sts:AssumeRole' }), [callerMayAssume], {}, 'ImplicitDeny'],
    ['cross-account with the right external id', outsider, trust({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-42' } } }), [identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })], { 'sts:ExternalId': 'ext-42' }, 'Allow'],
    ['cross-account with a wrong external id', outsider, trust({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-42' } } }), [identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })], { 'sts:ExternalId': 'nope' }, 'ImplicitDeny'],
    ['cross-account without an identity allow', outsider, trust({ Effect: 'Allow', Principal: { AWS: outsider.arn }, Action: 'sts:AssumeRole' }), [], {}, 'ImplicitDeny'],
    ['a role session chaining into another role', session, trust({ Effect: 'Allow', Principal: { AWS: session.roleArn }, Action: 'sts:AssumeRole' }), [], {}, 'Allow'],
    ['"*" with an aws:PrincipalArn condition', alice, trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/a*` } } }), [], {}, 'Allow'],
    ['a trust deny', alice, trust({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }), [], {}, 'ExplicitDeny'],
  ])('%s', (_name, caller, trustPolicy, callerPolicies, context, expected) => {
    expect(evaluateAssumeRole({ caller, roleArn, trustPolicy, callerPolicies, context }).decision).toBe(expected);
  });
});

describe('explanations', () => {
  it('AccessDenied messages in AWS wording', () => {
    const request = { principal: alice, action: 'macie2:DeleteAllowList', resource: FINDINGS };
    expect(accessDeniedMessage(request, evaluateDetailed(request, [allowMacieRead]))).toBe(
      `User: ${alice.arn} is not authorized to perform: macie2:DeleteAllowList on resource: ${FINDINGS} because no identity-based policy allows the macie2:DeleteAllowList action`,
    );
    expect(accessDeniedMessage(request, evaluateDetailed(request, [identity({ Effect: 'Allow', Action: '*', Resource: '*' }), denyMacieDeletes]))).toBe(
      `User: ${alice.arn} is not authorized to perform: macie2:DeleteAllowList on resource: ${FINDINGS} with an explicit deny in an identity-based policy`,
    );
  });
  it('lists the statements that applied', () => {
    const result = evaluateDetailed({ principal: alice, action: 'macie2:GetFindings', resource: FINDINGS }, [identity({ Sid: 'Read', Effect: 'Allow', Action: 'macie2:Get*', Resource: '*' })]);
    expect(result.matched).toEqual([{ source: 'identity', policyIndex: 0, statementIndex: 0, sid: 'Read', effect: 'Allow' }]);
  });
  it('adapts Sift request principals', () => {
    const p = evaluationPrincipalOf({
      type: 'AssumedRole',
      accountId: A,
      arn: session.arn,
      principalId: 'AROAAUDITOR:s1',
      session: { roleName: 'Auditor', roleArn: session.roleArn!, roleId: 'AROAAUDITOR', sessionName: 's1', creationDate: new Date(0) },
    });
    expect(p).toMatchObject({ type: 'AssumedRole', roleArn: session.roleArn, userId: 'AROAAUDITOR:s1' });
    const policy = identity({ Effect: 'Allow', Action: 'macie2:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalArn': session.roleArn, 'aws:userid': 'AROAAUDITOR:*' } } });
    // aws:PrincipalArn of a session is its role's ARN; StringEquals has no wildcards, so the userid clause fails.
    expect(evaluate({ principal: p, action: 'macie2:ListFindings', resource: '*' }, [policy])).toBe('ImplicitDeny');
    const like = identity({ Effect: 'Allow', Action: 'macie2:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalArn': session.roleArn }, StringLike: { 'aws:userid': 'AROAAUDITOR:*' } } });
    expect(evaluate({ principal: p, action: 'macie2:ListFindings', resource: '*' }, [like])).toBe('Allow');
  });
});
