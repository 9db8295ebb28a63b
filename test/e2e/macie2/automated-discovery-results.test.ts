// Issue 16: automated discovery writes a sensitive data discovery result for every object it analyses, like a job,
// under `<prefix>/AWSLogs/<account>/Macie/<region>/automated-sensitive-data-discovery/`, and its findings point at
// them. The results bucket itself is kept out of discovery with the classification scope.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EnableMacieCommand, GetAutomatedDiscoveryConfigurationCommand, GetFindingsCommand, ListFindingsCommand, ListResourceProfileArtifactsCommand, Macie2Client,
  PutClassificationExportConfigurationCommand, UpdateAutomatedDiscoveryConfigurationCommand, UpdateClassificationScopeCommand,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { macieResultsBucketPolicy, macieResultsKey } from '../service-policies.js';

let server: TestServer;
let macie: Macie2Client;
let s3: S3Client;
beforeAll(async () => {
  server = await startServer();
  macie = new Macie2Client(server.clientConfig());
  s3 = new S3Client(server.clientConfig());
  await macie.send(new EnableMacieCommand({}));
});
afterAll(async () => server?.close());

describe('automated discovery results', () => {
  it('writes one result per analysed object and findings point at them', { timeout: 60_000 }, async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'ad-results' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'ad-results', Policy: macieResultsBucketPolicy('ad-results', server.accountId, server.region) }));
    await macie.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'ad-results', keyPrefix: 'discovery', kmsKeyArn: await macieResultsKey(server) } } }));
    await s3.send(new CreateBucketCommand({ Bucket: 'ad-data' }));
    await s3.send(new PutObjectCommand({ Bucket: 'ad-data', Key: 'cards.csv', Body: 'id,credit card number\n1,4556737586899855\n' }));
    await s3.send(new PutObjectCommand({ Bucket: 'ad-data', Key: 'notes.txt', Body: 'nothing to see here\n' }));
    const { classificationScopeId } = await macie.send(new GetAutomatedDiscoveryConfigurationCommand({}));
    await macie.send(new UpdateClassificationScopeCommand({ id: classificationScopeId, s3: { excludes: { bucketNames: ['ad-results'], operation: 'REPLACE' } } }));
    await macie.send(new UpdateAutomatedDiscoveryConfigurationCommand({ status: 'ENABLED' }));

    const prefix = `discovery/AWSLogs/${server.accountId}/Macie/${server.region}/automated-sensitive-data-discovery/`;
    let keys: string[] = [];
    const end = Date.now() + 30_000;
    for (;;) {
      const artifacts = (await macie.send(new ListResourceProfileArtifactsCommand({ resourceArn: 'arn:aws:s3:::ad-data' })).catch(() => ({ artifacts: [] }))).artifacts ?? [];
      keys = ((await s3.send(new ListObjectsV2Command({ Bucket: 'ad-results', Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
      if (artifacts.length === 2 && keys.length > 0) break;
      if (Date.now() > end) throw new Error(`no results: ${keys}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const records = [];
    for (const key of keys) {
      const body = await (await s3.send(new GetObjectCommand({ Bucket: 'ad-results', Key: key }))).Body!.transformToByteArray();
      records.push(...gunzipSync(body).toString('utf8').trim().split('\n').map((l) => JSON.parse(l)));
    }
    expect(records.map((r) => r.resourcesAffected.s3Object.key).sort()).toEqual(['cards.csv', 'notes.txt']);
    for (const r of records) expect(r.classificationDetails).toMatchObject({ originType: 'AUTOMATED_SENSITIVE_DATA_DISCOVERY', jobId: null });
    const { findingIds } = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.originType': { eq: ['AUTOMATED_SENSITIVE_DATA_DISCOVERY'] } } } }));
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds }));
    expect(findings).toHaveLength(1);
    // Both objects were in one work unit: one result file, which the finding names.
    expect(keys).toHaveLength(1);
    expect(findings![0]!.classificationDetails!.detailedResultsLocation).toBe(`s3://ad-results/${keys[0]}`);
  });
});
