// Secret access keys and session secrets are stored sealed; rows an earlier version stored in clear are sealed at
// start and read the same before and after.
import { describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, randomIds } from '../common/index.js';
import { openStore } from '../store/index.js';
import { IamDirectory } from './directory.js';
import { SessionStore } from './sessions.js';

describe('IAM secrets at rest', () => {
  it('stores new secrets sealed and seals the ones an earlier version kept in clear', async () => {
    const store = await openStore(':memory:');
    const master = MasterKey.generate();
    const directory = new IamDirectory(store.db, new ManualClock(), randomIds, master.secretBox('iam'));
    await directory.ensureAccount('111122223333');
    await directory.createUser('111122223333', 'analyst');
    const key = await directory.createAccessKey('111122223333', 'analyst');
    const row = await store.db.selectFrom('access_keys').select('secret_access_key').where('access_key_id', '=', key.accessKeyId).executeTakeFirstOrThrow();
    expect(row.secret_access_key).not.toContain(key.secretAccessKey);
    expect((await directory.getAccessKey(key.accessKeyId))!.secretAccessKey).toBe(key.secretAccessKey);

    await store.db.insertInto('access_keys').values({ access_key_id: 'AKIALEGACY0000000000', account_id: '111122223333', user_name: 'analyst', secret_access_key: 'legacy-secret-in-clear-0000000000000000', status: 'Active', created_at: 0 }).execute();
    expect((await directory.getAccessKey('AKIALEGACY0000000000'))!.secretAccessKey).toBe('legacy-secret-in-clear-0000000000000000');
    expect(await directory.sealStoredSecrets()).toBe(1);
    const sealed = await store.db.selectFrom('access_keys').select('secret_access_key').where('access_key_id', '=', 'AKIALEGACY0000000000').executeTakeFirstOrThrow();
    expect(sealed.secret_access_key).not.toContain('legacy-secret');
    expect((await directory.getAccessKey('AKIALEGACY0000000000'))!.secretAccessKey).toBe('legacy-secret-in-clear-0000000000000000');
    expect(await directory.sealStoredSecrets()).toBe(0);

    const sessions = new SessionStore(store.db, new ManualClock(), randomIds, master.secretBox('sts'));
    const role = (await directory.createRole('111122223333', { roleName: 'r', assumeRolePolicy: '{}' }))!;
    const session = await sessions.issue(role, 'name', 900, 'arn:aws:iam::111122223333:root');
    const stored = await store.db.selectFrom('sts_sessions').select('secret_access_key').where('access_key_id', '=', session.accessKeyId).executeTakeFirstOrThrow();
    expect(stored.secret_access_key).not.toContain(session.secretAccessKey);
    expect((await sessions.get(session.accessKeyId))!.secretAccessKey).toBe(session.secretAccessKey);
    await store.close();
  });
});
