// Issue 14 item 5 (the rest), end to end with the Macie2 SDK client and the aws CLI: TagResource, UntagResource and
// ListTagsForResource on jobs, custom data identifiers, allow lists and findings filters (tags given at creation
// included), with Macie's limits; Get/PutFindingsPublicationConfiguration stored, validated and defaulted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClassificationJobCommand, CreateCustomDataIdentifierCommand, DisableMacieCommand, EnableMacieCommand, GetFindingsPublicationConfigurationCommand, ListTagsForResourceCommand,
  Macie2Client, PutFindingsPublicationConfigurationCommand, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-macie2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
let macie: Macie2Client;

beforeAll(async () => {
  server = await startServer();
  macie = new Macie2Client(server.clientConfig());
  await macie.send(new EnableMacieCommand({}));
  await new S3Client(server.clientConfig()).send(new CreateBucketCommand({ Bucket: 'tagged-data' }));
});
afterAll(async () => {
  await server?.close();
});

const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode}`);

describe('Macie tags through the SDK', () => {
  it('tags a job and a custom identifier, returns creation tags, and refuses what Macie refuses', async () => {
    const job = await macie.send(new CreateClassificationJobCommand({
      clientToken: 'tag-job', name: 'tagged', jobType: 'SCHEDULED', scheduleFrequency: { dailySchedule: {} }, initialRun: false,
      s3JobDefinition: { bucketDefinitions: [{ accountId: server.accountId, buckets: ['tagged-data'] }] }, tags: { owner: 'data-team' },
    }));
    const cdi = await macie.send(new CreateCustomDataIdentifierCommand({ name: 'emp', regex: 'EMP-\\d{6}' }));
    const cdiArn = `arn:aws:macie2:${server.region}:${server.accountId}:custom-data-identifier/${cdi.customDataIdentifierId}`;
    expect((await macie.send(new ListTagsForResourceCommand({ resourceArn: job.jobArn! }))).tags).toEqual({ owner: 'data-team' });
    await macie.send(new TagResourceCommand({ resourceArn: job.jobArn!, tags: { env: 'prod' } }));
    await macie.send(new TagResourceCommand({ resourceArn: cdiArn, tags: { env: 'dev', tier: '1' } }));
    await macie.send(new UntagResourceCommand({ resourceArn: cdiArn, tagKeys: ['tier'] }));
    expect((await macie.send(new ListTagsForResourceCommand({ resourceArn: job.jobArn! }))).tags).toEqual({ owner: 'data-team', env: 'prod' });
    expect((await macie.send(new ListTagsForResourceCommand({ resourceArn: cdiArn }))).tags).toEqual({ env: 'dev' });

    expect(await failure(macie.send(new TagResourceCommand({ resourceArn: job.jobArn!, tags: { 'aws:team': 'x' } })))).toBe('ValidationException 400');
    const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
    expect(await failure(macie.send(new TagResourceCommand({ resourceArn: job.jobArn!, tags: many })))).toBe('ValidationException 400');
    // Another account's resource: IAM denies it before Macie is asked, as in AWS.
    expect(await failure(macie.send(new ListTagsForResourceCommand({ resourceArn: job.jobArn!.replace(server.accountId, '999988887777') })))).toBe('AccessDeniedException 403');
    expect(await failure(macie.send(new ListTagsForResourceCommand({ resourceArn: job.jobArn!.replace(/[0-9a-f]+$/, 'f'.repeat(32)) })))).toBe('ResourceNotFoundException 404');
  });
});

describe('findings publication configuration through the SDK', () => {
  it('answers the defaults, keeps what is put, validates it, and forgets it with DisableMacie', async () => {
    expect((await macie.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({ publishClassificationFindings: false, publishPolicyFindings: true });
    await macie.send(new PutFindingsPublicationConfigurationCommand({ securityHubConfiguration: { publishClassificationFindings: true, publishPolicyFindings: false } }));
    expect((await macie.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({ publishClassificationFindings: true, publishPolicyFindings: false });
    expect(await failure(macie.send(new PutFindingsPublicationConfigurationCommand({ securityHubConfiguration: { publishPolicyFindings: true } as never })))).toBe('ValidationException 400');
    await macie.send(new DisableMacieCommand({}));
    await macie.send(new EnableMacieCommand({}));
    expect((await macie.send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration).toEqual({ publishClassificationFindings: false, publishPolicyFindings: true });
  });
});

describe.skipIf(!awsCliAvailable)('tags and publication with the aws CLI', { timeout: 180_000 }, () => {
  it('tag-resource, list-tags-for-resource, untag-resource, put/get-findings-publication-configuration', async () => {
    const env = server.cliEnv();
    const created = await aws(env, ['macie2', 'create-allow-list', '--name', 'cli-list', '--criteria', JSON.stringify({ regex: 'TEST-\\d+' }), '--tags', 'team=sec']);
    expect(created.stderr).toBe('');
    const arn = created.json.arn;
    expect((await aws(env, ['macie2', 'tag-resource', '--resource-arn', arn, '--tags', 'env=prod'])).code).toBe(0);
    expect((await aws(env, ['macie2', 'list-tags-for-resource', '--resource-arn', arn])).json.tags).toEqual({ team: 'sec', env: 'prod' });
    expect((await aws(env, ['macie2', 'untag-resource', '--resource-arn', arn, '--tag-keys', 'team'])).code).toBe(0);
    expect((await aws(env, ['macie2', 'list-tags-for-resource', '--resource-arn', arn])).json.tags).toEqual({ env: 'prod' });
    expect((await aws(env, ['macie2', 'put-findings-publication-configuration', '--security-hub-configuration', 'publishClassificationFindings=true,publishPolicyFindings=true'])).code).toBe(0);
    expect((await aws(env, ['macie2', 'get-findings-publication-configuration'])).json.securityHubConfiguration).toEqual({ publishClassificationFindings: true, publishPolicyFindings: true });
  });
});
