import { describe, expect, it } from 'vitest';
import { seededRandom, type Principal, type RequestContext } from '../common/index.js';
import { authorizeRequest, requestKeys } from './authorize.js';
import type { ResolvedCredential } from './identity.js';
import { evaluateDetailed, evaluationPrincipalOf, parsePolicy, type ContextValue } from './policy/index.js';

// authorizeRequest merges the request context (the credential's keys, the request's global keys, the call's own keys,
// later ones winning) only when a policy reads it. Its decisions must be those of an evaluation given the merged
// context up front, whichever keys the policies test and whichever source supplies them.

const ACCOUNT = '123456789012';
const NOW = new Date(Date.UTC(2026, 0, 15, 12, 0, 0));
const clock = { now: () => NOW, nowMs: () => NOW.getTime() } as RequestContext['clock'];

describe('authorizeRequest', () => {
  it('decides as an evaluation with the eagerly merged context, on random policies and contexts', () => {
    const random = seededRandom(4_18);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const keys = ['aws:RequestedRegion', 'aws:SourceIp', 'aws:UserAgent', 'aws:ViaAWSService', 'aws:MultiFactorAuthPresent', 'macie2:Thing'];
    const values: Record<string, string[]> = {
      'aws:RequestedRegion': ['us-east-1', 'eu-west-1'],
      'aws:SourceIp': ['127.0.0.1/32', '10.0.0.0/8'],
      'aws:UserAgent': ['aws-cli*', 'sdk'],
      'aws:ViaAWSService': ['true', 'false'],
      'aws:MultiFactorAuthPresent': ['true', 'false'],
      'macie2:Thing': ['a', 'b'],
    };
    let allowed = 0;
    let denied = 0;
    for (let i = 0; i < 400; i++) {
      const statements = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const key = pick(keys);
        const operator = key === 'aws:SourceIp' ? 'IpAddress' : pick(['StringEquals', 'StringLike', 'StringNotEquals']);
        const condition = random() < 0.8 ? { Condition: { [operator]: { [key]: pick(values[key]!) } } } : {};
        return { Effect: random() < 0.8 ? 'Allow' : 'Deny', Action: pick(['macie2:*', 'macie2:GetMacieSession', 's3:*']), Resource: '*', ...condition };
      });
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
      const type = pick(['IAMUser', 'AssumedRole'] as const);
      const principal: Principal =
        type === 'IAMUser'
          ? { type, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/u`, principalId: 'AIDAEXAMPLE', userName: 'u', accessKeyId: 'AKIAEXAMPLE' }
          : {
              type,
              accountId: ACCOUNT,
              arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`,
              principalId: 'AROAEXAMPLE:s',
              accessKeyId: 'ASIAEXAMPLE',
              session: { roleName: 'r', roleArn: `arn:aws:iam::${ACCOUNT}:role/r`, roleId: 'AROAEXAMPLE', sessionName: 's', creationDate: NOW },
            };
      const credential: ResolvedCredential = {
        secretAccessKey: 's',
        principal,
        policies: [policy],
        ...(type === 'AssumedRole' && random() < 0.5 ? { mfaAt: NOW, issuedAt: NOW } : {}),
      };
      const ctx: RequestContext = { accountId: ACCOUNT, region: pick(['us-east-1', 'eu-west-1']), principal, requestId: 'r', clock, sourceIp: pick(['127.0.0.1', '10.1.2.3']), userAgent: pick(['aws-cli/2', 'sdk', '']) };
      // The call's own keys, sometimes overriding a global one.
      const context: Record<string, ContextValue> = {};
      if (random() < 0.5) context[pick(keys)] = pick(['us-east-1', 'a', 'true', 'sdk']);
      const action = pick(['macie2:GetMacieSession', 's3:GetObject']);

      const decision = authorizeRequest({ ctx, credential, action, resource: '*', context });
      const merged: Record<string, ContextValue> = {
        'aws:PrincipalIsAWSService': 'false',
        'aws:ViaAWSService': 'false',
        ...(type === 'AssumedRole' ? { 'aws:MultiFactorAuthPresent': credential.mfaAt ? 'true' : 'false', ...(credential.issuedAt ? { 'aws:TokenIssueTime': '2026-01-15T12:00:00Z' } : {}) } : {}),
        ...requestKeys(ctx, credential),
        ...context,
      };
      const expected = evaluateDetailed(
        { principal: evaluationPrincipalOf(principal, undefined), action, resource: '*', context: merged },
        [parsePolicy(policy, 'identity', { requireCurrentVersion: false })],
        undefined,
        { now: NOW },
      );
      expect({ i, policy, context, allowed: decision.allowed }).toEqual({ i, policy, context, allowed: expected.decision === 'Allow' });
      if (decision.allowed) allowed++;
      else denied++;
    }
    expect(allowed).toBeGreaterThan(40);
    expect(denied).toBeGreaterThan(40);
  });
});
