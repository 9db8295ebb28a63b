// Virtual MFA devices: the clock drift ResyncMFADevice measured (in 30-second steps), and the device's tags
// (CreateVirtualMFADevice Tags, TagMFADevice), as a JSON array: a serial number (up to 256 characters) does not fit
// iam_tags' entity_name, and a device's tags are always read and written whole.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('iam_mfa_devices').addColumn('drift_steps', 'integer').execute();
  await db.schema.alterTable('iam_mfa_devices').addColumn('tags', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('iam_mfa_devices').dropColumn('tags').execute();
  await db.schema.alterTable('iam_mfa_devices').dropColumn('drift_steps').execute();
}
