// Issue 6 part 4: with an export configuration, every analysed object (with or without findings) gets its sensitive
// data discovery result written as gzip JSON Lines under the configured bucket and prefix, and findings point at it.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetClassificationExportConfigurationCommand,
  GetFindingsCommand,
  ListFindingsCommand,
  Macie2Client,
  PutClassificationExportConfigurationCommand,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { macieResultsBucketPolicy, macieResultsKey } from '../service-policies.js';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createHash, randomBytes } from 'node:crypto';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
let macie: Macie2Client;
let s3: S3Client;
beforeAll(async () => {
  server = await startServer();
  resultsKey = await macieResultsKey(server);
  macie = new Macie2Client(server.clientConfig());
  s3 = new S3Client(server.clientConfig());
  await macie.send(new EnableMacieCommand({}));
});
afterAll(async () => server?.close());

let resultsKey: string;
const kms = () => resultsKey;

describe('sensitive data discovery results', () => {
  it('refuses a bucket that does not exist, then writes every result under the configured prefix', { timeout: 60_000 }, async () => {
    await expect(
      macie.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'no-such-results', kmsKeyArn: kms() } } })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect((await macie.send(new GetClassificationExportConfigurationCommand({}))).configuration).toBeUndefined();

    await s3.send(new CreateBucketCommand({ Bucket: 'macie-results' }));
    // Macie writes as macie.amazonaws.com: without the documented bucket policy the settings are refused.
    await expect(
      macie.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'macie-results', keyPrefix: 'discovery', kmsKeyArn: kms() } } })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'macie-results', Policy: macieResultsBucketPolicy('macie-results', server.accountId, server.region) }));
    // The key must exist and its key policy must let macie.amazonaws.com use it (the default key policy does not).
    const configureWith = (kmsKeyArn: string) => macie.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'macie-results', keyPrefix: 'discovery', kmsKeyArn } } }));
    await expect(configureWith(`arn:aws:kms:${server.region}:${server.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`)).rejects.toMatchObject({ name: 'ValidationException' });
    const plainKey = (await new KMSClient(server.clientConfig()).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await expect(configureWith(plainKey)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await configureWith(kms());
    expect((await macie.send(new GetClassificationExportConfigurationCommand({}))).configuration?.s3Destination).toMatchObject({ bucketName: 'macie-results', keyPrefix: 'discovery' });

    await s3.send(new CreateBucketCommand({ Bucket: 'data-in' }));
    await s3.send(new PutObjectCommand({ Bucket: 'data-in', Key: 'cards.csv', Body: 'id,credit card number\n1,4556737586899855\n' }));
    await s3.send(new PutObjectCommand({ Bucket: 'data-in', Key: 'notes.txt', Body: 'nothing to see here\n' }));
    // Macie cannot read an SSE-C object: its result says so (SKIPPED, INVALID_ENCRYPTION).
    const customerKey = randomBytes(32);
    await s3.send(new PutObjectCommand({ Bucket: 'data-in', Key: 'sealed.csv', Body: 'id,card\n1,4556737586899855\n', SSECustomerAlgorithm: 'AES256', SSECustomerKey: customerKey.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(customerKey).digest('base64') }));
    const { jobId } = await macie.send(
      new CreateClassificationJobCommand({ clientToken: 'results', jobType: 'ONE_TIME', name: 'results', s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['data-in'] }] } }),
    );
    for (let i = 0; (await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus !== 'COMPLETE'; i++) {
      if (i > 600) throw new Error('job did not complete');
      await new Promise((r) => setTimeout(r, 50));
    }

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'macie-results', Prefix: `discovery/AWSLogs/${server.accountId}/Macie/${server.region}/${jobId}/` }));
    expect(listed.KeyCount).toBeGreaterThan(0);
    const records = [];
    for (const o of listed.Contents ?? []) {
      expect(o.Key).toMatch(/\.jsonl\.gz$/);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'macie-results', Key: o.Key }));
      // Written SSE-KMS with the configured key.
      expect(got).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kms() });
      const body = Buffer.from(await got.Body!.transformToByteArray());
      records.push(...gunzipSync(body).toString('utf8').trim().split('\n').map((l) => JSON.parse(l)));
    }
    const byKey = new Map(records.map((r) => [r.resourcesAffected.s3Object.key, r]));
    expect([...byKey.keys()].sort()).toEqual(['cards.csv', 'notes.txt', 'sealed.csv']);
    expect(byKey.get('sealed.csv').classificationDetails.result.status).toMatchObject({ code: 'SKIPPED', reason: 'INVALID_ENCRYPTION' });
    expect(byKey.get('notes.txt').classificationDetails.result.sensitiveData).toEqual([]);
    const cards = byKey.get('cards.csv');
    expect(cards.classificationDetails.jobId).toBe(jobId);
    expect(cards.classificationDetails.result.sensitiveData[0].detections[0]).toMatchObject({ type: 'CREDIT_CARD_NUMBER', count: 1 });

    const { findingIds } = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds }));
    const location = findings![0]!.classificationDetails!.detailedResultsLocation!;
    expect(location).toMatch(new RegExp(`^s3://macie-results/discovery/AWSLogs/${server.accountId}/Macie/${server.region}/${jobId}/.+\\.jsonl\\.gz$`));
    expect(listed.Contents!.map((o) => `s3://macie-results/${o.Key}`)).toContain(location);
  });
});
