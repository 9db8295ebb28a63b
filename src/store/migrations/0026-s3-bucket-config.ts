// S3 bucket configurations Sift carries out (issue 15, item 5): the CORS rules (JSON CORSConfiguration) that answer
// preflight requests and add Access-Control-* headers to responses.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('s3_buckets').addColumn('cors', 'text').execute();
}
