// Issue 4 (API side), end to end with the real Macie2 SDK client: managed and custom data identifiers, allow lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchGetCustomDataIdentifiersCommand,
  CreateAllowListCommand,
  CreateCustomDataIdentifierCommand,
  DeleteAllowListCommand,
  DeleteCustomDataIdentifierCommand,
  EnableMacieCommand,
  GetAllowListCommand,
  GetCustomDataIdentifierCommand,
  Macie2Client,
  paginateListAllowLists,
  paginateListCustomDataIdentifiers,
  paginateListManagedDataIdentifiers,
  TestCustomDataIdentifierCommand,
  UpdateAllowListCommand,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
let macie: Macie2Client;
beforeAll(async () => {
  server = await startServer();
  macie = new Macie2Client(server.clientConfig());
  await macie.send(new EnableMacieCommand({}));
});
afterAll(async () => {
  await server?.close();
});

describe('managed data identifiers', () => {
  it('lists the whole catalog through the SDK paginator', async () => {
    const ids: string[] = [];
    for await (const page of paginateListManagedDataIdentifiers({ client: macie }, {})) ids.push(...(page.items ?? []).map((i) => i.id!));
    expect(ids.length).toBeGreaterThan(150);
    expect(ids).toContain('USA_SOCIAL_SECURITY_NUMBER');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('custom data identifiers', () => {
  it('creates (idempotently), gets, lists, tests and soft-deletes', async () => {
    const input = { name: 'employee-id', regex: 'EMP-[0-9]{6}', keywords: ['employee'], maximumMatchDistance: 30, tags: { team: 'hr' }, clientToken: 'cdi-token-1' };
    const { customDataIdentifierId: id } = await macie.send(new CreateCustomDataIdentifierCommand(input));
    const again = await macie.send(new CreateCustomDataIdentifierCommand(input));
    expect(again.customDataIdentifierId).toBe(id);
    const got = await macie.send(new GetCustomDataIdentifierCommand({ id }));
    expect(got).toMatchObject({ id, name: 'employee-id', regex: 'EMP-[0-9]{6}', keywords: ['employee'], maximumMatchDistance: 30, deleted: false, tags: { team: 'hr' } });
    expect(got.createdAt).toBeInstanceOf(Date);
    expect(got.arn).toBe(`arn:aws:macie2:${server.region}:${server.accountId}:custom-data-identifier/${id}`);

    const listed: string[] = [];
    for await (const page of paginateListCustomDataIdentifiers({ client: macie }, {})) listed.push(...(page.items ?? []).map((i) => i.id!));
    expect(listed).toContain(id);

    const test = await macie.send(new TestCustomDataIdentifierCommand({ regex: 'EMP-[0-9]{6}', keywords: ['employee'], sampleText: 'employee EMP-123456 and EMP-654321' }));
    expect(test.matchCount).toBe(2);

    await macie.send(new DeleteCustomDataIdentifierCommand({ id }));
    const batch = await macie.send(new BatchGetCustomDataIdentifiersCommand({ ids: [id!, 'not-there'] }));
    expect(batch.customDataIdentifiers?.map((c) => [c.id, c.deleted])).toEqual([[id, true]]);
    expect(batch.notFoundIdentifierIds).toEqual(['not-there']);
  });

  it('answers a pattern RE2 cannot run with a ValidationException that says why', async () => {
    const err = await macie.send(new CreateCustomDataIdentifierCommand({ name: 'bad', regex: '(\\w+)\\s\\1' })).catch((e) => e);
    expect(err.name).toBe('ValidationException');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toMatch(/backreference/);
  });

  it('answers an unknown id with ResourceNotFoundException', async () => {
    const err = await macie.send(new GetCustomDataIdentifierCommand({ id: 'nope' })).catch((e) => e);
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });
});

describe('allow lists', () => {
  it('creates, gets with status, updates, lists and deletes a regex list', async () => {
    const { id, arn } = await macie.send(new CreateAllowListCommand({ name: 'test-cards', criteria: { regex: '4111-?1111-?1111-?1111' }, description: 'test numbers', tags: { k: 'v' } }));
    expect(id).toMatch(/^[a-z0-9]{22}$/);
    expect(arn).toBe(`arn:aws:macie2:${server.region}:${server.accountId}:allow-list/${id}`);
    const got = await macie.send(new GetAllowListCommand({ id }));
    expect(got).toMatchObject({ name: 'test-cards', criteria: { regex: '4111-?1111-?1111-?1111' }, status: { code: 'OK' }, tags: { k: 'v' } });
    await macie.send(new UpdateAllowListCommand({ id, name: 'renamed', criteria: { regex: 'TEST-[0-9]+' } }));
    expect((await macie.send(new GetAllowListCommand({ id }))).name).toBe('renamed');
    const names: string[] = [];
    for await (const page of paginateListAllowLists({ client: macie }, { maxResults: 1 })) names.push(...(page.allowLists ?? []).map((l) => l.name!));
    expect(names).toContain('renamed');
    await macie.send(new DeleteAllowListCommand({ id }));
    const err = await macie.send(new GetAllowListCommand({ id })).catch((e) => e);
    expect(err.name).toBe('ResourceNotFoundException');
  });

  it('reports the status of an S3 words list from the real read of its object', async () => {
    const s3 = new S3Client(server.clientConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'allow-list-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'allow-list-bucket', Key: 'names.txt', Body: 'Jane Doe\nJohn Roe\n', ContentType: 'text/plain' }));
    await s3.send(new PutObjectCommand({ Bucket: 'allow-list-bucket', Key: 'empty.txt', Body: '' }));
    const status = async (objectKey: string) => {
      const { id } = await macie.send(new CreateAllowListCommand({ name: objectKey, criteria: { s3WordsList: { bucketName: 'allow-list-bucket', objectKey } } }));
      const got = await macie.send(new GetAllowListCommand({ id }));
      expect(got.criteria).toEqual({ s3WordsList: { bucketName: 'allow-list-bucket', objectKey } });
      return got.status!;
    };
    expect((await status('names.txt')).code).toBe('OK');
    expect((await status('missing.txt')).code).toBe('S3_OBJECT_NOT_FOUND');
    expect(await status('empty.txt')).toMatchObject({ code: 'S3_OBJECT_EMPTY', description: expect.stringContaining('empty') });
  });

  it('rejects criteria with both kinds or an invalid regex', async () => {
    const both = await macie.send(new CreateAllowListCommand({ name: 'x', criteria: { regex: 'a', s3WordsList: { bucketName: 'bkt', objectKey: 'k' } } })).catch((e) => e);
    expect(both.name).toBe('ValidationException');
    const bad = await macie.send(new CreateAllowListCommand({ name: 'x', criteria: { regex: '(?<=a)b' } })).catch((e) => e);
    expect(bad.name).toBe('ValidationException');
    expect(bad.message).toMatch(/look-behind/);
  });
});
