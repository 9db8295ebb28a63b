// IAM identity providers (OIDC and SAML) that STS AssumeRoleWithWebIdentity / AssumeRoleWithSAML trust: one row per
// provider, its client ids, thumbprints or SAML metadata, and its tags. How a web-identity or SAML session was
// obtained is kept with the session, for CloudTrail's webIdFederationData.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('iam_identity_providers')
    .addColumn('arn', 'varchar(2048)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    /** 'oidc' | 'saml' */
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    /** OIDC: the issuer URL without https:// (what `iss` names and condition keys start with); SAML: the name. */
    .addColumn('name', 'varchar(1024)', (c) => c.notNull())
    /** OIDC: JSON array of client ids (audiences). */
    .addColumn('client_ids', 'text')
    /** OIDC: JSON array of lower-case SHA-1 hex thumbprints. */
    .addColumn('thumbprints', 'text')
    /** SAML: the metadata document. */
    .addColumn('metadata', 'text')
    .addColumn('valid_until', ms)
    /** JSON array of {Key, Value}. */
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('iam_identity_providers_account').on('iam_identity_providers').columns(['account_id', 'kind', 'name']).execute();
  await db.schema.alterTable('sts_sessions').addColumn('federation', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sts_sessions').dropColumn('federation').execute();
  await db.schema.dropTable('iam_identity_providers').execute();
}
