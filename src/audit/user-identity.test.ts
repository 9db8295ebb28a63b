// Calls from the web console: CloudTrail records the console session's attributes for root and IAM users, as AWS
// records console calls (seed 000's ListFindings example).
import { describe, expect, it } from 'vitest';
import { userIdentityOf } from './user-identity.js';

describe('userIdentityOf a console call', () => {
  const session = { creationDate: new Date('2026-12-06T09:30:00.700Z'), mfaAuthenticated: false };
  it('adds sessionContext.attributes for IAM users and root, as in AWS records of console calls', () => {
    const user = userIdentityOf({ type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/Mary_Major', principalId: 'AIDAEXAMPLE', accessKeyId: 'AKIAEXAMPLE', userName: 'Mary_Major' }, session);
    expect(user).toEqual({
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/Mary_Major',
      accountId: '111122223333',
      accessKeyId: 'AKIAEXAMPLE',
      userName: 'Mary_Major',
      sessionContext: { attributes: { creationDate: '2026-12-06T09:30:00Z', mfaAuthenticated: 'false' } },
    });
    expect(Object.keys(user)).toEqual(['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'sessionContext']);
    const root = userIdentityOf({ type: 'Root', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', principalId: '111122223333' }, session);
    expect(root.sessionContext).toEqual({ attributes: { creationDate: '2026-12-06T09:30:00Z', mfaAuthenticated: 'false' } });
  });

  it('leaves API calls without a console session as they were', () => {
    expect(userIdentityOf({ type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/a', principalId: 'AIDA' }).sessionContext).toBeUndefined();
  });
});
