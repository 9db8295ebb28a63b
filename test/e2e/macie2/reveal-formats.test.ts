// Issue 13 item 6: reveal over the document formats. A classification job finds planted values in XLSX, Parquet and
// Avro objects, and in DOCX, PDF and an email with a CSV attachment both as objects and inside a zip;
// GetSensitiveDataOccurrences re-reads each object through the same readers and returns the values found at the
// cells, records, pages and lines the discovery result recorded (members of the zip, and the email's attachment
// inside it, included). Objects whose MIME type Macie does not reveal from (PDF, Word, email: reference F.4) are
// refused with UNSUPPORTED_OBJECT_TYPE, as AWS does.
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand,
  DescribeClassificationJobCommand,
  EnableMacieCommand,
  GetFindingsCommand,
  GetSensitiveDataOccurrencesAvailabilityCommand,
  GetSensitiveDataOccurrencesCommand,
  ListFindingsCommand,
  Macie2Client,
  PutClassificationExportConfigurationCommand,
  UpdateRevealConfigurationCommand,
  type Finding,
  type GetSensitiveDataOccurrencesCommandOutput,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { avroOf, docxOf, emlOf, parquetOf, pdfOf, xlsxOf } from '../../../src/extract/format-fixtures.js';
import { startServer, type TestServer } from '../harness.js';
import { macieResultsBucketPolicy, macieResultsKey } from '../service-policies.js';

// Valid, distinct US SSNs and card numbers.
const SSN = ['536-22-8726', '536-22-8727', '536-22-8728', '536-22-8729', '536-22-8731', '536-22-8732', '536-22-8733', '536-22-8734', '536-22-8735', '536-22-8736', '536-22-8737'];
const CARD = '4556737586899855';

let server: TestServer;
let macie: Macie2Client;
const findingByKey = new Map<string, Finding>();

async function documents(): Promise<Record<string, Uint8Array>> {
  const letter = (ssn: string) => docxOf({ body: ['Dear customer,', 'Your file is attached.'], table: [['ssn', ssn]] });
  const report = (ssn: string) => pdfOf(['Quarterly report', `Appendix: ssn ${ssn}`]);
  const mail = (body: string, attached: string) =>
    emlOf({
      headers: { From: 'hr@example.com', To: 'payroll@example.com', Subject: 'New hire' },
      text: `Hello,\nthe new hire's ssn is ${body}.\n`,
      attachments: [{ filename: 'hires.csv', contentType: 'text/csv', body: `name,ssn\nDee,${attached}\n` }],
    });
  return {
    'customers.xlsx': xlsxOf({ Summary: [['total', 2]], Customers: [['name', 'ssn', 'credit card number'], ['Ana', SSN[0], CARD], ['Bo', SSN[1], 'none']] }),
    'people.parquet': parquetOf([
      { name: 'name', type: 'STRING', data: ['a', 'b', 'c'] },
      { name: 'ssn', type: 'STRING', data: ['none', null, SSN[2]] },
      { name: 'profile', type: 'JSON', data: [{ ids: { ssn: SSN[3] } }, null, null] },
    ]),
    'people.avro': await avroOf({ type: 'record', name: 'P', fields: [{ name: 'ident', type: { type: 'record', name: 'I', fields: [{ name: 'ssn', type: 'string' }] } }] }, [{ ident: { ssn: 'none' } }, { ident: { ssn: SSN[4] } }], 'snappy'),
    'letter.docx': letter(SSN[5]),
    'report.pdf': await report(SSN[6]),
    'mail.eml': mail(SSN[7], SSN[8]),
    'documents.zip': zipSync({ 'docs/letter.docx': letter(SSN[9]), 'docs/report.pdf': await report(SSN[10]), 'mail.eml': mail(SSN[7], SSN[8]) }),
  };
}

async function reveal(findingId: string): Promise<GetSensitiveDataOccurrencesCommandOutput> {
  let out = await macie.send(new GetSensitiveDataOccurrencesCommand({ findingId }));
  for (let i = 0; out.status === 'PROCESSING'; i++) {
    if (i > 800) throw new Error('reveal stayed PROCESSING');
    await new Promise((r) => setTimeout(r, 25));
    out = await macie.send(new GetSensitiveDataOccurrencesCommand({ findingId }));
  }
  return out;
}

const values = (out: GetSensitiveDataOccurrencesCommandOutput) =>
  Object.fromEntries(Object.entries(out.sensitiveDataOccurrences ?? {}).map(([k, v]) => [k, (v ?? []).map((d) => d.value).sort()]));

beforeAll(async () => {
  server = await startServer();
  macie = new Macie2Client(server.clientConfig());
  const s3 = new S3Client(server.clientConfig());
  await macie.send(new EnableMacieCommand({}));
  // Results are written SSE-KMS with a real key whose policy lets Macie use it.
  const kms = await macieResultsKey(server);
  await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: 'results', Policy: macieResultsBucketPolicy('results', server.accountId, server.region) }));
  await macie.send(new PutClassificationExportConfigurationCommand({ configuration: { s3Destination: { bucketName: 'results', keyPrefix: 'macie', kmsKeyArn: kms } } }));
  await macie.send(new UpdateRevealConfigurationCommand({ configuration: { status: 'ENABLED', kmsKeyId: kms }, retrievalConfiguration: { retrievalMode: 'CALLER_CREDENTIALS' } }));
  await s3.send(new CreateBucketCommand({ Bucket: 'documents' }));
  for (const [Key, Body] of Object.entries(await documents())) await s3.send(new PutObjectCommand({ Bucket: 'documents', Key, Body }));
  const { jobId } = await macie.send(
    new CreateClassificationJobCommand({
      clientToken: 'reveal-formats', jobType: 'ONE_TIME', name: 'reveal-formats',
      managedDataIdentifierSelector: 'INCLUDE', managedDataIdentifierIds: ['USA_SOCIAL_SECURITY_NUMBER', 'CREDIT_CARD_NUMBER'],
      s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['documents'] }] },
    }),
  );
  for (let i = 0; (await macie.send(new DescribeClassificationJobCommand({ jobId }))).jobStatus !== 'COMPLETE'; i++) {
    if (i > 2400) throw new Error('job did not complete');
    await new Promise((r) => setTimeout(r, 50));
  }
  const { findingIds } = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'classificationDetails.jobId': { eq: [jobId!] } } } }));
  for (const f of (await macie.send(new GetFindingsCommand({ findingIds }))).findings ?? []) findingByKey.set(f.resourcesAffected!.s3Object!.key!, f);
}, 240_000);
afterAll(async () => server?.close());

const idOf = (key: string) => {
  const f = findingByKey.get(key);
  if (!f) throw new Error(`no finding for ${key}: ${[...findingByKey.keys()].join(', ')}`);
  return f.id!;
};

describe('reveal over document formats', () => {
  it('returns the values at the recorded cells and records of XLSX, Parquet and Avro objects', { timeout: 60_000 }, async () => {
    expect(values(await reveal(idOf('customers.xlsx')))).toEqual({ USA_SOCIAL_SECURITY_NUMBER: [SSN[0], SSN[1]], CREDIT_CARD_NUMBER: [CARD] });
    expect(values(await reveal(idOf('people.parquet')))).toEqual({ USA_SOCIAL_SECURITY_NUMBER: [SSN[2], SSN[3]] });
    expect(values(await reveal(idOf('people.avro')))).toEqual({ USA_SOCIAL_SECURITY_NUMBER: [SSN[4]] });
  });

  it('returns the values of the DOCX, PDF and email (and its CSV attachment) inside a zip, from their pages, lines and cells', { timeout: 60_000 }, async () => {
    const finding = findingByKey.get('documents.zip')!;
    expect(finding.classificationDetails!.result!.sensitiveData!.flatMap((c) => c.detections ?? []).map((d) => [d.type, d.count])).toEqual([['USA_SOCIAL_SECURITY_NUMBER', 4]]);
    expect((await macie.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId: finding.id! }))).code).toBe('AVAILABLE');
    expect(values(await reveal(finding.id!))).toEqual({ USA_SOCIAL_SECURITY_NUMBER: [SSN[7], SSN[8], SSN[9], SSN[10]].sort() });
  });

  it('refuses PDF, Word and email objects with UNSUPPORTED_OBJECT_TYPE, as Macie does', { timeout: 30_000 }, async () => {
    for (const key of ['letter.docx', 'report.pdf', 'mail.eml']) {
      const findingId = idOf(key);
      expect(await macie.send(new GetSensitiveDataOccurrencesAvailabilityCommand({ findingId })), key).toMatchObject({ code: 'UNAVAILABLE', reasons: ['UNSUPPORTED_OBJECT_TYPE'] });
      await expect(macie.send(new GetSensitiveDataOccurrencesCommand({ findingId })), key).rejects.toMatchObject({ name: 'UnprocessableEntityException', message: 'UNSUPPORTED_OBJECT_TYPE' });
    }
  });
});
