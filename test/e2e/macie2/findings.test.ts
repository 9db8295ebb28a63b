// Issue 6 part 3, end to end with the real Macie2 SDK client: sample findings, ListFindings criteria, sort and
// pagination, GetFindings, GetFindingStatistics, and findings filters that archive findings as they arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateFindingsFilterCommand,
  CreateSampleFindingsCommand,
  DeleteFindingsFilterCommand,
  EnableMacieCommand,
  GetFindingsCommand,
  GetFindingsFilterCommand,
  GetFindingStatisticsCommand,
  ListFindingsCommand,
  Macie2Client,
  paginateListFindings,
  paginateListFindingsFilters,
  UpdateFindingsFilterCommand,
} from '@aws-sdk/client-macie2';
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

async function allIds(input: ConstructorParameters<typeof ListFindingsCommand>[0] = {}): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListFindings({ client: macie, pageSize: 4 }, input)) ids.push(...(page.findingIds ?? []));
  return ids;
}

describe('findings', () => {
  it('creates sample findings of every type and reads them back', async () => {
    await macie.send(new CreateSampleFindingsCommand({}));
    const ids = await allIds();
    expect(ids).toHaveLength(11);
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds: ids }));
    expect(findings!.map((f) => f.id)).toEqual(ids);
    for (const f of findings!) {
      expect(f.sample).toBe(true);
      expect(f.accountId).toBe(server.accountId);
      expect(f.createdAt).toBeInstanceOf(Date);
      expect(['Low', 'Medium', 'High']).toContain(f.severity!.description);
    }
    const personal = findings!.find((f) => f.type === 'SensitiveData:S3Object/Personal')!;
    const detections = personal.classificationDetails!.result!.sensitiveData![0]!.detections!;
    expect(detections.map((d) => d.type)).toContain('USA_SOCIAL_SECURITY_NUMBER');
    expect(detections[0]!.occurrences!.records![0]!.jsonPath).toMatch(/^\$\./);
  });

  it('filters with criteria, sorts and keeps GetFindings order', async () => {
    const high = await allIds({ findingCriteria: { criterion: { 'severity.description': { eq: ['High'] }, category: { eq: ['CLASSIFICATION'] } } } });
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds: high }));
    expect(findings!.length).toBeGreaterThan(0);
    expect(findings!.every((f) => f.severity!.description === 'High' && f.category === 'CLASSIFICATION')).toBe(true);

    const ssn = await allIds({ findingCriteria: { criterion: { 'classificationDetails.result.sensitiveData.detections.type': { eq: ['USA_SOCIAL_SECURITY_NUMBER'] } } } });
    expect(ssn).toHaveLength(1);

    const byScore = await allIds({ sortCriteria: { attributeName: 'severity.score', orderBy: 'ASC' } });
    const sorted = (await macie.send(new GetFindingsCommand({ findingIds: byScore }))).findings!.map((f) => f.severity!.score!);
    expect(sorted).toEqual([...sorted].sort((a, b) => a - b));

    const reversed = [...byScore].reverse();
    expect((await macie.send(new GetFindingsCommand({ findingIds: reversed }))).findings!.map((f) => f.id)).toEqual(reversed);

    const err = await macie.send(new ListFindingsCommand({ findingCriteria: { criterion: { 'no.such.field': { eq: ['x'] } } } })).catch((e) => e);
    expect(err.name).toBe('ValidationException');
  });

  it('counts findings by group', async () => {
    const out = await macie.send(new GetFindingStatisticsCommand({ groupBy: 'severity.description' }));
    expect(out.countsByGroup!.reduce((s, g) => s + g.count!, 0)).toBe(11);
    const byType = await macie.send(new GetFindingStatisticsCommand({ groupBy: 'type', size: 2, sortCriteria: { attributeName: 'groupKey', orderBy: 'DESC' } }));
    expect(byType.countsByGroup!.map((g) => g.groupKey)).toEqual(['SensitiveData:S3Object/Personal', 'SensitiveData:S3Object/Multiple']);
  });

  it('manages findings filters; an ARCHIVE filter archives findings as they arrive', async () => {
    const { id, arn } = await macie.send(
      new CreateFindingsFilterCommand({ name: 'suppress-encryption', action: 'ARCHIVE', findingCriteria: { criterion: { type: { eq: ['Policy:IAMUser/S3BucketEncryptionDisabled'] } } }, tags: { owner: 'sec' } }),
    );
    expect(arn).toBe(`arn:aws:macie2:${server.region}:${server.accountId}:findings-filter/${id}`);
    await macie.send(new CreateFindingsFilterCommand({ name: 'first-view', action: 'NOOP', position: 1, findingCriteria: { criterion: { archived: { eq: ['false'] } } } }));
    expect((await macie.send(new GetFindingsFilterCommand({ id }))).position).toBe(2);
    const names: string[] = [];
    for await (const page of paginateListFindingsFilters({ client: macie }, { maxResults: 1 })) names.push(...(page.findingsFilterListItems ?? []).map((f) => f.name!));
    expect(names).toEqual(['first-view', 'suppress-encryption']);

    await macie.send(new CreateSampleFindingsCommand({ findingTypes: ['Policy:IAMUser/S3BucketEncryptionDisabled', 'Policy:IAMUser/S3BucketPublic'] }));
    const archived = await allIds({ findingCriteria: { criterion: { archived: { eq: ['true'] } } } });
    const { findings } = await macie.send(new GetFindingsCommand({ findingIds: archived }));
    expect(findings!.map((f) => f.type)).toEqual(['Policy:IAMUser/S3BucketEncryptionDisabled']);

    await macie.send(new UpdateFindingsFilterCommand({ id, description: 'noisy', position: 1 }));
    expect(await macie.send(new GetFindingsFilterCommand({ id }))).toMatchObject({ description: 'noisy', position: 1, tags: { owner: 'sec' } });
    await macie.send(new DeleteFindingsFilterCommand({ id }));
    const gone = await macie.send(new GetFindingsFilterCommand({ id })).catch((e) => e);
    expect(gone.name).toBe('ResourceNotFoundException');
  });
});
