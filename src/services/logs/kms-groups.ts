/**
 * KMS-keyed log groups, as CloudWatch Logs does them: setting a key (CreateLogGroup kmsKeyId, AssociateKmsKey) asks
 * KMS, as the service principal logs.<region>.amazonaws.com with the encryption context aws:logs:arn = the group's
 * ARN, for a data key under that key. That request is the check: the key must exist, be enabled and its key policy
 * must allow the Logs principal with that context (the KMS service's own authorization decides). The data key is
 * kept only wrapped (logs_group_data_keys); each write or read opens the keys it needs through KMS again, so a
 * disabled, pending-deletion or no-longer-allowed key stops both. DisassociateKmsKey keeps the data keys: new
 * events are stored in clear, older ones stay readable while KMS still opens their key.
 */
import type { Kysely } from 'kysely';
import { ServiceError } from '../../common/index.js';
import { errors } from '../../models/logs/index.js';
import type { KmsRequester, ObjectKms } from '../../storage/index.js';
import type { Database } from '../../store/index.js';
import { CLEAR, eventCipher, type EventCipher } from './event-cipher.js';
import type { GroupRecord } from './groups.js';
import { logGroupArn } from './names.js';

/** AWS's answer when Logs may not use a key (or Sift runs without KMS). */
export function kmsKeyNotUsable(region: string, accountId: string, group: string) {
  return new errors.AccessDeniedException(`The specified KMS key does not exist or is not allowed to be used with Arn '${logGroupArn(region, accountId, group)}'`);
}

export class LogGroupKeys {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kms: ObjectKms | undefined,
    private readonly now: () => number,
  ) {}

  private requester(accountId: string, region: string, groupArn: string): KmsRequester {
    return { service: { name: `logs.${region}.amazonaws.com`, accountId, region, sourceArn: groupArn } };
  }

  /** A new data key for `group` under `keyId` (the check AssociateKmsKey and CreateLogGroup make). */
  async newDataKey(accountId: string, region: string, group: string, keyId: string): Promise<{ keyArn: string; wrapped: string }> {
    if (!this.kms) throw kmsKeyNotUsable(region, accountId, group);
    const arn = logGroupArn(region, accountId, group);
    try {
      const { plaintext, blob, keyArn } = await this.kms.generate(this.requester(accountId, region, arn), keyId, { 'aws:logs:arn': arn });
      plaintext.fill(0); // opened again through KMS whenever it is used
      return { keyArn, wrapped: blob };
    } catch (err) {
      const code = err instanceof ServiceError ? err.code : '';
      if (code === 'NotFoundException') throw new errors.InvalidParameterException(`Specified KMS key ${keyId} does not exist.`);
      if (code === 'DisabledException' || code === 'KMSInvalidStateException') throw new errors.InvalidParameterException(`Specified KMS key ${keyId} is not enabled.`);
      if (code === 'AccessDeniedException') throw kmsKeyNotUsable(region, accountId, group);
      throw err;
    }
  }

  /** Records a data key as the group's newest and sets the group's key (callers hold the group's lock). */
  async attach(accountId: string, region: string, group: string, key: { keyArn: string; wrapped: string }): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const top = await tx
        .selectFrom('logs_group_data_keys')
        .select((eb) => eb.fn.max('key_ref').as('ref'))
        .where('account_id', '=', accountId)
        .where('region', '=', region)
        .where('group_name', '=', group)
        .executeTakeFirst();
      const ref = Number(top?.ref ?? 0) + 1;
      await tx
        .insertInto('logs_group_data_keys')
        .values({ account_id: accountId, region, group_name: group, key_ref: ref, kms_key_arn: key.keyArn, wrapped_key: key.wrapped, creation_time: this.now() })
        .execute();
      await tx.updateTable('logs_groups').set({ kms_key_id: key.keyArn }).where('account_id', '=', accountId).where('region', '=', region).where('group_name', '=', group).execute();
    });
  }

  /** Stops using a key for new events; the data keys stay so older events remain readable. */
  async detach(accountId: string, region: string, group: string): Promise<void> {
    await this.db.updateTable('logs_groups').set({ kms_key_id: null }).where('account_id', '=', accountId).where('region', '=', region).where('group_name', '=', group).execute();
  }

  /** Drops a group's data keys (its events are gone). */
  async forget(accountId: string, region: string, group: string): Promise<void> {
    await this.db.deleteFrom('logs_group_data_keys').where('account_id', '=', accountId).where('region', '=', region).where('group_name', '=', group).execute();
  }

  private rows(g: GroupRecord) {
    return this.db
      .selectFrom('logs_group_data_keys')
      .select(['key_ref', 'kms_key_arn', 'wrapped_key'])
      .where('account_id', '=', g.accountId)
      .where('region', '=', g.region)
      .where('group_name', '=', g.name)
      .orderBy('key_ref')
      .execute();
  }

  private async open(g: GroupRecord, rows: { key_ref: number; kms_key_arn: string; wrapped_key: string }[]): Promise<Map<number, Buffer>> {
    const arn = logGroupArn(g.region, g.accountId, g.name);
    const keys = new Map<number, Buffer>();
    for (const r of rows) {
      if (!this.kms) throw keyUnusable(r.kms_key_arn, 'KMS is not available');
      try {
        keys.set(Number(r.key_ref), await this.kms.open(this.requester(g.accountId, g.region, arn), r.wrapped_key, { 'aws:logs:arn': arn }));
      } catch (err) {
        throw kmsUseError(err, r.kms_key_arn);
      }
    }
    return keys;
  }

  /** The cipher new events of `g` are stored with: sealed under its current key, else clear. */
  async forWrite(g: GroupRecord, events: readonly { message: string }[]): Promise<EventCipher> {
    // A group without a key stores clear messages as they are, unless one could look sealed (starts with NUL).
    if (g.kmsKeyId === undefined && !events.some((e) => e.message.startsWith('\u0000'))) return CLEAR;
    const rows = await this.rows(g);
    if (rows.length === 0) return CLEAR;
    const current = g.kmsKeyId === undefined ? undefined : rows.filter((r) => r.kms_key_arn === g.kmsKeyId).pop();
    if (!current) return eventCipher(logGroupArn(g.region, g.accountId, g.name), new Map());
    const keys = await this.open(g, [current]);
    return eventCipher(logGroupArn(g.region, g.accountId, g.name), keys, Number(current.key_ref));
  }

  /**
   * The cipher the events of `g` are read with: every data key the group has had, opened through KMS. A key KMS
   * refuses fails only the reads that meet an event sealed under it (as AWS needs the key only for encrypted data).
   */
  async forRead(g: GroupRecord): Promise<EventCipher> {
    const rows = await this.rows(g);
    if (rows.length === 0) return CLEAR;
    const keys = new Map<number, Buffer>();
    const unusable = new Map<number, unknown>();
    for (const r of rows) {
      try {
        for (const [ref, key] of await this.open(g, [r])) keys.set(ref, key);
      } catch (err) {
        unusable.set(Number(r.key_ref), err);
      }
    }
    return eventCipher(logGroupArn(g.region, g.accountId, g.name), keys, undefined, unusable);
  }
}

/** `holder`: what the key is associated with (a log group, or the account's query results). */
export function keyUnusable(keyArn: string, why: string, holder = 'the log group') {
  return new errors.InvalidParameterException(`The KMS key ${keyArn} associated with ${holder} cannot be used: ${why}.`);
}

/** KMS's refusal to open a data key (a group's, or query results'), as Logs reports it on writes and reads. */
export function kmsUseError(err: unknown, keyArn: string, holder?: string): unknown {
  const code = err instanceof ServiceError ? err.code : '';
  if (code === 'DisabledException') return keyUnusable(keyArn, 'the key is disabled', holder);
  if (code === 'KMSInvalidStateException') return keyUnusable(keyArn, 'the key is pending deletion', holder);
  if (code === 'AccessDeniedException') return keyUnusable(keyArn, 'CloudWatch Logs is not allowed to use it', holder);
  if (code === 'NotFoundException' || code === 'InvalidCiphertextException') return keyUnusable(keyArn, 'the key no longer exists', holder);
  return err;
}
