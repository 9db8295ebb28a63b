// IAM user credentials other than access keys: console passwords (login profiles, only a salted scrypt hash and the
// hashes of earlier passwords for reuse prevention), the account password policy, SSH public keys and signing
// certificates (one table, told apart by kind), server certificates, account aliases and the last credential report.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('iam_login_profiles')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('user_name', 'varchar(64)', (c) => c.notNull())
    /** `scrypt$N$r$p$salt$hash` (base64url), never the password. */
    .addColumn('password_hash', 'text', (c) => c.notNull())
    /** JSON array of the hashes of earlier passwords, newest first (PasswordReusePrevention). */
    .addColumn('previous_hashes', 'text', (c) => c.notNull())
    .addColumn('password_reset_required', 'integer', (c) => c.notNull())
    .addColumn('password_changed_at', ms, (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_login_profiles_pk', ['account_id', 'user_name'])
    .execute();
  await db.schema
    .createTable('iam_password_policies')
    .addColumn('account_id', 'varchar(12)', (c) => c.primaryKey())
    /** JSON of the policy's settings, as UpdateAccountPasswordPolicy gave them (defaults filled in). */
    .addColumn('policy', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('iam_user_credentials')
    /** The SSH public key id (APKA…) or signing certificate id. */
    .addColumn('credential_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    /** 'ssh' | 'signing' */
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('user_name', 'varchar(64)', (c) => c.notNull())
    /** The key or certificate as uploaded. */
    .addColumn('body', 'text', (c) => c.notNull())
    /** SSH: the MD5 fingerprint IAM shows; certificates: the SHA-256 of the DER (duplicate check). */
    .addColumn('fingerprint', 'varchar(128)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('uploaded_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('iam_user_credentials_user').on('iam_user_credentials').columns(['account_id', 'kind', 'user_name']).execute();
  await db.schema
    .createTable('iam_account_aliases')
    /** Aliases are unique across all accounts (they name the console sign-in URL). */
    .addColumn('alias', 'varchar(63)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull().unique())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('iam_server_certificates')
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('certificate_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    /** The certificate and its chain (PEM); the private key is checked against it at upload and not kept. */
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('chain', 'text')
    .addColumn('expiration', ms, (c) => c.notNull())
    /** JSON array of {Key, Value}. */
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_server_certificates_pk', ['account_id', 'name'])
    .execute();
  await db.schema
    .createTable('iam_credential_reports')
    .addColumn('account_id', 'varchar(12)', (c) => c.primaryKey())
    /** The CSV. */
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('generated_at', ms, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['iam_credential_reports', 'iam_server_certificates', 'iam_account_aliases', 'iam_user_credentials', 'iam_password_policies', 'iam_login_profiles']) await db.schema.dropTable(t).execute();
}
