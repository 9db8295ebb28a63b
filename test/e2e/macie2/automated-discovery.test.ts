// Issue 16, end to end with the SDK: automated sensitive data discovery enabled with a one-hour interval on a test
// clock. After the first run, buckets with sensitive files score 51 or more, clean buckets below 50, a bucket Macie
// may not read shows ACCESS_DENIED at 50, an SSE-C-only bucket -1 and an empty bucket 1; profiles list detections and
// artifacts; findings carry originType AUTOMATED_SENSITIVE_DATA_DISCOVERY. Overriding and suppressing change the
// score at once; excluding a bucket and a type changes the next run's results.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchUpdateAutomatedDiscoveryAccountsCommand,
  DescribeBucketsCommand,
  EnableMacieCommand,
  GetAutomatedDiscoveryConfigurationCommand,
  GetBucketStatisticsCommand,
  GetClassificationScopeCommand,
  GetFindingsCommand,
  GetResourceProfileCommand,
  GetSensitivityInspectionTemplateCommand,
  GetUsageStatisticsCommand,
  ListAutomatedDiscoveryAccountsCommand,
  ListClassificationScopesCommand,
  ListFindingsCommand,
  ListResourceProfileArtifactsCommand,
  ListResourceProfileDetectionsCommand,
  ListSensitivityInspectionTemplatesCommand,
  Macie2Client,
  SearchResourcesCommand,
  UpdateAutomatedDiscoveryConfigurationCommand,
  UpdateClassificationScopeCommand,
  UpdateResourceProfileCommand,
  UpdateResourceProfileDetectionsCommand,
  UpdateSensitivityInspectionTemplateCommand,
  type BucketMetadata,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';

const HOUR = 3_600_000;
const clock = new ManualClock(Date.now());
let server: TestServer;
const config = () => ({ ...server.clientConfig(), systemClockOffset: clock.nowMs() - Date.now() });
const macie = () => new Macie2Client(config());
const s3 = () => new S3Client(config());

beforeAll(async () => {
  server = await startServer({ clock, env: { SIFT_AUTOMATED_DISCOVERY_SECONDS: '3600' } });
  await macie().send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await server?.close();
});

const CARDS = ['4556737586899855', '4539148803436467', '4916338506082832'];
const SSNS = ['536-90-4399', '219-09-9999', '078-05-1120'];
const payroll = (n: number) => ['name,ssn,credit card number', ...Array.from({ length: n }, (_, i) => `P${i},${SSNS[i % 3]},${CARDS[i % 3]}`)].join('\n') + '\n';
const prose = (i: number) => `Meeting notes ${i}: the team discussed the roadmap and the weather.\n`.repeat(20);

async function buckets(): Promise<Record<string, BucketMetadata>> {
  const { buckets: list } = await macie().send(new DescribeBucketsCommand({}));
  return Object.fromEntries(list!.map((b) => [b.bucketName!, b]));
}

/** Polls (real time) until `check` holds: the runs are work items on the server's queue. */
async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: ${JSON.stringify(v, null, 1).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const arn = (b: string) => `arn:aws:s3:::${b}`;
const detectionsOf = async (b: string) => (await macie().send(new ListResourceProfileDetectionsCommand({ resourceArn: arn(b) }))).detections!;

describe('automated sensitive data discovery', () => {
  it('scores buckets, keeps profiles, and follows overrides, suppressions, scope and template', { timeout: 120_000 }, async () => {
    const c = s3();
    for (const b of ['ad-sensitive', 'ad-clean', 'ad-locked', 'ad-sealed', 'ad-empty']) await c.send(new CreateBucketCommand({ Bucket: b }));
    await c.send(new PutObjectCommand({ Bucket: 'ad-sensitive', Key: 'hr/payroll.csv', Body: payroll(30) }));
    await c.send(new PutObjectCommand({ Bucket: 'ad-sensitive', Key: 'hr/notes.txt', Body: prose(1) }));
    await c.send(new PutObjectCommand({ Bucket: 'ad-sensitive', Key: 'finance/cards.json', Body: JSON.stringify({ customer: { card: CARDS[0] } }) }));
    for (let i = 0; i < 4; i++) await c.send(new PutObjectCommand({ Bucket: 'ad-clean', Key: `docs/n${i}.txt`, Body: prose(i) }));
    await c.send(new PutObjectCommand({ Bucket: 'ad-locked', Key: 'secret.csv', Body: payroll(3) }));
    await c.send(new PutBucketPolicyCommand({
      Bucket: 'ad-locked',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DenyMacie', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${server.accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie` }, Action: 's3:*', Resource: ['arn:aws:s3:::ad-locked', 'arn:aws:s3:::ad-locked/*'] }] }),
    }));
    const key = randomBytes(32);
    await c.send(new PutObjectCommand({ Bucket: 'ad-sealed', Key: 'sealed.csv', Body: payroll(2), SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(key).digest('base64') }));

    // Before enabling: disabled, nothing monitored, no scores.
    const before = await macie().send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(before).toMatchObject({ status: 'DISABLED', autoEnableOrganizationMembers: 'NONE' });
    expect(before.firstEnabledAt).toBeUndefined();
    const unscored = await buckets();
    expect(unscored['ad-sensitive']).toMatchObject({ automatedDiscoveryMonitoringStatus: 'NOT_MONITORED' });
    expect(unscored['ad-sensitive']!.sensitivityScore).toBeUndefined();

    // The scope and the template exist, named as Macie names them.
    const { classificationScopes } = await macie().send(new ListClassificationScopesCommand({}));
    expect(classificationScopes).toEqual([{ id: before.classificationScopeId, name: 'automated-sensitive-data-discovery' }]);
    const { sensitivityInspectionTemplates } = await macie().send(new ListSensitivityInspectionTemplatesCommand({}));
    expect(sensitivityInspectionTemplates).toEqual([{ id: before.sensitivityInspectionTemplateId, name: 'automated-sensitive-data-discovery' }]);
    expect((await macie().send(new GetClassificationScopeCommand({ id: before.classificationScopeId }))).s3).toEqual({ excludes: { bucketNames: [] } });

    const enabledAt = clock.nowMs();
    await macie().send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED' }));
    const cfg = await macie().send(new GetAutomatedDiscoveryConfigurationCommand({}));
    expect(cfg.status).toBe('ENABLED');
    expect(cfg.firstEnabledAt!.getTime()).toBe(enabledAt);

    const first = await until('the first run', buckets, (b) =>
      ['ad-sensitive', 'ad-clean', 'ad-sealed', 'ad-empty', 'ad-locked'].every((n) => b[n]!.lastAutomatedDiscoveryTime !== undefined) &&
      b['ad-sensitive']!.sensitivityScore! > 50 && b['ad-clean']!.sensitivityScore! < 50 && b['ad-sealed']!.sensitivityScore === -1);
    expect(first['ad-sensitive']!.automatedDiscoveryMonitoringStatus).toBe('MONITORED');
    expect(first['ad-clean']!.sensitivityScore).toBeGreaterThanOrEqual(1);
    expect(first['ad-empty']!.sensitivityScore).toBe(1);
    expect(first['ad-locked']).toMatchObject({ sensitivityScore: 50, errorCode: 'ACCESS_DENIED' });

    // Profiles: detections with their counts, every analysed object with its sensitivity.
    const detections = await detectionsOf('ad-sensitive');
    expect(detections.map((d) => d.id).sort()).toEqual(['CREDIT_CARD_NUMBER', 'USA_SOCIAL_SECURITY_NUMBER']);
    expect(detections.every((d) => d.type === 'MANAGED' && d.suppressed === false && d.count! > 0)).toBe(true);
    const { artifacts } = await macie().send(new ListResourceProfileArtifactsCommand({ resourceArn: arn('ad-sensitive') }));
    expect(artifacts).toEqual([
      { arn: 'arn:aws:s3:::ad-sensitive/finance/cards.json', classificationResultStatus: 'COMPLETE', sensitive: true },
      { arn: 'arn:aws:s3:::ad-sensitive/hr/notes.txt', classificationResultStatus: 'COMPLETE', sensitive: false },
      { arn: 'arn:aws:s3:::ad-sensitive/hr/payroll.csv', classificationResultStatus: 'COMPLETE', sensitive: true },
    ]);
    const profile = await macie().send(new GetResourceProfileCommand({ resourceArn: arn('ad-sensitive') }));
    expect(profile).toMatchObject({ sensitivityScoreOverridden: false, sensitivityScore: first['ad-sensitive']!.sensitivityScore, statistics: { totalItemsClassified: 3, totalItemsSensitive: 2, totalItemsSkipped: 0 } });
    const sealed = await macie().send(new GetResourceProfileCommand({ resourceArn: arn('ad-sealed') }));
    expect(sealed.statistics).toMatchObject({ totalItemsClassified: 0, totalItemsSkipped: 1, totalItemsSkippedInvalidEncryption: 1 });

    // Findings of automated discovery, and the statistics by sensitivity.
    const { findingIds } = await macie().send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.originType': { eq: ['AUTOMATED_SENSITIVE_DATA_DISCOVERY'] } } } }));
    const { findings } = await macie().send(new GetFindingsCommand({ findingIds }));
    expect(findings!.map((f) => f.resourcesAffected!.s3Object!.key).sort()).toEqual(['finance/cards.json', 'hr/payroll.csv']);
    expect(findings![0]!.classificationDetails).toMatchObject({ originType: 'AUTOMATED_SENSITIVE_DATA_DISCOVERY' });
    expect(findings![0]!.classificationDetails!.jobId).toBeUndefined();
    const stats = await macie().send(new GetBucketStatisticsCommand({}));
    expect(stats.bucketStatisticsBySensitivity).toMatchObject({
      sensitive: { totalCount: 1 }, notSensitive: { totalCount: 2 }, classificationError: { totalCount: 1 }, notClassified: { totalCount: 1 },
    });
    const monitored = await macie().send(new SearchResourcesCommand({ bucketCriteria: { includes: { and: [{ simpleCriterion: { key: 'AUTOMATED_DISCOVERY_MONITORING_STATUS', comparator: 'EQ', values: ['MONITORED'] } }] } } }));
    expect(monitored.matchingResources!.length).toBe(5);
    const sorted = await macie().send(new DescribeBucketsCommand({ sortCriteria: { attributeName: 'sensitivityScore', orderBy: 'DESC' } }));
    expect(sorted.buckets![0]!.bucketName).toBe('ad-sensitive');
    const usage = await macie().send(new GetUsageStatisticsCommand({}));
    expect(usage.records![0]!.automatedDiscoveryFreeTrialStartDate!.getTime()).toBe(enabledAt);

    // Override to 100 and back.
    const cleanScore = first['ad-clean']!.sensitivityScore!;
    await macie().send(new UpdateResourceProfileCommand({ resourceArn: arn('ad-clean'), sensitivityScoreOverride: 100 }));
    expect(await macie().send(new GetResourceProfileCommand({ resourceArn: arn('ad-clean') }))).toMatchObject({ sensitivityScore: 100, sensitivityScoreOverridden: true });
    expect((await buckets())['ad-clean']!.sensitivityScore).toBe(100);
    await macie().send(new UpdateResourceProfileCommand({ resourceArn: arn('ad-clean') }));
    expect(await macie().send(new GetResourceProfileCommand({ resourceArn: arn('ad-clean') }))).toMatchObject({ sensitivityScore: cleanScore, sensitivityScoreOverridden: false });
    await expect(macie().send(new UpdateResourceProfileCommand({ resourceArn: arn('ad-clean'), sensitivityScoreOverride: 70 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(macie().send(new GetResourceProfileCommand({ resourceArn: arn('no-such-bucket') }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(macie().send(new GetResourceProfileCommand({ resourceArn: 'arn:aws:s3:::Bad_Name' }))).rejects.toMatchObject({ name: 'ValidationException' });

    // Suppressing every type found makes the bucket not sensitive; including them again restores the score.
    const sensitiveScore = first['ad-sensitive']!.sensitivityScore!;
    await macie().send(new UpdateResourceProfileDetectionsCommand({ resourceArn: arn('ad-sensitive'), suppressDataIdentifiers: [{ id: 'CREDIT_CARD_NUMBER', type: 'MANAGED' }] }));
    const oneSuppressed = (await macie().send(new GetResourceProfileCommand({ resourceArn: arn('ad-sensitive') }))).sensitivityScore!;
    expect(oneSuppressed).toBeGreaterThan(50);
    expect(oneSuppressed).toBeLessThan(sensitiveScore);
    await macie().send(new UpdateResourceProfileDetectionsCommand({ resourceArn: arn('ad-sensitive'), suppressDataIdentifiers: [{ id: 'CREDIT_CARD_NUMBER', type: 'MANAGED' }, { id: 'USA_SOCIAL_SECURITY_NUMBER', type: 'MANAGED' }] }));
    const suppressed = await macie().send(new GetResourceProfileCommand({ resourceArn: arn('ad-sensitive') }));
    expect(suppressed.sensitivityScore).toBeLessThan(50);
    expect(suppressed.statistics).toMatchObject({ totalDetections: 0, totalItemsSensitive: 0 });
    expect((await detectionsOf('ad-sensitive')).every((d) => d.suppressed)).toBe(true);
    expect((await buckets())['ad-sensitive']!.sensitivityScore).toBe(suppressed.sensitivityScore);
    await macie().send(new UpdateResourceProfileDetectionsCommand({ resourceArn: arn('ad-sensitive'), suppressDataIdentifiers: [] }));
    expect((await macie().send(new GetResourceProfileCommand({ resourceArn: arn('ad-sensitive') }))).sensitivityScore).toBe(sensitiveScore);

    // The next run: ad-clean excluded by the scope, SSNs excluded by the template.
    await macie().send(new UpdateClassificationScopeCommand({ id: cfg.classificationScopeId, s3: { excludes: { bucketNames: ['ad-clean'], operation: 'ADD' } } }));
    expect((await macie().send(new GetClassificationScopeCommand({ id: cfg.classificationScopeId }))).s3!.excludes!.bucketNames).toEqual(['ad-clean']);
    await macie().send(new UpdateSensitivityInspectionTemplateCommand({ id: cfg.sensitivityInspectionTemplateId, excludes: { managedDataIdentifierIds: ['USA_SOCIAL_SECURITY_NUMBER'] } }));
    expect((await macie().send(new GetSensitivityInspectionTemplateCommand({ id: cfg.sensitivityInspectionTemplateId }))).excludes).toEqual({ managedDataIdentifierIds: ['USA_SOCIAL_SECURITY_NUMBER'] });
    await expect(macie().send(new UpdateSensitivityInspectionTemplateCommand({ id: cfg.sensitivityInspectionTemplateId, includes: { managedDataIdentifierIds: ['NOT_AN_IDENTIFIER'] } }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(macie().send(new GetSensitivityInspectionTemplateCommand({ id: 'abc123' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await s3().send(new PutObjectCommand({ Bucket: 'ad-clean', Key: 'docs/leak.csv', Body: payroll(5) }));
    const cleanRunAt = first['ad-clean']!.lastAutomatedDiscoveryTime!.getTime();
    clock.advance(HOUR);
    const secondAt = clock.nowMs();
    await until('the second run', () => detectionsOf('ad-sensitive'), (d) => d.length === 1 && d[0]!.id === 'CREDIT_CARD_NUMBER', 60_000);
    const second = await until('the second run over every bucket', buckets, (b) => b['ad-sensitive']!.lastAutomatedDiscoveryTime!.getTime() >= secondAt && b['ad-empty']!.lastAutomatedDiscoveryTime!.getTime() >= secondAt);
    expect(second['ad-clean']).toMatchObject({ automatedDiscoveryMonitoringStatus: 'NOT_MONITORED', sensitivityScore: first['ad-clean']!.sensitivityScore });
    expect(second['ad-clean']!.lastAutomatedDiscoveryTime!.getTime()).toBe(cleanRunAt);
    expect((await macie().send(new ListResourceProfileArtifactsCommand({ resourceArn: arn('ad-clean') }))).artifacts!.map((a) => a.arn)).not.toContain('arn:aws:s3:::ad-clean/docs/leak.csv');

    // No members: nothing to list, and unknown accounts are reported.
    expect((await macie().send(new ListAutomatedDiscoveryAccountsCommand({}))).items).toEqual([]);
    expect((await macie().send(new BatchUpdateAutomatedDiscoveryAccountsCommand({ accounts: [{ accountId: '444455556666', status: 'DISABLED' }] }))).errors).toEqual([{ accountId: '444455556666', errorCode: 'ACCOUNT_NOT_FOUND' }]);

    // Disabling stops monitoring and keeps the scores.
    await macie().send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'DISABLED' }));
    const off = await buckets();
    expect(off['ad-sensitive']).toMatchObject({ automatedDiscoveryMonitoringStatus: 'NOT_MONITORED', sensitivityScore: second['ad-sensitive']!.sensitivityScore });
    expect((await macie().send(new GetAutomatedDiscoveryConfigurationCommand({}))).disabledAt!.getTime()).toBe(clock.nowMs());
  });
});
