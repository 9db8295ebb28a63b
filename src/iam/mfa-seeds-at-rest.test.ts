// Virtual MFA seeds are stored sealed under the master key; seeds an earlier version stored in clear are sealed at
// start and keep working.
import { describe, expect, it } from 'vitest';
import { ManualClock, MasterKey } from '../common/index.js';
import { openStore } from '../store/index.js';
import { MfaDevices } from './mfa.js';
import { totp } from './totp.js';

describe('MFA seeds at rest', () => {
  it('seals new seeds, seals legacy ones at start, and verifies codes against both', async () => {
    const store = await openStore(':memory:');
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const devices = new MfaDevices(store.db, clock, () => undefined, MasterKey.generate().secretBox('sift/iam/mfa-seeds'));
    const created = (await devices.create('111122223333', 'phone'))!;
    const row = await store.db.selectFrom('iam_mfa_devices').select('seed').where('serial_number', '=', created.serialNumber).executeTakeFirstOrThrow();
    expect(row.seed.startsWith('sift1:')).toBe(true);
    expect(row.seed).not.toContain(created.seed);
    const now = clock.nowMs();
    expect(await devices.enable(created.serialNumber, 'alice', totp(created.seed, now - 30_000), totp(created.seed, now))).toBe('ok');

    // A device an earlier version wrote with its seed in clear.
    await store.db.insertInto('iam_mfa_devices').values({ serial_number: 'arn:aws:iam::111122223333:mfa/old', account_id: '111122223333', device_name: 'old', path: '/', seed: created.seed, user_name: null, enabled_at: null, last_step: null, created_at: 0 }).execute();
    expect(await devices.sealStoredSecrets()).toBe(1);
    const legacy = await store.db.selectFrom('iam_mfa_devices').select('seed').where('serial_number', '=', 'arn:aws:iam::111122223333:mfa/old').executeTakeFirstOrThrow();
    expect(legacy.seed).not.toContain(created.seed);
    clock.advance(120_000);
    expect(await devices.enable('arn:aws:iam::111122223333:mfa/old', 'bob', totp(created.seed, clock.nowMs() - 30_000), totp(created.seed, clock.nowMs()))).toBe('ok');
    expect(await devices.sealStoredSecrets()).toBe(0);
    await store.close();
  });
});
