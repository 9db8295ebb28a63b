// Issue 13: a classification job over a bucket of every document format Macie reads gives the same findings as
// `sift scan` (test/e2e/scan/document-formats.test.ts): one finding per object, each with its SSN once, at the same
// cell, line, page or record, in the occurrence kind Macie uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateClassificationJobCommand, DescribeClassificationJobCommand, EnableMacieCommand, GetFindingsCommand, ListFindingsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { documentFiles, EXPECTED_OCCURRENCES, unreadablePdfs } from '../document-files.js';
import { startServer, type TestServer } from '../harness.js';

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

describe('a classification job over document formats', () => {
  it('finds each planted value where sift scan does', { timeout: 180_000 }, async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'documents' }));
    const files = await documentFiles();
    for (const [Key, Body] of Object.entries({ ...files, ...(await unreadablePdfs()) })) await s3.send(new PutObjectCommand({ Bucket: 'documents', Key, Body }));
    const { jobId } = await macie.send(
      new CreateClassificationJobCommand({
        clientToken: 'formats', jobType: 'ONE_TIME', name: 'formats',
        managedDataIdentifierSelector: 'INCLUDE', managedDataIdentifierIds: ['USA_SOCIAL_SECURITY_NUMBER'],
        s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['documents'] }] },
      }),
    );
    for (let i = 0; (await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus !== 'COMPLETE'; i++) {
      if (i > 2400) throw new Error('job did not complete');
      await new Promise((r) => setTimeout(r, 50));
    }
    const { findingIds } = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds }));
    const byKey = new Map(findings!.map((f) => [f.resourcesAffected!.s3Object!.key!, f]));
    // Every planted file has its finding; the encrypted and the image-only PDF have none.
    expect([...byKey.keys()].sort()).toEqual(Object.keys(files).sort());
    for (const [key, expected] of Object.entries(EXPECTED_OCCURRENCES)) {
      const result = byKey.get(key)!.classificationDetails!.result!;
      expect(result.status?.code, key).toBe('COMPLETE');
      const [detection] = result.sensitiveData!.flatMap((c) => c.detections ?? []);
      expect([detection.type, detection.count], key).toEqual(['USA_SOCIAL_SECURITY_NUMBER', key === 'mail.eml' ? 3 : 1]);
      for (const [kind, list] of Object.entries(expected)) expect((detection.occurrences as Record<string, unknown>)[kind], `${key} ${kind}`).toEqual(list);
    }
    // The zip's finding counts its member's SSN; the locations are in the discovery result's member record.
    const zipped = byKey.get('bundle.zip')!.classificationDetails!.result!.sensitiveData!.flatMap((c) => c.detections ?? []);
    expect(zipped.map((d) => [d.type, d.count])).toEqual([['USA_SOCIAL_SECURITY_NUMBER', 1]]);
  });
});
