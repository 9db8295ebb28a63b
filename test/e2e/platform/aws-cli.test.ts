// Issue 2 with the aws CLI, as a new user would: caller identity, a user with a key and a policy, a role assumed
// with and without ExternalId, Macie enabled/read/updated/disabled, and each call found in event history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
beforeAll(async () => {
  if (awsCliAvailable) server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!awsCliAvailable)('aws CLI against Sift (skipped when the aws CLI is not installed)', () => {
  it('works end to end with AWS_ENDPOINT_URL', { timeout: 120_000 }, async () => {
    const env = () => server.cliEnv();
    const id = await aws(env(), ['sts', 'get-caller-identity']);
    expect(id.stderr).toBe('');
    expect(id.json.Account).toBe(server.accountId);

    expect((await aws(env(), ['iam', 'create-user', '--user-name', 'bob'])).json.User.UserName).toBe('bob');
    const key = (await aws(env(), ['iam', 'create-access-key', '--user-name', 'bob'])).json.AccessKey;
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'macie2:GetMacieSession', Resource: '*' }] });
    expect((await aws(env(), ['iam', 'put-user-policy', '--user-name', 'bob', '--policy-name', 'p', '--policy-document', policy])).code).toBe(0);
    const got = await aws(env(), ['iam', 'get-user-policy', '--user-name', 'bob', '--policy-name', 'p']);
    expect(got.json.PolicyDocument.Statement[0].Action).toBe('macie2:GetMacieSession');

    expect((await aws(env(), ['macie2', 'enable-macie'])).code).toBe(0);
    const bob = server.cliEnv({ accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
    expect((await aws(bob, ['macie2', 'get-macie-session'])).json.status).toBe('ENABLED');
    const denied = await aws(bob, ['macie2', 'update-macie-session', '--status', 'PAUSED']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('AccessDeniedException');

    const trust = (cond?: object) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole', ...(cond ? { Condition: cond } : {}) }] });
    await aws(env(), ['iam', 'create-role', '--role-name', 'ops', '--assume-role-policy-document', trust()]);
    await aws(env(), ['iam', 'create-role', '--role-name', 'vendor', '--assume-role-policy-document', trust({ StringEquals: { 'sts:ExternalId': 'xyz' } })]);
    await aws(env(), ['iam', 'put-role-policy', '--role-name', 'ops', '--policy-name', 'm', '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'macie2:*', Resource: '*' }] })]);
    const assumed = await aws(env(), ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${server.accountId}:role/ops`, '--role-session-name', 'cli']);
    const c = assumed.json.Credentials;
    const ops = server.cliEnv({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
    expect((await aws(ops, ['sts', 'get-caller-identity'])).json.Arn).toBe(`arn:aws:sts::${server.accountId}:assumed-role/ops/cli`);
    expect((await aws(ops, ['macie2', 'update-macie-session', '--finding-publishing-frequency', 'ONE_HOUR'])).code).toBe(0);
    expect((await aws(env(), ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${server.accountId}:role/vendor`, '--role-session-name', 'vx'])).stderr).toContain('AccessDenied');
    expect((await aws(env(), ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${server.accountId}:role/vendor`, '--role-session-name', 'vx', '--external-id', 'xyz'])).code).toBe(0);
    expect((await aws(env(), ['macie2', 'disable-macie'])).code).toBe(0);

    await server.sift.audit.flush();
    const events = await aws(env(), ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=UpdateMacieSession']);
    const records = events.json.Events.map((e: { CloudTrailEvent: string }) => JSON.parse(e.CloudTrailEvent));
    const byRole = records.find((r: any) => r.userIdentity.type === 'AssumedRole');
    expect(byRole.userIdentity.sessionContext.sessionIssuer.userName).toBe('ops');
    expect(byRole.requestParameters.findingPublishingFrequency).toBe('ONE_HOUR');
    const byBob = records.find((r: any) => r.userIdentity.userName === 'bob');
    expect(byBob.errorCode).toBe('AccessDeniedException');
  });
});
