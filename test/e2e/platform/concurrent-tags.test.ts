// Tags kept as one stored list (a JSON column) are changed by compare-and-swap: concurrent TagResource calls, each
// with its own key, and an untag all take effect, in every service that keeps tags that way. Under
// SIFT_TEST_DATABASE_URL (PostgreSQL, read committed) a read-modify-write loses keys here; SQLite runs the same calls.
import { webcrypto, KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as x509 from '@peculiar/x509';
import { CloudTrailClient, AddTagsCommand, CreateTrailCommand, ListTagsCommand, PutEventSelectorsCommand, GetEventSelectorsCommand, RemoveTagsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, ListTagsForResourceCommand as ListAlarmTags, PutMetricAlarmCommand, TagResourceCommand as TagAlarm, UntagResourceCommand as UntagAlarm, DescribeAlarmsCommand, DisableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, ListTagsForResourceCommand as ListGroupTags, TagResourceCommand as TagGroup, UntagResourceCommand as UntagGroup } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient, ListServerCertificateTagsCommand, TagServerCertificateCommand, UntagServerCertificateCommand, UploadServerCertificateCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient, ListResourceTagsCommand, TagResourceCommand as TagKey, UntagResourceCommand as UntagKey } from '@aws-sdk/client-kms';
import { CreateAllowListCommand, EnableMacieCommand, ListTagsForResourceCommand as ListMacieTags, Macie2Client, TagResourceCommand as TagMacie, UntagResourceCommand as UntagMacie } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { trailBucketPolicy } from '../cloudtrail/trail-policy.js';

let server: TestServer;
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  server = await startServer({ clock });
});
afterAll(async () => {
  await server?.close();
});

const KEYS = Array.from({ length: 8 }, (_, i) => `k${i}`);
const sorted = (keys: Array<string | undefined>) => [...keys].sort();

/** Tags each key in its own call, all at once, together with an untag of `doomed` (set at creation). */
async function race(tag: (key: string) => Promise<unknown>, untagDoomed: () => Promise<unknown>): Promise<void> {
  await Promise.all([...KEYS.map(tag), untagDoomed()]);
}

describe('concurrent tag changes keep every key', () => {
  it('CloudWatch Logs log group', async () => {
    const logs = new CloudWatchLogsClient(server.clientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'racy', tags: { doomed: 'x' } }));
    const arn = `arn:aws:logs:${server.region}:${server.accountId}:log-group:racy`;
    await race((k) => logs.send(new TagGroup({ resourceArn: arn, tags: { [k]: 'v' } })), () => logs.send(new UntagGroup({ resourceArn: arn, tagKeys: ['doomed'] })));
    expect(sorted(Object.keys((await logs.send(new ListGroupTags({ resourceArn: arn }))).tags!))).toEqual(KEYS);
  });

  it('KMS key', async () => {
    const kms = new KMSClient(server.clientConfig());
    const keyId = (await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'doomed', TagValue: 'x' }] }))).KeyMetadata!.KeyId!;
    await race((k) => kms.send(new TagKey({ KeyId: keyId, Tags: [{ TagKey: k, TagValue: 'v' }] })), () => kms.send(new UntagKey({ KeyId: keyId, TagKeys: ['doomed'] })));
    expect(sorted((await kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags!.map((t) => t.TagKey))).toEqual(KEYS);
  });

  it('CloudWatch alarm, tags and DisableAlarmActions at once', async () => {
    const cw = new CloudWatchClient(server.clientConfig());
    await cw.send(new PutMetricAlarmCommand({ AlarmName: 'racy', MetricName: 'm', Namespace: 'n', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', Tags: [{ Key: 'doomed', Value: 'x' }] }));
    const arn = `arn:aws:cloudwatch:${server.region}:${server.accountId}:alarm:racy`;
    await Promise.all([
      race((k) => cw.send(new TagAlarm({ ResourceARN: arn, Tags: [{ Key: k, Value: 'v' }] })), () => cw.send(new UntagAlarm({ ResourceARN: arn, TagKeys: ['doomed'] }))),
      cw.send(new DisableAlarmActionsCommand({ AlarmNames: ['racy'] })),
    ]);
    expect(sorted((await cw.send(new ListAlarmTags({ ResourceARN: arn }))).Tags!.map((t) => t.Key))).toEqual(KEYS);
    expect((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['racy'] }))).MetricAlarms![0]!.ActionsEnabled).toBe(false);
  });

  it('Macie allow list', async () => {
    const macie = new Macie2Client(server.clientConfig());
    await macie.send(new EnableMacieCommand({}));
    const arn = (await macie.send(new CreateAllowListCommand({ name: 'racy', criteria: { regex: 'x+' }, tags: { doomed: 'x' } }))).arn!;
    await race((k) => macie.send(new TagMacie({ resourceArn: arn, tags: { [k]: 'v' } })), () => macie.send(new UntagMacie({ resourceArn: arn, tagKeys: ['doomed'] })));
    expect(sorted(Object.keys((await macie.send(new ListMacieTags({ resourceArn: arn }))).tags!))).toEqual(KEYS);
  });

  it('CloudTrail trail, tags and event selectors at once', async () => {
    const s3 = new S3Client(server.clientConfig());
    const ct = new CloudTrailClient(server.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'racy-trail' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'racy-trail', Policy: trailBucketPolicy({ bucket: 'racy-trail', accountId: server.accountId, region: server.region, trail: 'racy' }) }));
    const arn = (await ct.send(new CreateTrailCommand({ Name: 'racy', S3BucketName: 'racy-trail', TagsList: [{ Key: 'doomed', Value: 'x' }] }))).TrailARN!;
    const selectors = [{ ReadWriteType: 'WriteOnly' as const, IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];
    await Promise.all([
      race((k) => ct.send(new AddTagsCommand({ ResourceId: arn, TagsList: [{ Key: k, Value: 'v' }] })), () => ct.send(new RemoveTagsCommand({ ResourceId: arn, TagsList: [{ Key: 'doomed' }] }))),
      ct.send(new PutEventSelectorsCommand({ TrailName: 'racy', EventSelectors: selectors })),
    ]);
    expect(sorted((await ct.send(new ListTagsCommand({ ResourceIdList: [arn] }))).ResourceTagList![0]!.TagsList!.map((t) => t.Key))).toEqual(KEYS);
    expect((await ct.send(new GetEventSelectorsCommand({ TrailName: 'racy' }))).EventSelectors).toEqual(selectors);
  });

  it('IAM server certificate', async () => {
    const iam = new IAMClient(server.clientConfig());
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const now = Date.now();
    const pem = (await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '0b', name: 'CN=racy.example.com', notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 86_400_000 * 30), signingAlgorithm: alg, keys })).toString('pem');
    const key = KeyObject.from(keys.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString();
    await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'racy', CertificateBody: pem, PrivateKey: key, Tags: [{ Key: 'doomed', Value: 'x' }] }));
    await race((k) => iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'racy', Tags: [{ Key: k, Value: 'v' }] })), () => iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'racy', TagKeys: ['doomed'] })));
    expect(sorted((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'racy' }))).Tags!.map((t) => t.Key))).toEqual(KEYS);
  });
});
