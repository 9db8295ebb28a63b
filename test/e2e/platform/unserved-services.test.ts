// Issue 15 item 9: a call to a service Sift does not serve answers UnrecognizedClientException in the protocol the
// client speaks, so the aws CLI shows that error for awsQuery (CloudFormation), awsJson (Config), restJson (Lambda)
// and restXml (Route 53) services instead of failing to parse the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!awsCliAvailable)('services Sift does not serve, called with the aws CLI', { timeout: 180_000 }, () => {
  it.each([
    ['awsQuery', ['cloudformation', 'list-stacks'], 'ListStacks'],
    ['awsJson', ['configservice', 'describe-config-rules'], 'DescribeConfigRules'],
    ['restJson', ['lambda', 'list-functions'], 'ListFunctions'],
    ['restXml', ['route53', 'list-hosted-zones'], 'ListHostedZones'],
  ])('%s: %s', async (_protocol, args, operation) => {
    const r = await aws({ ...server.cliEnv(), AWS_MAX_ATTEMPTS: '1' }, args as string[]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`An error occurred (UnrecognizedClientException) when calling the ${operation} operation`);
  });
});
