// Who the security e2e tests act as: a second account (its root) and IAM users of the first, each with the real
// credentials Sift issues.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { randomIds, systemClock } from '../../../src/common/index.js';
import { IamDirectory } from '../../../src/iam/index.js';
import type { Credentials, TestServer } from '../harness.js';

/** Another account on the same server (Sift creates accounts from configuration; the test writes one directly). */
export async function secondAccount(server: TestServer, accountId = '210987654321'): Promise<{ accountId: string; creds: Credentials }> {
  const dir = new IamDirectory(server.sift.store.db, systemClock, randomIds, () => {});
  await dir.ensureAccount(accountId);
  const key = await dir.putRootKey(accountId);
  return { accountId, creds: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } };
}

/** An IAM user of the server's account with one inline policy, created through the IAM API. */
export async function userWithPolicy(server: TestServer, userName: string, statements: unknown[]): Promise<Credentials> {
  const iam = new IAMClient(server.clientConfig());
  await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'inline', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

/** The error name (S3: the code) a call fails with, or 'ok'. */
export const outcome = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: { name?: string; Code?: string }) => e.Code ?? e.name ?? String(e));
