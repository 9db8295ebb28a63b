// Virtual MFA devices as IAM tooling manages them: tags at creation and with TagMFADevice / UntagMFADevice /
// ListMFADeviceTags, and ResyncMFADevice for a device whose clock has drifted (its codes are refused until a resync
// measures the drift, then accepted at AssumeRole). GetMFADevice answers for FIDO keys only: NotImplemented here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  IAMClient,
  ListMFADeviceTagsCommand,
  PutUserPolicyCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { ManualClock } from '../../../src/common/index.js';
import { totp } from '../../../src/iam/index.js';
import { refused, startServer, type Credentials, type TestServer } from '../harness.js';

let server: TestServer;
// Near the real time: requests are signed with it, and SigV4 allows 15 minutes of skew.
const clock = new ManualClock(Date.now());
beforeAll(async () => {
  server = await startServer({ clock });
});
afterAll(async () => {
  await server?.close();
});

const iam = (c?: Credentials) => new IAMClient(server.clientConfig(c));
const sts = (c?: Credentials) => new STSClient(server.clientConfig(c));
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });


describe('virtual MFA device tags', () => {
  it('are set at creation, added, replaced case-insensitively, listed in pages and removed', async () => {
    const out = await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'tagged', Tags: [{ Key: 'team', Value: 'red' }] }));
    const serial = out.VirtualMFADevice!.SerialNumber!;
    expect(out.VirtualMFADevice!.Tags).toEqual([{ Key: 'team', Value: 'red' }]);
    await iam().send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'TEAM', Value: 'blue' }, { Key: 'cost', Value: '42' }] }));
    const first = await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial, MaxItems: 1 }));
    expect(first.Tags).toEqual([{ Key: 'TEAM', Value: 'blue' }]);
    expect(first.IsTruncated).toBe(true);
    const second = await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial, Marker: first.Marker }));
    expect(second.Tags).toEqual([{ Key: 'cost', Value: '42' }]);
    await iam().send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['team'] }));
    expect((await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toEqual([{ Key: 'cost', Value: '42' }]);
  });

  it('keep every key when tags are changed concurrently', async () => {
    const serial = (await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'concurrent-tags', Tags: [{ Key: 'drop', Value: 'x' }] }))).VirtualMFADevice!.SerialNumber!;
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    await Promise.all([
      ...keys.map((Key) => iam().send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key, Value: Key }] }))),
      iam().send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['drop'] })),
    ]);
    const listed = (await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags!.map((t) => t.Key).sort();
    expect(listed).toEqual([...keys].sort());
  });

  it('answer NoSuchEntity for a device that does not exist, and LimitExceeded past 50 tags in all', async () => {
    const missing = `arn:aws:iam::${server.accountId}:mfa/nobody`;
    expect(await refused(iam().send(new ListMFADeviceTagsCommand({ SerialNumber: missing })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
    const serial = (await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'many-tags' }))).VirtualMFADevice!.SerialNumber!;
    const tags = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await iam().send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: tags(0, 30) }));
    expect(await refused(iam().send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: tags(30, 21) })))).toMatchObject({ name: 'LimitExceededException' });
    expect((await iam().send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toHaveLength(30);
  });

  it('GetMFADevice (FIDO security keys only) is answered NotImplemented', async () => {
    expect(await refused(iam().send(new GetMFADeviceCommand({ SerialNumber: `arn:aws:iam::${server.accountId}:u2f/user/x/key` })))).toMatchObject({ status: 501 });
  });
});

describe('ResyncMFADevice', () => {
  it('measures a drifted device clock, after which its codes are accepted at AssumeRole', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'drifter' }));
    await iam().send(new PutUserPolicyCommand({ UserName: 'drifter', PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
    const key = (await iam().send(new CreateAccessKeyCommand({ UserName: 'drifter' }))).AccessKey!;
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const device = (await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'drifter' }))).VirtualMFADevice!;
    const serial = device.SerialNumber!;
    const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
    let now = clock.nowMs();
    await iam().send(new EnableMFADeviceCommand({ UserName: 'drifter', SerialNumber: serial, AuthenticationCode1: totp(seed, now - 30_000), AuthenticationCode2: totp(seed, now) }));
    const role = (
      await iam().send(
        new CreateRoleCommand({
          RoleName: 'DrifterNeedsMfa',
          AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/drifter` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
        }),
      )
    ).Role!;
    const assume = (code: string) => sts(creds).send(new AssumeRoleCommand({ RoleArn: role.Arn!, RoleSessionName: 'drift-session', SerialNumber: serial, TokenCode: code }));

    // The device's clock runs five minutes ahead: its codes are refused.
    const DRIFT = 5 * 60_000;
    clock.advance(60_000);
    now = clock.nowMs();
    expect(await refused(assume(totp(seed, now + DRIFT)))).toMatchObject({ name: 'AccessDenied' });

    // Wrong codes, and another user's name, are refused; two consecutive drifted codes resync it.
    expect(await refused(iam().send(new ResyncMFADeviceCommand({ UserName: 'drifter', SerialNumber: serial, AuthenticationCode1: totp(seed, now + DRIFT), AuthenticationCode2: totp(seed, now + DRIFT + 90_000) })))).toMatchObject({
      name: 'InvalidAuthenticationCodeException',
    });
    await iam().send(new CreateUserCommand({ UserName: 'bystander' }));
    expect(await refused(iam().send(new ResyncMFADeviceCommand({ UserName: 'bystander', SerialNumber: serial, AuthenticationCode1: totp(seed, now + DRIFT - 30_000), AuthenticationCode2: totp(seed, now + DRIFT) })))).toMatchObject({
      name: 'NoSuchEntityException',
    });
    await iam().send(new ResyncMFADeviceCommand({ UserName: 'drifter', SerialNumber: serial, AuthenticationCode1: totp(seed, now + DRIFT - 30_000), AuthenticationCode2: totp(seed, now + DRIFT) }));

    // The next step's drifted code is accepted; a code from the server's own clock is not.
    clock.advance(30_000);
    now = clock.nowMs();
    expect(await refused(assume(totp(seed, now)))).toMatchObject({ name: 'AccessDenied' });
    const ok = await assume(totp(seed, now + DRIFT));
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('does not look further than ten minutes from where the device was', async () => {
    await iam().send(new CreateUserCommand({ UserName: 'far' }));
    const device = (await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'far' }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
    const now = clock.nowMs();
    await iam().send(new EnableMFADeviceCommand({ UserName: 'far', SerialNumber: device.SerialNumber, AuthenticationCode1: totp(seed, now - 30_000), AuthenticationCode2: totp(seed, now) }));
    const hour = 3_600_000;
    expect(
      await refused(iam().send(new ResyncMFADeviceCommand({ UserName: 'far', SerialNumber: device.SerialNumber, AuthenticationCode1: totp(seed, now + hour), AuthenticationCode2: totp(seed, now + hour + 30_000) }))),
    ).toMatchObject({ name: 'InvalidAuthenticationCodeException' });
  });
});
