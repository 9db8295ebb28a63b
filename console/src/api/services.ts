// The operations the console calls, typed by the generated models (src/models), one function per operation named as
// the operation. Paths and targets are the services' own (the official models' http traits).
import type * as M from '../../../src/models/macie2/types.js';
import type * as L from '../../../src/models/logs/types.js';
import type * as C from '../../../src/models/cloudtrail/types.js';
import type * as W from '../../../src/models/cloudwatch/types.js';
import type * as O from '../../../src/models/organizations/types.js';
import { awsJson, awsQuery, restJson, type Session } from './call.js';
import type { Wire } from './wire.js';

export type { M, L, C, W, O };

const enc = encodeURIComponent;

export const macie2 = {
  getMacieSession: (s: Session) => restJson<Wire<M.GetMacieSessionResponse>>(s, 'macie2', 'GET', '/macie'),
  listClassificationJobs: (s: Session, i: Wire<M.ListClassificationJobsRequest>) => restJson<Wire<M.ListClassificationJobsResponse>>(s, 'macie2', 'POST', '/jobs/list', i),
  createClassificationJob: (s: Session, i: Wire<M.CreateClassificationJobRequest>) => restJson<Wire<M.CreateClassificationJobResponse>>(s, 'macie2', 'POST', '/jobs', i),
  describeClassificationJob: (s: Session, jobId: string) => restJson<Wire<M.DescribeClassificationJobResponse>>(s, 'macie2', 'GET', `/jobs/${enc(jobId)}`),
  updateClassificationJob: (s: Session, i: Wire<M.UpdateClassificationJobRequest>) =>
    restJson<Wire<M.UpdateClassificationJobResponse>>(s, 'macie2', 'PATCH', `/jobs/${enc(i.jobId)}`, { jobStatus: i.jobStatus }),
  listFindings: (s: Session, i: Wire<M.ListFindingsRequest>) => restJson<Wire<M.ListFindingsResponse>>(s, 'macie2', 'POST', '/findings', i),
  getFindings: (s: Session, i: Wire<M.GetFindingsRequest>) => restJson<Wire<M.GetFindingsResponse>>(s, 'macie2', 'POST', '/findings/describe', i),
  getFindingStatistics: (s: Session, i: Wire<M.GetFindingStatisticsRequest>) => restJson<Wire<M.GetFindingStatisticsResponse>>(s, 'macie2', 'POST', '/findings/statistics', i),
  listFindingsFilters: (s: Session) => restJson<Wire<M.ListFindingsFiltersResponse>>(s, 'macie2', 'GET', '/findingsfilters', undefined, { maxResults: '25' }),
  getFindingsFilter: (s: Session, id: string) => restJson<Wire<M.GetFindingsFilterResponse>>(s, 'macie2', 'GET', `/findingsfilters/${enc(id)}`),
  createFindingsFilter: (s: Session, i: Wire<M.CreateFindingsFilterRequest>) => restJson<Wire<M.CreateFindingsFilterResponse>>(s, 'macie2', 'POST', '/findingsfilters', i),
  updateFindingsFilter: (s: Session, { id, ...i }: Wire<M.UpdateFindingsFilterRequest>) => restJson<Wire<M.UpdateFindingsFilterResponse>>(s, 'macie2', 'PATCH', `/findingsfilters/${enc(id)}`, i),
  deleteFindingsFilter: (s: Session, id: string) => restJson<Wire<M.DeleteFindingsFilterResponse>>(s, 'macie2', 'DELETE', `/findingsfilters/${enc(id)}`),
  getRevealConfiguration: (s: Session) => restJson<Wire<M.GetRevealConfigurationResponse>>(s, 'macie2', 'GET', '/reveal-configuration'),
  getSensitiveDataOccurrencesAvailability: (s: Session, findingId: string) =>
    restJson<Wire<M.GetSensitiveDataOccurrencesAvailabilityResponse>>(s, 'macie2', 'GET', `/findings/${enc(findingId)}/reveal/availability`),
  getSensitiveDataOccurrences: (s: Session, findingId: string) => restJson<Wire<M.GetSensitiveDataOccurrencesResponse>>(s, 'macie2', 'GET', `/findings/${enc(findingId)}/reveal`),
  getResourceProfile: (s: Session, resourceArn: string) => restJson<Wire<M.GetResourceProfileResponse>>(s, 'macie2', 'GET', '/resource-profiles', undefined, { resourceArn }),
  listResourceProfileDetections: (s: Session, resourceArn: string) =>
    restJson<Wire<M.ListResourceProfileDetectionsResponse>>(s, 'macie2', 'GET', '/resource-profiles/detections', undefined, { resourceArn, maxResults: '25' }),
  listMembers: (s: Session) => restJson<Wire<M.ListMembersResponse>>(s, 'macie2', 'GET', '/members', undefined, { onlyAssociated: 'true', maxResults: '50' }),
  describeBuckets: (s: Session, i: Wire<M.DescribeBucketsRequest>) => restJson<Wire<M.DescribeBucketsResponse>>(s, 'macie2', 'POST', '/datasources/s3', i),
  getBucketStatistics: (s: Session) => restJson<Wire<M.GetBucketStatisticsResponse>>(s, 'macie2', 'POST', '/datasources/s3/statistics', {}),
  getUsageTotals: (s: Session) => restJson<Wire<M.GetUsageTotalsResponse>>(s, 'macie2', 'GET', '/usage'),
  getUsageStatistics: (s: Session, i: Wire<M.GetUsageStatisticsRequest>) => restJson<Wire<M.GetUsageStatisticsResponse>>(s, 'macie2', 'POST', '/usage/statistics', i),
  listCustomDataIdentifiers: (s: Session) => restJson<Wire<M.ListCustomDataIdentifiersResponse>>(s, 'macie2', 'POST', '/custom-data-identifiers/list', {}),
  listAllowLists: (s: Session) => restJson<Wire<M.ListAllowListsResponse>>(s, 'macie2', 'GET', '/allow-lists'),
};

const LOGS = 'Logs_20140328';
export const logs = {
  describeLogGroups: (s: Session, i: Wire<L.DescribeLogGroupsRequest>) => awsJson<Wire<L.DescribeLogGroupsResponse>>(s, 'logs', `${LOGS}.DescribeLogGroups`, i),
  describeLogStreams: (s: Session, i: Wire<L.DescribeLogStreamsRequest>) => awsJson<Wire<L.DescribeLogStreamsResponse>>(s, 'logs', `${LOGS}.DescribeLogStreams`, i),
  filterLogEvents: (s: Session, i: Wire<L.FilterLogEventsRequest>) => awsJson<Wire<L.FilterLogEventsResponse>>(s, 'logs', `${LOGS}.FilterLogEvents`, i),
  putRetentionPolicy: (s: Session, i: Wire<L.PutRetentionPolicyRequest>) => awsJson<Record<string, never>>(s, 'logs', `${LOGS}.PutRetentionPolicy`, i),
  deleteRetentionPolicy: (s: Session, i: Wire<L.DeleteRetentionPolicyRequest>) => awsJson<Record<string, never>>(s, 'logs', `${LOGS}.DeleteRetentionPolicy`, i),
  describeMetricFilters: (s: Session, i: Wire<L.DescribeMetricFiltersRequest>) => awsJson<Wire<L.DescribeMetricFiltersResponse>>(s, 'logs', `${LOGS}.DescribeMetricFilters`, i),
};

const TRAIL = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101';
export const cloudtrail = {
  lookupEvents: (s: Session, i: Wire<C.LookupEventsRequest>) => awsJson<Wire<C.LookupEventsResponse>>(s, 'cloudtrail', `${TRAIL}.LookupEvents`, i),
  describeTrails: (s: Session) => awsJson<Wire<C.DescribeTrailsResponse>>(s, 'cloudtrail', `${TRAIL}.DescribeTrails`, {}),
  getTrailStatus: (s: Session, i: Wire<C.GetTrailStatusRequest>) => awsJson<Wire<C.GetTrailStatusResponse>>(s, 'cloudtrail', `${TRAIL}.GetTrailStatus`, i),
};

export const organizations = {
  listAccounts: (s: Session, i: Wire<O.ListAccountsRequest>) => awsJson<Wire<O.ListAccountsResponse>>(s, 'organizations', 'AWSOrganizationsV20161128.ListAccounts', i),
};

// CloudWatch in its JSON mode (awsJson 1.0): timestamps are epoch seconds.
const GRANITE = 'GraniteServiceVersion20100801';
export const cloudwatch = {
  describeAlarms: (s: Session, i: Wire<W.DescribeAlarmsInput>) => awsJson<Wire<W.DescribeAlarmsOutput>>(s, 'monitoring', `${GRANITE}.DescribeAlarms`, i, '1.0'),
  describeAlarmsForMetric: (s: Session, i: Wire<W.DescribeAlarmsForMetricInput>) =>
    awsJson<Wire<W.DescribeAlarmsForMetricOutput>>(s, 'monitoring', `${GRANITE}.DescribeAlarmsForMetric`, i, '1.0'),
  describeAlarmHistory: (s: Session, i: Wire<W.DescribeAlarmHistoryInput>) => awsJson<Wire<W.DescribeAlarmHistoryOutput>>(s, 'monitoring', `${GRANITE}.DescribeAlarmHistory`, i, '1.0'),
};

export const sts = {
  /** Checks the key pair and names its owner. */
  async getCallerIdentity(s: Session): Promise<{ arn: string; account: string; userId: string }> {
    const doc = await awsQuery(s, 'sts', 'GetCallerIdentity', '2011-06-15');
    const text = (name: string) => doc.getElementsByTagName(name)[0]?.textContent ?? '';
    return { arn: text('Arn'), account: text('Account'), userId: text('UserId') };
  },
  /** "Switch role": temporary credentials of a role session, signed with the caller's own keys. */
  async assumeRole(s: Session, roleArn: string, sessionName: string): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string; arn: string }> {
    const doc = await awsQuery(s, 'sts', 'AssumeRole', '2011-06-15', { RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: '3600' });
    const text = (name: string) => doc.getElementsByTagName(name)[0]?.textContent ?? '';
    return { accessKeyId: text('AccessKeyId'), secretAccessKey: text('SecretAccessKey'), sessionToken: text('SessionToken'), expiration: text('Expiration'), arn: text('Arn') };
  },
};
