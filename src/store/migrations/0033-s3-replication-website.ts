// S3 bucket replication and static website hosting (issue 15, item 5): the configurations (JSON
// ReplicationConfiguration and WebsiteConfiguration) on the bucket, and each version's x-amz-replication-status
// (PENDING, COMPLETED, FAILED on a source version; REPLICA on a replica), which HeadObject and GetObject report.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('s3_buckets').addColumn('replication', 'text').execute();
  await db.schema.alterTable('s3_buckets').addColumn('website', 'text').execute();
  await db.schema.alterTable('s3_objects').addColumn('replication_status', 'varchar(16)').execute();
  await db.schema.alterTable('s3_object_versions').addColumn('replication_status', 'varchar(16)').execute();
}
