// Record building against the seed's CloudTrail examples (Macie ListFindings, GetSensitiveDataOccurrences by an
// assumed role, STS AssumeRole by an AWS service), every identity type, redaction and the AWS field rules.
import { describe, expect, it } from 'vitest';
import { ManualClock, type Principal, type RequestContext } from '../common/index.js';
import { schemas } from '../models/index.js';
import { javaDate, isoSeconds } from './format.js';
import { isReadOnly } from './operation-traits.js';
import { HIDDEN, lowerCamel } from './parameters.js';
import { buildAuditEvent, buildServiceEvent, type AuditCall } from './record.js';

const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36';

function ctx(principal: Principal, at: string, extra: Partial<RequestContext> = {}): RequestContext {
  return {
    accountId: principal.accountId,
    region: 'us-east-1',
    principal,
    requestId: 'req-1',
    clock: new ManualClock(Date.parse(at)),
    sourceIp: '198.51.100.1',
    userAgent: BROWSER_UA,
    ...extra,
  };
}

function call(c: RequestContext, service: string, operation: string, rest: Partial<AuditCall> = {}): AuditCall {
  const eventSource = service === 'cloudwatch' ? 'monitoring.amazonaws.com' : `${service}.amazonaws.com`;
  return { ctx: c, service, eventSource, operation, schema: schemas[service]!, dataEvent: false, ...rest };
}

const assumedAdmin: Principal = {
  type: 'AssumedRole',
  accountId: '111122223333',
  arn: 'arn:aws:sts::111122223333:assumed-role/Admin/JohnDoe',
  principalId: 'UU4MH7OYK5ZCOAEXAMPLE:JohnDoe',
  accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
  session: {
    roleName: 'Admin',
    roleArn: 'arn:aws:iam::111122223333:role/Admin',
    roleId: 'UU4MH7OYK5ZCOAEXAMPLE',
    sessionName: 'JohnDoe',
    creationDate: new Date('2023-12-12T14:40:23.517Z'),
  },
};

describe('seed examples, field by field', () => {
  it('GetSensitiveDataOccurrences by an assumed role is exactly the seed record', () => {
    const c = ctx(assumedAdmin, '2023-12-12T17:04:47.250Z', { sourceIp: '198.51.100.252', requestId: 'c30cb760-5102-47e7-88d8-ff2e8example' });
    const { record } = buildAuditEvent(
      call(c, 'macie2', 'GetSensitiveDataOccurrences', {
        input: { findingId: '3ad9d8cd61c5c390bede45cd2example' },
        output: { status: 'SUCCESS', sensitiveDataOccurrences: { USA_SOCIAL_SECURITY_NUMBER: [{ value: '123-45-6789' }] } },
      }),
      'baf52d92-f9c3-431a-bfe8-71c81example',
    );
    // The seed's record, transcribed.
    expect(record).toStrictEqual({
      eventVersion: '1.08',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'UU4MH7OYK5ZCOAEXAMPLE:JohnDoe',
        arn: 'arn:aws:sts::111122223333:assumed-role/Admin/JohnDoe',
        accountId: '111122223333',
        accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: 'UU4MH7OYK5ZCOAEXAMPLE', arn: 'arn:aws:iam::111122223333:role/Admin', accountId: '111122223333', userName: 'Admin' },
          webIdFederationData: {},
          attributes: { creationDate: '2023-12-12T14:40:23Z', mfaAuthenticated: 'false' },
        },
      },
      eventTime: '2023-12-12T17:04:47Z',
      eventSource: 'macie2.amazonaws.com',
      eventName: 'GetSensitiveDataOccurrences',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.252',
      userAgent: BROWSER_UA,
      requestParameters: { findingId: '3ad9d8cd61c5c390bede45cd2example' },
      responseElements: null,
      requestID: 'c30cb760-5102-47e7-88d8-ff2e8example',
      eventID: 'baf52d92-f9c3-431a-bfe8-71c81example',
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111122223333',
      eventCategory: 'Management',
    });
    expect(JSON.stringify(record)).not.toContain('123-45-6789');
    // Key order is AWS's too.
    expect(Object.keys(record)).toEqual([
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
      'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'eventType', 'managementEvent', 'recipientAccountId', 'eventCategory',
    ]);
  });

  it('AssumeRole made by Macie (AWSService) is exactly the seed record, without the secret key', () => {
    const macie: Principal = { type: 'AWSService', accountId: '111122223333', arn: '', principalId: '', invokedBy: 'reveal-samples.macie.amazonaws.com' };
    const c = ctx(macie, '2023-12-12T17:04:47Z', { sourceIp: '10.0.0.1', userAgent: 'sift-internal', requestId: 'd905cea8-2dcb-44c1-948e-19419example' });
    const { record, resources, username } = buildAuditEvent(
      call(c, 'sts', 'AssumeRole', {
        input: { RoleArn: 'arn:aws:iam::111122223333:role/MacieReveal', RoleSessionName: 'RevealCrossAccount' },
        output: {
          Credentials: {
            AccessKeyId: 'AKIAI44QH8DHBEXAMPLE',
            SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
            SessionToken: 'XXYYaz... EXAMPLE_SESSION_TOKEN XXyYaZAz',
            Expiration: new Date('2023-12-12T18:04:47Z'),
          },
          AssumedRoleUser: { AssumedRoleId: 'AROAXOTKAROCSNEXAMPLE:RevealCrossAccount', Arn: 'arn:aws:sts::111122223333:assumed-role/MacieReveal/RevealCrossAccount' },
        },
        resources: [{ type: 'AWS::IAM::Role', arn: 'arn:aws:iam::111122223333:role/MacieReveal', accountId: '111122223333' }],
        tlsDetails: { tlsVersion: 'TLSv1.3' },
      }),
      '74ee4d0c-932d-3332-87aa-8bcf3example',
    );
    expect(record).toStrictEqual({
      eventVersion: '1.08',
      userIdentity: { type: 'AWSService', invokedBy: 'reveal-samples.macie.amazonaws.com' },
      eventTime: '2023-12-12T17:04:47Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      awsRegion: 'us-east-1',
      sourceIPAddress: 'reveal-samples.macie.amazonaws.com',
      userAgent: 'reveal-samples.macie.amazonaws.com',
      requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/MacieReveal', roleSessionName: 'RevealCrossAccount' },
      responseElements: {
        credentials: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', sessionToken: 'XXYYaz... EXAMPLE_SESSION_TOKEN XXyYaZAz', expiration: 'Dec 12, 2023, 6:04:47 PM' },
        assumedRoleUser: { assumedRoleId: 'AROAXOTKAROCSNEXAMPLE:RevealCrossAccount', arn: 'arn:aws:sts::111122223333:assumed-role/MacieReveal/RevealCrossAccount' },
      },
      requestID: 'd905cea8-2dcb-44c1-948e-19419example',
      eventID: '74ee4d0c-932d-3332-87aa-8bcf3example',
      readOnly: true,
      resources: [{ accountId: '111122223333', type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::111122223333:role/MacieReveal' }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111122223333',
      eventCategory: 'Management',
    });
    expect(JSON.stringify(record)).not.toContain('wJalrXUtnFEMI');
    expect(resources).toEqual([{ type: 'AWS::IAM::Role', name: 'arn:aws:iam::111122223333:role/MacieReveal' }]);
    expect(username).toBe('reveal-samples.macie.amazonaws.com');
  });

  it('ListFindings by an IAM user keeps the seed\'s requestParameters in Macie\'s casing', () => {
    const mary: Principal = {
      type: 'IAMUser',
      accountId: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/Mary_Major',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'Mary_Major',
    };
    const c = ctx(mary, '2023-11-14T16:09:56.999Z', { requestId: 'd58af6be-1115-4a41-91f8-ace03example' });
    const input = {
      sortCriteria: { attributeName: 'updatedAt', orderBy: 'DESC' },
      findingCriteria: { criterion: { archived: { eq: ['false'] }, category: { eq: ['POLICY'] } } },
      maxResults: 25,
      nextToken: '',
    };
    const ev = buildAuditEvent(call(c, 'macie2', 'ListFindings', { input, output: { findingIds: ['a'] } }), 'ad97fac5-f7cf-4ff9-9cf2-d0676example');
    const r = ev.record;
    expect(r.userIdentity).toStrictEqual({
      type: 'IAMUser',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      arn: 'arn:aws:iam::123456789012:user/Mary_Major',
      accountId: '123456789012',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'Mary_Major',
    });
    expect(r.eventTime).toBe('2023-11-14T16:09:56Z');
    expect(r.eventSource).toBe('macie2.amazonaws.com');
    expect(r.eventName).toBe('ListFindings');
    expect(r.sourceIPAddress).toBe('198.51.100.1');
    expect(r.userAgent).toBe(BROWSER_UA);
    expect(r.requestParameters).toStrictEqual(input);
    expect(r.responseElements).toBeNull();
    expect(r.requestID).toBe('d58af6be-1115-4a41-91f8-ace03example');
    expect(r.eventID).toBe('ad97fac5-f7cf-4ff9-9cf2-d0676example');
    expect(r.readOnly).toBe(true);
    expect(r.eventType).toBe('AwsApiCall');
    expect(r.managementEvent).toBe(true);
    expect(r.recipientAccountId).toBe('123456789012');
    expect(r.eventCategory).toBe('Management');
    expect(r).not.toHaveProperty('resources');
    expect(r).not.toHaveProperty('errorCode');
    expect(ev).toMatchObject({ username: 'Mary_Major', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', eventTime: Date.parse('2023-11-14T16:09:56Z'), management: true });
  });
});

describe('userIdentity for each identity type', () => {
  it('Root: principalId is the account id, arn …:root, the key used', () => {
    const root: Principal = { type: 'Root', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', principalId: '111122223333', accessKeyId: 'AKIAROOTKEY000000001' };
    const ev = buildAuditEvent(call(ctx(root, '2024-01-01T00:00:00Z'), 'macie2', 'EnableMacie', { input: { status: 'ENABLED' }, output: {} }), 'e1');
    expect(ev.record.userIdentity).toStrictEqual({
      type: 'Root',
      principalId: '111122223333',
      arn: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
      accessKeyId: 'AKIAROOTKEY000000001',
    });
    expect(ev.username).toBe('root');
    // A mutating call whose output has no members: responseElements null.
    expect(ev.record.readOnly).toBe(false);
    expect(ev.record.responseElements).toBeNull();
    expect(ev.record.requestParameters).toStrictEqual({ status: 'ENABLED' });
  });

  it('AssumedRole: session name is the event-history user name', () => {
    const ev = buildAuditEvent(call(ctx(assumedAdmin, '2024-01-01T00:00:00Z'), 'macie2', 'GetMacieSession'), 'e2');
    expect(ev.username).toBe('JohnDoe');
    expect(ev.accessKeyId).toBe('AKIAI44QH8DHBEXAMPLE');
    expect(ev.record.requestParameters).toBeNull();
  });

  it('tlsDetails are kept for callers, left out for AWS services', () => {
    const tls = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'localhost' };
    const ev = buildAuditEvent(call(ctx(assumedAdmin, '2024-01-01T00:00:00Z'), 'macie2', 'GetMacieSession', { tlsDetails: tls }), 'e3');
    expect(ev.record.tlsDetails).toStrictEqual(tls);
    expect(Object.keys(ev.record).at(-1)).toBe('tlsDetails');
  });
});

describe('redaction', () => {
  const bob: Principal = { type: 'IAMUser', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/admin', principalId: 'AIDAADMIN', accessKeyId: 'AKIAADMIN', userName: 'admin' };

  it('iam:CreateAccessKey logs the new key without its secret', () => {
    const secret = 'Zz9xSECRETSECRETSECRETSECRETSECRETsecret';
    const { record } = buildAuditEvent(
      call(ctx(bob, '2024-03-24T21:11:59Z'), 'iam', 'CreateAccessKey', {
        input: { UserName: 'Bob' },
        output: { AccessKey: { UserName: 'Bob', AccessKeyId: 'AKIABOB', Status: 'Active', SecretAccessKey: secret, CreateDate: new Date('2024-03-24T21:11:59Z') } },
      }),
      'e4',
    );
    expect(record.readOnly).toBe(false);
    expect(record.requestParameters).toStrictEqual({ userName: 'Bob' });
    expect(record.responseElements).toStrictEqual({ accessKey: { userName: 'Bob', accessKeyId: 'AKIABOB', status: 'Active', createDate: 'Mar 24, 2024, 9:11:59 PM' } });
    expect(JSON.stringify(record)).not.toContain(secret);
  });

  it('sensitive request members become HIDDEN_DUE_TO_SECURITY_REASONS; non-secret look-alikes stay', () => {
    const { record } = buildAuditEvent(
      call(ctx(bob, '2024-01-01T00:00:00Z'), 'iam', 'CreateLoginProfile', { input: { UserName: 'Bob', Password: 'hunter2-Sup3r!', PasswordResetRequired: true } }),
      'e5',
    );
    expect(record.requestParameters).toStrictEqual({ userName: 'Bob', password: HIDDEN, passwordResetRequired: true });
    expect(JSON.stringify(record)).not.toContain('hunter2');
  });

  it('sts web identity tokens and MFA codes in requests are hidden', () => {
    const { record } = buildAuditEvent(
      call(ctx(bob, '2024-01-01T00:00:00Z'), 'sts', 'AssumeRoleWithWebIdentity', {
        input: { RoleArn: 'arn:aws:iam::123456789012:role/R', RoleSessionName: 's1', WebIdentityToken: 'eyJhbGciOi.secret.jwt' },
      }),
      'e6',
    );
    expect(record.requestParameters).toStrictEqual({ roleArn: 'arn:aws:iam::123456789012:role/R', roleSessionName: 's1', webIdentityToken: HIDDEN });
    const mfa = buildAuditEvent(
      call(ctx(bob, '2024-01-01T00:00:00Z'), 'sts', 'AssumeRole', { input: { RoleArn: 'arn:aws:iam::123456789012:role/R', RoleSessionName: 's', SerialNumber: 'arn:aws:iam::123456789012:mfa/bob', TokenCode: '123456' } }),
      'e7',
    ).record;
    expect(mfa.requestParameters).toMatchObject({ tokenCode: HIDDEN, serialNumber: 'arn:aws:iam::123456789012:mfa/bob' });
  });

  it('a failed call keeps its parameters, shows errorCode/errorMessage and no response', () => {
    const { record } = buildAuditEvent(
      call(ctx(bob, '2024-01-01T00:00:00Z'), 'macie2', 'CreateClassificationJob', {
        input: { name: 'job', jobType: 'ONE_TIME', clientToken: 't' },
        output: { jobId: 'should-not-appear' },
        error: { code: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/admin is not authorized to perform: macie2:CreateClassificationJob' },
      }),
      'e8',
    );
    expect(record.errorCode).toBe('AccessDeniedException');
    expect(record.errorMessage).toContain('is not authorized to perform: macie2:CreateClassificationJob');
    expect(record.responseElements).toBeNull();
    expect(record.requestParameters).toMatchObject({ name: 'job', jobType: 'ONE_TIME' });
    expect(Object.keys(record).slice(7, 11)).toEqual(['userAgent', 'errorCode', 'errorMessage', 'requestParameters']);
  });

  it('a mutating Macie call with output logs it', () => {
    const { record } = buildAuditEvent(
      call(ctx(bob, '2024-01-01T00:00:00Z'), 'macie2', 'CreateClassificationJob', {
        input: { name: 'job' },
        output: { jobArn: 'arn:aws:macie2:us-east-1:123456789012:classification-job/abc', jobId: 'abc' },
      }),
      'e9',
    );
    expect(record.responseElements).toStrictEqual({ jobArn: 'arn:aws:macie2:us-east-1:123456789012:classification-job/abc', jobId: 'abc' });
  });

  it('parameters above 100 KB are omitted; long user agents are cut at 1 KB', () => {
    const big = 'x'.repeat(101 * 1024);
    const { record } = buildAuditEvent(
      call(ctx(bob, '2024-01-01T00:00:00Z', { userAgent: 'u'.repeat(5000) }), 'iam', 'PutUserPolicy', {
        input: { UserName: 'Bob', PolicyName: 'p', PolicyDocument: big },
      }),
      'e10',
    );
    expect(record.requestParameters).toBeNull();
    expect(record.userAgent).toHaveLength(1024);
  });

  it('a missing input (parse failure) gives null requestParameters', () => {
    const { record } = buildAuditEvent(call(ctx(bob, '2024-01-01T00:00:00Z'), 'iam', 'CreateUser', { error: { code: 'ValidationError', message: 'bad' } }), 'e11');
    expect(record.requestParameters).toBeNull();
    expect(record.readOnly).toBe(false);
  });

  it('S3 object-level calls are data events', () => {
    const { record, management } = buildAuditEvent(call(ctx(bob, '2024-01-01T00:00:00Z'), 's3', 'GetObject', { input: { Bucket: 'b', Key: 'k' }, dataEvent: true }), 'e12');
    expect(record.eventCategory).toBe('Data');
    expect(record.managementEvent).toBe(false);
    expect(management).toBe(false);
    expect(record.requestParameters).toStrictEqual({ bucket: 'b', key: 'k' });
  });
});

describe('formats and read-only rules', () => {
  it('dates', () => {
    expect(isoSeconds(new Date('2023-12-12T17:04:47.999Z'))).toBe('2023-12-12T17:04:47Z');
    expect(javaDate(new Date('2023-12-12T18:04:47Z'))).toBe('Dec 12, 2023, 6:04:47 PM');
    expect(javaDate(new Date('2021-01-22T00:46:28Z'))).toBe('Jan 22, 2021, 12:46:28 AM');
    expect(javaDate(new Date('2021-07-04T12:05:09Z'))).toBe('Jul 4, 2021, 12:05:09 PM');
  });

  it('member names in lower camel case', () => {
    expect(['RoleArn', 'roleArn', 'ARN', 'SSECustomerKey', 'S3BucketName', 'KMSKeyId', 'MaxResults'].map(lowerCamel)).toEqual([
      'roleArn', 'roleArn', 'arn', 'sseCustomerKey', 's3BucketName', 'kmsKeyId', 'maxResults',
    ]);
  });

  it('read-only by verb, every STS call read-only', () => {
    const ro = (s: string, op: string) => isReadOnly(s, op, schemas[s]?.operations[op]);
    expect(['GetMacieSession', 'ListFindings', 'DescribeBuckets', 'SearchResources', 'TestCustomDataIdentifier', 'BatchGetCustomDataIdentifiers'].every((o) => ro('macie2', o))).toBe(true);
    expect(['EnableMacie', 'UpdateMacieSession', 'CreateClassificationJob', 'TagResource'].some((o) => ro('macie2', o))).toBe(false);
    expect(ro('cloudtrail', 'LookupEvents')).toBe(true);
    expect(ro('logs', 'FilterLogEvents')).toBe(true);
    expect(ro('s3', 'HeadObject')).toBe(true);
    expect(ro('s3', 'PutObject')).toBe(false);
    expect(ro('sts', 'AssumeRole')).toBe(true);
    // "Getaway" is not the Get verb.
    expect(isReadOnly('x', 'Getaway')).toBe(false);
  });
});

describe('service events', () => {
  it('a Macie service event is an AwsServiceEvent by the account root through macie2', () => {
    const ev = buildServiceEvent(
      {
        accountId: '123456789012',
        region: 'us-east-2',
        eventSource: 'macie2.amazonaws.com',
        eventName: 'MacieClassificationJobCancelled',
        serviceEventDetails: { macieStatus: 'DISABLED', classificationJobStatus: 'CANCELLED' },
        resources: [{ accountId: '123456789012', type: 'AWS::Macie::ClassificationJob', arn: 'arn:aws:macie2:us-east-2:123456789012:classification-job/j1' }],
      },
      'ev-1',
      new Date('2024-05-01T10:00:00.700Z'),
    );
    expect(ev.record).toStrictEqual({
      eventVersion: '1.08',
      userIdentity: { type: 'Root', accountId: '123456789012', invokedBy: 'macie2.amazonaws.com' },
      eventTime: '2024-05-01T10:00:00Z',
      eventSource: 'macie2.amazonaws.com',
      eventName: 'MacieClassificationJobCancelled',
      awsRegion: 'us-east-2',
      sourceIPAddress: 'macie2.amazonaws.com',
      userAgent: 'macie2.amazonaws.com',
      requestParameters: null,
      responseElements: null,
      eventID: 'ev-1',
      readOnly: false,
      resources: [{ accountId: '123456789012', type: 'AWS::Macie::ClassificationJob', ARN: 'arn:aws:macie2:us-east-2:123456789012:classification-job/j1' }],
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: '123456789012',
      serviceEventDetails: { macieStatus: 'DISABLED', classificationJobStatus: 'CANCELLED' },
      eventCategory: 'Management',
    });
    expect(ev.record).not.toHaveProperty('requestID');
    expect(Object.keys(ev.record).slice(-2)).toEqual(['serviceEventDetails', 'eventCategory']);
  });
});
