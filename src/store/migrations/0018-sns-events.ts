// SNS topics and subscriptions, the SNS signing certificate, EventBridge rules, targets, connections and API
// destinations, and the delivery outbox both services write before they call anything (so a kill -9 loses nothing).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint';
  await db.schema
    .createTable('sns_topics')
    .addColumn('arn', 'varchar(256)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    /** JSON object of the settable attributes (Policy, DisplayName, DeliveryPolicy). */
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sns_topics_account').on('sns_topics').columns(['account_id', 'region', 'name']).execute();
  await db.schema
    .createTable('sns_subscriptions')
    .addColumn('arn', 'varchar(320)', (c) => c.primaryKey())
    .addColumn('topic_arn', 'varchar(256)', (c) => c.notNull())
    .addColumn('owner_account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('protocol', 'varchar(16)', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    /** 1 once confirmed. */
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    /** The confirmation token (hex), sent in the SubscriptionConfirmation message. */
    .addColumn('token', 'varchar(256)', (c) => c.notNull())
    /** JSON object of the settable attributes (FilterPolicy, FilterPolicyScope, RawMessageDelivery, DeliveryPolicy). */
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sns_subscriptions_topic').on('sns_subscriptions').columns(['topic_arn']).execute();
  await db.schema.createIndex('sns_subscriptions_token').on('sns_subscriptions').columns(['token']).execute();
  await db.schema
    .createTable('sns_signing_keys')
    .addColumn('region', 'varchar(32)', (c) => c.primaryKey())
    /** The name the certificate is served under: SimpleNotificationService-<id>.pem. */
    .addColumn('cert_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('cert_pem', 'text', (c) => c.notNull())
    /** The RSA private key (PKCS#8 PEM), sealed under a key derived from the master key. */
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('events_rules')
    .addColumn('arn', 'varchar(320)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('bus', 'varchar(256)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    /** ENABLED or DISABLED. */
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('role_arn', 'varchar(1600)')
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_rules_bus').on('events_rules').columns(['account_id', 'region', 'bus', 'name']).execute();
  await db.schema
    .createTable('events_targets')
    .addColumn('rule_arn', 'varchar(320)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    /** The target as PutTargets took it (JSON). */
    .addColumn('target', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_targets_pk', ['rule_arn', 'target_id'])
    .execute();
  await db.schema
    .createTable('events_connections')
    .addColumn('arn', 'varchar(1600)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('authorization_type', 'varchar(32)', (c) => c.notNull())
    /** The auth parameters as JSON, sealed (they hold secrets: API keys, passwords). */
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('events_api_destinations')
    .addColumn('arn', 'varchar(1600)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(12)', (c) => c.notNull())
    .addColumn('region', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('connection_arn', 'varchar(1600)', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('http_method', 'varchar(16)', (c) => c.notNull())
    .addColumn('rate', 'integer')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('delivery_outbox')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    /** Which worker handles it: sns (an HTTP(S) subscription) or events (a rule's target). */
    .addColumn('queue', 'varchar(16)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    /** When the next attempt is due (epoch ms); a worker that takes the row moves it ahead (its lease). */
    .addColumn('next_at', ms, (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_outbox_due').on('delivery_outbox').columns(['queue', 'next_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['delivery_outbox', 'events_api_destinations', 'events_connections', 'events_targets', 'events_rules', 'sns_signing_keys', 'sns_subscriptions', 'sns_topics']) {
    await db.schema.dropTable(t).execute();
  }
}
