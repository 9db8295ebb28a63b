// KMS-keyed log groups without HTTP: the real KMS key service (keys sealed under a master key, key policies
// evaluated by KMS's own code) over SQLite in memory, and the Logs data keys of kms-groups.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, sequentialIds, ServiceError } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { KeyService, KmsKeys, objectKms } from '../kms/index.js';
import { eventCipher } from './event-cipher.js';
import type { GroupRecord } from './groups.js';
import { GroupsRepo } from './groups.js';
import { LogGroupKeys } from './kms-groups.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
let store: Store;
let kmsKeys: KmsKeys;
let keys: LogGroupKeys;
let groups: GroupsRepo;
const clock = new ManualClock(Date.UTC(2026, 0, 1));

function policy(logsArnPattern?: string): string {
  const statements: object[] = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }];
  if (logsArnPattern) {
    statements.push({
      Effect: 'Allow',
      Principal: { Service: `logs.${REGION}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logsArnPattern } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const newKey = (p: string) => kmsKeys.create({ accountId: ACCOUNT, region: REGION, description: '', policy: p, tags: [], manager: 'CUSTOMER' });
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof ServiceError ? e.code : String(e)));

async function group(name: string): Promise<GroupRecord> {
  await groups.insert({ accountId: ACCOUNT, region: REGION, name, creationTime: clock.nowMs(), logGroupClass: 'STANDARD', deletionProtection: false, tags: {} });
  return (await groups.get(ACCOUNT, REGION, name))!;
}

beforeEach(async () => {
  store = await openStore(':memory:');
  kmsKeys = new KmsKeys(store.db, clock, sequentialIds(), MasterKey.generate().secretBox('sift/kms/key-material'));
  keys = new LogGroupKeys(store.db, objectKms(new KeyService(kmsKeys)), () => clock.nowMs());
  groups = new GroupsRepo(store.db);
});
afterEach(async () => store.close());

describe('log group data keys', () => {
  it('makes a data key only for a key whose policy lets CloudWatch Logs use it for this group', async () => {
    await group('app');
    const allowed = await newKey(policy(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:app`));
    const otherGroup = await newKey(policy(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:other`));
    const noLogs = await newKey(policy());
    expect((await keys.newDataKey(ACCOUNT, REGION, 'app', allowed.arn)).keyArn).toBe(allowed.arn);
    expect(await code(keys.newDataKey(ACCOUNT, REGION, 'app', otherGroup.arn))).toBe('AccessDeniedException');
    expect(await code(keys.newDataKey(ACCOUNT, REGION, 'app', noLogs.arn))).toBe('AccessDeniedException');
    expect(await code(keys.newDataKey(ACCOUNT, REGION, 'app', `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`))).toBe('InvalidParameterException');
    await kmsKeys.update(allowed.key_id, { state: 'Disabled' });
    expect(await code(keys.newDataKey(ACCOUNT, REGION, 'app', allowed.arn))).toBe('InvalidParameterException');
  });

  it('seals under the current key, reads every key the group had, and stops when KMS refuses', async () => {
    let g = await group('app');
    const k1 = await newKey(policy(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`));
    await keys.attach(ACCOUNT, REGION, 'app', await keys.newDataKey(ACCOUNT, REGION, 'app', k1.arn));
    g = (await groups.get(ACCOUNT, REGION, 'app'))!;
    expect(g.kmsKeyId).toBe(k1.arn);
    const first = (await keys.forWrite(g, [{ message: 'one' }])).seal('one');
    expect(first).not.toContain('one');

    const k2 = await newKey(policy(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`));
    await keys.attach(ACCOUNT, REGION, 'app', await keys.newDataKey(ACCOUNT, REGION, 'app', k2.arn));
    g = (await groups.get(ACCOUNT, REGION, 'app'))!;
    const second = (await keys.forWrite(g, [{ message: 'two' }])).seal('two');
    // k1 disabled: writes (under k2) go on; reading an event sealed under k1 fails, one under k2 does not.
    await kmsKeys.update(k1.key_id, { state: 'Disabled' });
    expect((await keys.forWrite(g, [{ message: 'x' }])).seal('x')).not.toBe('x');
    const partial = await keys.forRead(g);
    expect(partial.open(second)).toBe('two');
    expect(() => partial.open(first)).toThrow(expect.objectContaining({ code: 'InvalidParameterException' }));
    await kmsKeys.update(k1.key_id, { state: 'Enabled' });
    const reader = await keys.forRead(g);
    expect([reader.open(first), reader.open(second)]).toEqual(['one', 'two']);

    await keys.detach(ACCOUNT, REGION, 'app');
    g = (await groups.get(ACCOUNT, REGION, 'app'))!;
    expect(g.kmsKeyId).toBeUndefined();
    expect((await keys.forWrite(g, [{ message: 'clear' }])).seal('clear')).toBe('clear');
    expect((await keys.forRead(g)).open(first)).toBe('one');
    await kmsKeys.update(k2.key_id, { state: 'PendingDeletion' });
    const afterDeletion = await keys.forRead(g);
    expect(afterDeletion.open('clear')).toBe('clear'); // clear events need no key
    expect(afterDeletion.open(first)).toBe('one');
    expect(() => afterDeletion.open(second)).toThrow(expect.objectContaining({ code: 'InvalidParameterException' }));
  });

  it('a group that never had a key reads and writes as it is; forget drops the data keys', async () => {
    const g = await group('plain');
    expect((await keys.forWrite(g, [{ message: '\u0000Kx' }])).seal('\u0000Kx')).toBe('\u0000Kx');
    expect((await keys.forRead(g)).open('\u0000Kx')).toBe('\u0000Kx');
    const k = await newKey(policy(`arn:aws:logs:${REGION}:${ACCOUNT}:*`));
    await keys.attach(ACCOUNT, REGION, 'plain', await keys.newDataKey(ACCOUNT, REGION, 'plain', k.arn));
    await keys.forget(ACCOUNT, REGION, 'plain');
    expect((await keys.forRead(g)).open('a')).toBe('a');
    // A sealed message of one group cannot be opened as another's.
    expect(() => eventCipher('arn:x', new Map()).open('\u0000K1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toThrow();
  });

  it('refuses every key when Sift runs without KMS', async () => {
    const bare = new LogGroupKeys(store.db, undefined, () => clock.nowMs());
    expect(await code(bare.newDataKey(ACCOUNT, REGION, 'app', 'alias/any'))).toBe('AccessDeniedException');
  });
});
