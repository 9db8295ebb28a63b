// Virtual MFA devices: created with a random TOTP seed, enabled for a user with two consecutive codes, and used to
// prove MFA at AssumeRole. A code is accepted once: the last accepted step is kept, and a code of that step or an
// earlier one is refused (no replay within the window). ResyncMFADevice measures how far the device's clock has
// drifted (two consecutive codes found within a wider window) and later codes are checked against the drifted clock.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SecretBox, type Clock } from '../common/index.js';
import type { Database } from '../store/index.js';
import { swapColumn } from '../store/index.js';
import { base32Encode, matchStep, TOTP_STEP_SECONDS, totpStep } from './totp.js';

export interface MfaDevice {
  serialNumber: string;
  accountId: string;
  deviceName: string;
  path: string;
  userName?: string;
  enabledAt?: Date;
  createdAt: Date;
  tags: MfaTag[];
}

export type MfaTag = { Key: string; Value: string };

/** How far from the expected step ResyncMFADevice looks for the two codes: ten minutes each way. */
export const RESYNC_WINDOW_STEPS = 20;

export class MfaDevices {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly onChange: () => void | Promise<void> = () => undefined,
    /** Seals TOTP seeds at rest, bound to the device's serial number (absent: kept as given, for unit tests). */
    private readonly seeds?: SecretBox,
  ) {}

  /** Seeds stored in clear by an earlier version are sealed (call at start); returns how many. */
  async sealStoredSecrets(): Promise<number> {
    if (!this.seeds) return 0;
    const rows = await this.db.selectFrom('iam_mfa_devices').select(['serial_number', 'seed']).where('seed', 'not like', 'sift1:%').execute();
    for (const row of rows) {
      await this.db.updateTable('iam_mfa_devices').set({ seed: this.seeds.seal(row.seed, row.serial_number) }).where('serial_number', '=', row.serial_number).where('seed', '=', row.seed).execute();
    }
    return rows.length;
  }

  private seedOf(row: { serial_number: string; seed: string }): string {
    return this.seeds && SecretBox.isSealed(row.seed) ? this.seeds.open(row.seed, row.serial_number) : row.seed;
  }

  /** Creates a device; returns it with its seed (shown once, as CreateVirtualMFADevice does). */
  async create(accountId: string, deviceName: string, path = '/', tags: MfaTag[] = []): Promise<(MfaDevice & { seed: string }) | undefined> {
    const serialNumber = `arn:aws:iam::${accountId}:mfa${path}${deviceName}`;
    if (await this.get(serialNumber)) return undefined;
    const seed = base32Encode(randomBytes(40));
    const now = this.clock.now();
    await this.db
      .insertInto('iam_mfa_devices')
      .values({
        serial_number: serialNumber,
        account_id: accountId,
        device_name: deviceName,
        path,
        seed: this.seeds ? this.seeds.seal(seed, serialNumber) : seed,
        user_name: null,
        enabled_at: null,
        last_step: null,
        created_at: now.getTime(),
        drift_steps: null,
        tags: tags.length ? JSON.stringify(tags) : null,
      })
      .execute();
    return { serialNumber, accountId, deviceName, path, createdAt: now, seed, tags };
  }

  async get(serialNumber: string): Promise<MfaDevice | undefined> {
    const row = await this.db.selectFrom('iam_mfa_devices').selectAll().where('serial_number', '=', serialNumber).executeTakeFirst();
    return row ? toDevice(row) : undefined;
  }

  async list(accountId: string, filter: { userName?: string; assigned?: boolean } = {}): Promise<MfaDevice[]> {
    let q = this.db.selectFrom('iam_mfa_devices').selectAll().where('account_id', '=', accountId);
    if (filter.userName !== undefined) q = q.where('user_name', '=', filter.userName);
    const rows = await q.orderBy('serial_number').execute();
    return rows.map(toDevice).filter((d) => filter.assigned === undefined || (d.userName !== undefined) === filter.assigned);
  }

  /** Checks two consecutive codes and assigns the device to the user. */
  async enable(serialNumber: string, userName: string, code1: string, code2: string): Promise<'ok' | 'invalid-code' | 'in-use'> {
    const row = await this.db.selectFrom('iam_mfa_devices').selectAll().where('serial_number', '=', serialNumber).executeTakeFirst();
    if (!row) return 'invalid-code';
    if (row.user_name) return 'in-use';
    const now = this.clock.nowMs();
    // Two consecutive codes: the first within the last few steps, the second the step after it.
    const s1 = matchStep(this.seedOf(row), code1, now, 3);
    if (s1 === undefined || s1 > totpStep(now)) return 'invalid-code';
    const s2 = matchStep(this.seedOf(row), code2, now, 3);
    if (s2 !== s1 + 1) return 'invalid-code';
    await this.db.updateTable('iam_mfa_devices').set({ user_name: userName, enabled_at: now, last_step: s2, drift_steps: null }).where('serial_number', '=', serialNumber).execute();
    await this.onChange();
    return 'ok';
  }

  /** Verifies a one-time code of a device enabled for the user; each step's code is accepted once. */
  async verify(serialNumber: string, accountId: string, userName: string, code: string): Promise<'ok' | 'invalid-code' | 'not-associated'> {
    const row = await this.db.selectFrom('iam_mfa_devices').selectAll().where('serial_number', '=', serialNumber).executeTakeFirst();
    if (!row || row.account_id !== accountId || row.user_name !== userName || row.enabled_at == null) return 'not-associated';
    const step = matchStep(this.seedOf(row), code, this.deviceNow(row), 1);
    if (step === undefined || (row.last_step != null && step <= Number(row.last_step))) return 'invalid-code';
    const res = await this.db
      .updateTable('iam_mfa_devices')
      .set({ last_step: step })
      .where('serial_number', '=', serialNumber)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0 ? 'ok' : 'invalid-code';
  }

  /**
   * ResyncMFADevice: two consecutive codes of a device enabled for the user, searched within RESYNC_WINDOW_STEPS of
   * where the device's clock was last known to be; the drift they show is kept for later checks. Codes of a step
   * already accepted are refused, as for any other check.
   */
  async resync(serialNumber: string, accountId: string, userName: string, code1: string, code2: string): Promise<'ok' | 'invalid-code' | 'not-associated'> {
    const row = await this.db.selectFrom('iam_mfa_devices').selectAll().where('serial_number', '=', serialNumber).executeTakeFirst();
    if (!row || row.account_id !== accountId || row.user_name !== userName || row.enabled_at == null) return 'not-associated';
    const seed = this.seedOf(row);
    const expected = this.deviceNow(row);
    const s1 = matchStep(seed, code1, expected, RESYNC_WINDOW_STEPS);
    if (s1 === undefined) return 'invalid-code';
    // The second code must be the step right after the first (matchStep looks around its time argument).
    const s2 = matchStep(seed, code2, (s1 + 1) * TOTP_STEP_SECONDS * 1000, 0);
    if (s2 !== s1 + 1 || (row.last_step != null && s1 <= Number(row.last_step))) return 'invalid-code';
    const drift = s2 - totpStep(this.clock.nowMs());
    await this.db.updateTable('iam_mfa_devices').set({ drift_steps: drift, last_step: s2 }).where('serial_number', '=', serialNumber).execute();
    return 'ok';
  }

  /** Applies `change` to the device's tags without losing a concurrent change (see swapColumn). False: no device. */
  async changeTags(serialNumber: string, change: (tags: MfaTag[]) => MfaTag[]): Promise<boolean> {
    return swapColumn(this.db, 'iam_mfa_devices', 'tags', { serial_number: serialNumber }, (text) => {
      const next = change(text ? (JSON.parse(text) as MfaTag[]) : []);
      return next.length ? JSON.stringify(next) : null;
    });
  }

  /** The time the device's own clock shows now, after the drift a resync measured. */
  private deviceNow(row: { drift_steps: number | null }): number {
    return this.clock.nowMs() + Number(row.drift_steps ?? 0) * TOTP_STEP_SECONDS * 1000;
  }

  async deactivate(serialNumber: string, userName: string): Promise<boolean> {
    const res = await this.db.updateTable('iam_mfa_devices').set({ user_name: null, enabled_at: null, drift_steps: null }).where('serial_number', '=', serialNumber).where('user_name', '=', userName).executeTakeFirst();
    await this.onChange();
    return Number(res.numUpdatedRows) > 0;
  }

  async delete(serialNumber: string): Promise<void> {
    await this.db.deleteFrom('iam_mfa_devices').where('serial_number', '=', serialNumber).execute();
    await this.onChange();
  }
}

function toDevice(row: Database['iam_mfa_devices']): MfaDevice {
  return {
    serialNumber: row.serial_number,
    accountId: row.account_id,
    deviceName: row.device_name,
    path: row.path,
    ...(row.user_name ? { userName: row.user_name } : {}),
    ...(row.enabled_at != null ? { enabledAt: new Date(Number(row.enabled_at)) } : {}),
    createdAt: new Date(Number(row.created_at)),
    tags: row.tags ? (JSON.parse(row.tags) as MfaTag[]) : [],
  };
}
