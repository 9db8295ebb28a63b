// The policy simulator's decisions, matched statements with their positions, missing context keys and boundary
// detail, against the documented behaviour of SimulateCustomPolicy / SimulatePrincipalPolicy.
import { describe, expect, it } from 'vitest';
import { simulate, statementSpans, type SimulationInput } from './simulate.js';

const principal = { arn: 'arn:aws:iam::111122223333:user/ana', accountId: '111122223333', type: 'IAMUser' as const, userName: 'ana' };
const now = new Date('2026-01-01T00:00:00Z');
const allowLogs = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"},\n  {"Effect":"Deny","Action":"logs:DeleteLogGroup","Resource":"*"}]}';
const base = (over: Partial<SimulationInput>): SimulationInput => ({ principal, identity: [{ id: 'PolicyInputList.1', type: 'IAM Policy', text: allowLogs }], actions: [], resources: [], context: {}, now, ...over });

describe('simulate', () => {
  it('statement positions are 1-based lines and columns of each statement', () => {
    expect(statementSpans(allowLogs)).toEqual([
      { start: { Line: 1, Column: 38 }, end: { Line: 1, Column: 89 } },
      { start: { Line: 2, Column: 3 }, end: { Line: 2, Column: 66 } },
    ]);
    expect(statementSpans('{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"},"Version":"2012-10-17"}')).toEqual([{ start: { Line: 1, Column: 14 }, end: { Line: 1, Column: 60 } }]);
  });

  it('allowed lists the allowing statements; explicitDeny only the denying one; implicitDeny none', () => {
    const [allowed, denied, implicit] = simulate(base({ actions: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 's3:GetObject'] }));
    expect(allowed).toMatchObject({ EvalActionName: 'logs:CreateLogGroup', EvalResourceName: '*', EvalDecision: 'allowed', MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', StartPosition: { Line: 1, Column: 38 } }] });
    expect(denied!.EvalDecision).toBe('explicitDeny');
    expect(denied!.MatchedStatements).toEqual([{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 2, Column: 3 }, EndPosition: { Line: 2, Column: 66 } }]);
    expect(implicit).toMatchObject({ EvalDecision: 'implicitDeny', MatchedStatements: [] });
    // Resource `*`: no EvalDecisionDetails, no ResourceSpecificResults.
    expect(allowed!.EvalDecisionDetails).toBeUndefined();
    expect(allowed!.ResourceSpecificResults).toBeUndefined();
  });

  it('a condition key the simulation was not given is reported missing, and the statement does not apply', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] });
    const [r] = simulate(base({ identity: [{ id: 'p', type: 'user', text }], actions: ['s3:GetObject'] }));
    expect(r).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: ['aws:SourceIp'] });
    const [given] = simulate(base({ identity: [{ id: 'p', type: 'user', text }], actions: ['s3:GetObject'], context: { 'aws:SourceIp': '10.1.2.3' } }));
    expect(given).toMatchObject({ EvalDecision: 'allowed', MissingContextValues: [] });
  });

  it('a permissions boundary limits the result and says so', () => {
    const boundary = [{ id: 'PermissionsBoundaryPolicyInputList.1', type: 'IAM Policy', text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:Describe*","Resource":"*"}]}' }];
    const [a, b] = simulate(base({ boundary, actions: ['logs:DescribeLogGroups', 'logs:CreateLogGroup'] }));
    expect(a).toMatchObject({ EvalDecision: 'allowed', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true } });
    expect(b).toMatchObject({ EvalDecision: 'implicitDeny', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false } });
  });

  it('a named resource gets ResourceSpecificResults; a resource policy of another account needs both sides', () => {
    const bucketPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/ana' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }] });
    const s3read = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const [r] = simulate(base({ identity: [{ id: 'PolicyInputList.1', type: 'IAM Policy', text: s3read }], resourcePolicy: { id: 'ResourcePolicy', type: 'resource', text: bucketPolicy }, resourceOwner: '444455556666', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other/k'] }));
    expect(r).toMatchObject({ EvalDecision: 'allowed', EvalDecisionDetails: { IdentityPolicy: 'allowed', ResourcePolicy: 'allowed' } });
    expect(r!.ResourceSpecificResults).toMatchObject([{ EvalResourceName: 'arn:aws:s3:::other/k', EvalResourceDecision: 'allowed' }]);
    const [no] = simulate(base({ identity: [], resourcePolicy: { id: 'ResourcePolicy', type: 'resource', text: bucketPolicy }, resourceOwner: '444455556666', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other/k'] }));
    expect(no).toMatchObject({ EvalDecision: 'implicitDeny', EvalDecisionDetails: { IdentityPolicy: 'implicitDeny', ResourcePolicy: 'allowed' } });
  });
});
