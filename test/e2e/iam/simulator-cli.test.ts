// The policy simulator with the real SDK client, and issue 15's IAM flow with the aws CLI: create a group, add a
// user, attach the AWS managed AmazonMacieReadOnlyAccess, simulate the user's policies, then act as the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand, SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const iam = () => new IAMClient(server.clientConfig());
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('policy simulator', () => {
  it('SimulatePrincipalPolicy evaluates the user\'s policies with the request engine', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'sim' }));
    await iam().send(new PutUserPolicyCommand({ UserName: 'sim', PolicyName: 'logs', PolicyDocument: doc({ Effect: 'Allow', Action: 'logs:*', Resource: '*' }, { Effect: 'Deny', Action: 'logs:DeleteLogGroup', Resource: '*' }) }));
    const out = await iam().send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${server.accountId}:user/sim`,
        ActionNames: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'macie2:ListFindings'],
      }),
    );
    expect(out.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision, r.MatchedStatements!.map((m) => m.SourcePolicyId)])).toEqual([
      ['logs:CreateLogGroup', 'allowed', ['logs']],
      ['logs:DeleteLogGroup', 'explicitDeny', ['logs']],
      ['macie2:ListFindings', 'implicitDeny', []],
    ]);
    expect(out.EvaluationResults![0]!.MatchedStatements![0]).toMatchObject({ SourcePolicyType: 'user', StartPosition: { Line: 1 } });
  });

  it('SimulateCustomPolicy reports missing context keys and uses the ones given', async () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } });
    const missing = await iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/k'] }));
    expect(missing.EvaluationResults![0]).toMatchObject({ EvalDecision: 'implicitDeny', ResourceSpecificResults: [{ EvalResourceName: 'arn:aws:s3:::b/k', MissingContextValues: ['aws:PrincipalTag/team'] }] });
    const ok = await iam().send(
      new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/k'], ContextEntries: [{ ContextKeyName: 'aws:PrincipalTag/team', ContextKeyType: 'string', ContextKeyValues: ['blue'] }] }),
    );
    expect(ok.EvaluationResults![0]).toMatchObject({ EvalDecision: 'allowed', EvalDecisionDetails: {}, MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1' }] });
    const bad = await iam()
      .send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Statement": 5}'], ActionNames: ['s3:GetObject'] }))
      .catch((e: Error) => e);
    expect((bad as Error).name).toBe('InvalidInputException');
  });

  it.skipIf(!awsCliAvailable)('aws CLI: create-group, add-user-to-group, attach-group-policy (AWS managed), simulate-principal-policy, then act as the user', async () => {
    const env = server.cliEnv();
    expect((await aws(env, ['iam', 'create-group', '--group-name', 'macie-auditors'])).json.Group.GroupName).toBe('macie-auditors');
    await aws(env, ['iam', 'create-user', '--user-name', 'cli-auditor']);
    expect((await aws(env, ['iam', 'add-user-to-group', '--group-name', 'macie-auditors', '--user-name', 'cli-auditor'])).code).toBe(0);
    expect((await aws(env, ['iam', 'attach-group-policy', '--group-name', 'macie-auditors', '--policy-arn', 'arn:aws:iam::aws:policy/AmazonMacieReadOnlyAccess'])).code).toBe(0);
    const listed = await aws(env, ['iam', 'list-policies', '--scope', 'AWS', '--query', 'Policies[?PolicyName==`AmazonMacieReadOnlyAccess`].Arn']);
    expect(listed.json).toEqual(['arn:aws:iam::aws:policy/AmazonMacieReadOnlyAccess']);
    const sim = await aws(env, [
      'iam', 'simulate-principal-policy',
      '--policy-source-arn', `arn:aws:iam::${server.accountId}:user/cli-auditor`,
      '--action-names', 'macie2:ListFindings', 'macie2:CreateClassificationJob',
    ]);
    expect(sim.code).toBe(0);
    expect(sim.json.EvaluationResults.map((r: { EvalDecision: string }) => r.EvalDecision)).toEqual(['allowed', 'implicitDeny']);
    expect(sim.json.EvaluationResults[0].MatchedStatements[0]).toMatchObject({ SourcePolicyId: 'AmazonMacieReadOnlyAccess', SourcePolicyType: 'aws-managed' });

    await aws(env, ['macie2', 'enable-macie']);
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: 'cli-auditor' }))).AccessKey!;
    const as = { ...env, AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey! };
    expect((await aws(as, ['macie2', 'list-findings'])).code).toBe(0);
    const denied = await aws(as, ['macie2', 'create-classification-job', '--job-type', 'ONE_TIME', '--name', 'x', '--s3-job-definition', `{"bucketDefinitions":[{"accountId":"${server.accountId}","buckets":["b"]}]}`]);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('AccessDeniedException');
  }, 180_000);
});
