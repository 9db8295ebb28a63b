// Which events a trail's selectors take: the default, basic selectors (read/write, management sources, S3 data
// resources by ARN prefix) and advanced field selectors.
import { describe, expect, it } from 'vitest';
import { selectsEvent } from './event-selectors.js';
import type { CloudTrailRecord } from './record.js';

function record(p: Partial<CloudTrailRecord>): CloudTrailRecord {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice' } as never,
    eventTime: '2026-01-01T00:00:00Z',
    eventSource: 'macie2.amazonaws.com',
    eventName: 'GetMacieSession',
    awsRegion: 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    userAgent: 'test',
    requestParameters: null,
    responseElements: null,
    eventID: 'e',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    ...p,
  };
}

const getObject = record({ eventSource: 's3.amazonaws.com', eventName: 'GetObject', managementEvent: false, eventCategory: 'Data', resources: [{ accountId: '1', type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::data/pii/a.csv' }] });
const putObject = record({ ...getObject, eventName: 'PutObject', readOnly: false });
const enable = record({ eventName: 'EnableMacie', readOnly: false });
const kms = record({ eventSource: 'kms.amazonaws.com', eventName: 'Decrypt' });

describe('event selectors', () => {
  it('take every management event and no data event by default', () => {
    expect([enable, record({}), getObject].map((r) => selectsEvent({}, r))).toEqual([true, true, false]);
  });

  it('apply ReadWriteType, IncludeManagementEvents and ExcludeManagementEventSources', () => {
    expect(selectsEvent({ eventSelectors: [{ ReadWriteType: 'WriteOnly' }] }, enable)).toBe(true);
    expect(selectsEvent({ eventSelectors: [{ ReadWriteType: 'WriteOnly' }] }, record({}))).toBe(false);
    expect(selectsEvent({ eventSelectors: [{ ReadWriteType: 'ReadOnly' }] }, record({}))).toBe(true);
    expect(selectsEvent({ eventSelectors: [{ IncludeManagementEvents: false }] }, enable)).toBe(false);
    expect(selectsEvent({ eventSelectors: [{ ExcludeManagementEventSources: ['kms.amazonaws.com'] }] }, kms)).toBe(false);
  });

  it('take S3 data events under a DataResources ARN prefix, within the read/write type', () => {
    const sel = (values: string[], rw: 'All' | 'ReadOnly' = 'All') => ({ eventSelectors: [{ ReadWriteType: rw, IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: values }] }] });
    expect(selectsEvent(sel(['arn:aws:s3:::data/pii/']), getObject)).toBe(true);
    expect(selectsEvent(sel(['arn:aws:s3:::data/logs/']), getObject)).toBe(false);
    expect(selectsEvent(sel(['arn:aws:s3']), getObject)).toBe(true);
    expect(selectsEvent(sel(['arn:aws:s3:::data/'], 'ReadOnly'), putObject)).toBe(false);
    expect(selectsEvent(sel(['arn:aws:s3:::data/']), enable)).toBe(false);
  });

  it('match advanced selectors field by field, any selector sufficing', () => {
    const adv = {
      advancedEventSelectors: [
        { Name: 'writes to pii', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::data/pii/'] }, { Field: 'readOnly', Equals: ['false'] }] },
        { Name: 'macie but not sessions', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', Equals: ['macie2.amazonaws.com'] }, { Field: 'eventName', NotStartsWith: ['GetMacie'] }] },
      ],
    };
    expect([putObject, getObject, enable, record({}), kms].map((r) => selectsEvent(adv, r))).toEqual([true, false, true, false, false]);
  });
});
