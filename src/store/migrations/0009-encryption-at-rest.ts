// Encryption at rest: each multipart part keeps its wrapped data key; sealed secrets are longer than the plaintext
// they replace, so the PostgreSQL columns that hold them widen (SQLite does not enforce varchar lengths).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('s3_parts').addColumn('data_key', 'text').execute();
  const isPg = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  if (isPg) {
    await db.schema.alterTable('access_keys').alterColumn('secret_access_key', (c) => c.setDataType('text')).execute();
    await db.schema.alterTable('sts_sessions').alterColumn('secret_access_key', (c) => c.setDataType('text')).execute();
    await db.schema.alterTable('storage_bindings').alterColumn('secret_access_key', (c) => c.setDataType('text')).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('s3_parts').dropColumn('data_key').execute();
}
