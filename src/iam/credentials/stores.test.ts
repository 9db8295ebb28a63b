// The credential stores on SQLite (the PostgreSQL run of the e2e test covers the other dialect): login profiles and
// their password history, per-user keys and certificates following a renamed user, and account aliases.
import { describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, randomIds } from '../../common/index.js';
import { openStore } from '../../store/index.js';
import { IamDirectory } from '../directory.js';
import { AccountAliases } from './account-aliases.js';
import { LoginProfiles } from './login-profiles.js';
import { hashPassword } from './passwords.js';
import { UserCredentials } from './user-credentials.js';

const A = '111122223333';
const B = '444455556666';

describe('credential stores', () => {
  it('keep a login profile\'s password history for reuse prevention, newest first, and never the password', async () => {
    const store = await openStore(':memory:');
    const logins = new LoginProfiles(store.db, new ManualClock());
    expect(await logins.create(A, 'alice', await hashPassword('one'), true)).toMatchObject({ userName: 'alice', passwordResetRequired: true });
    expect(await logins.create(A, 'alice', await hashPassword('x'), false)).toBeUndefined();
    expect(await logins.update(A, 'alice', { passwordHash: await hashPassword('two'), resetRequired: false })).toBe(true);
    expect(await logins.update(A, 'alice', { passwordHash: await hashPassword('three') })).toBe(true);
    expect(await logins.verify(A, 'alice', 'three')).toBe(true);
    expect(await logins.verify(A, 'alice', 'two')).toBe(false);
    expect(await logins.isRecent(A, 'alice', 'three', 1)).toBe(true);
    expect(await logins.isRecent(A, 'alice', 'two', 1)).toBe(false);
    expect(await logins.isRecent(A, 'alice', 'two', 2)).toBe(true);
    expect(await logins.isRecent(A, 'alice', 'one', 2)).toBe(false);
    expect(await logins.isRecent(A, 'alice', 'one', 3)).toBe(true);
    const rows = await store.db.selectFrom('iam_login_profiles').selectAll().execute();
    expect(JSON.stringify(rows)).not.toMatch(/"(one|two|three)"/);
    // Another account's user of the same name is another profile.
    expect(await logins.get(B, 'alice')).toBeUndefined();
    const directory = new IamDirectory(store.db, new ManualClock(), randomIds, MasterKey.generate().secretBox('iam'));
    await directory.createUser(A, 'alice');
    await directory.updateUser(A, 'alice', { newName: 'alicia' });
    expect(await logins.verify(A, 'alicia', 'three')).toBe(true);
    expect(await logins.get(A, 'alice')).toBeUndefined();
    await store.close();
  });

  it('move a renamed user\'s keys and certificates with it', async () => {
    const store = await openStore(':memory:');
    const creds = new UserCredentials(store.db, new ManualClock());
    await creds.add({ id: 'APKA1', accountId: A, kind: 'ssh', userName: 'bob', body: 'k', fingerprint: 'f' });
    await creds.add({ id: 'CERT1', accountId: A, kind: 'signing', userName: 'bob', body: 'c', fingerprint: 'h' });
    const directory = new IamDirectory(store.db, new ManualClock(), randomIds, MasterKey.generate().secretBox('iam'));
    await directory.createUser(A, 'bob');
    await directory.updateUser(A, 'bob', { newName: 'robert' });
    expect((await creds.list(A, 'ssh', 'robert')).map((c) => c.id)).toEqual(['APKA1']);
    expect((await creds.list(A, 'signing', 'robert')).map((c) => c.id)).toEqual(['CERT1']);
    expect(await creds.list(A, 'ssh', 'bob')).toEqual([]);
    // Scoped to the account and user: another account cannot reach it.
    expect(await creds.setStatus(B, 'ssh', 'robert', 'APKA1', 'Inactive')).toBe(false);
    expect(await creds.delete(B, 'ssh', 'robert', 'APKA1')).toBe(false);
    await store.close();
  });

  it('give an alias to one account at a time', async () => {
    const store = await openStore(':memory:');
    const aliases = new AccountAliases(store.db, new ManualClock());
    expect(await aliases.set(A, 'corp')).toBe('ok');
    expect(await aliases.set(B, 'corp')).toBe('taken');
    expect(await aliases.set(A, 'corp')).toBe('ok');
    expect(await aliases.set(A, 'corp-2')).toBe('ok');
    expect(await aliases.get(A)).toBe('corp-2');
    expect(await aliases.set(B, 'corp')).toBe('ok');
    expect(await aliases.delete(A, 'corp')).toBe(false);
    await store.close();
  });
});
