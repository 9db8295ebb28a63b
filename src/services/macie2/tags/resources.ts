// The Macie resources that carry tags, found from their ARN: classification jobs, custom data identifiers, allow
// lists and findings filters (arn:aws:macie2:<region>:<account>:<type>/<id>). Each keeps its tags as a JSON TagMap in
// its own row (the `tags` column), which is what CreateX's `tags`, the tag operations and an aws:ResourceTag
// condition all read: `tagsOf` answers for any ARN.
import type { Kysely } from 'kysely';
import type { Database } from '../../../store/index.js';
import { swapColumn } from '../../../store/index.js';

export type TaggableType = 'classification-job' | 'custom-data-identifier' | 'allow-list' | 'findings-filter';

const TABLES = {
  'classification-job': { table: 'macie_jobs', id: 'job_id' },
  'custom-data-identifier': { table: 'macie_custom_data_identifiers', id: 'id' },
  'allow-list': { table: 'macie_allow_lists', id: 'id' },
  'findings-filter': { table: 'macie_findings_filters', id: 'id' },
} as const;

export interface TaggableRef {
  type: TaggableType;
  accountId: string;
  region: string;
  id: string;
}

const ARN = /^arn:aws[a-z-]*:macie2:([a-z0-9-]+):(\d{12}):([a-z-]+)\/([A-Za-z0-9_-]{1,128})$/;

/** The resource an ARN names, or undefined when it isn't a taggable Macie resource's ARN. */
export function parseTaggableArn(arn: string): TaggableRef | undefined {
  const m = ARN.exec(arn);
  if (!m || !(m[3]! in TABLES)) return undefined;
  return { region: m[1]!, accountId: m[2]!, type: m[3] as TaggableType, id: m[4]! };
}

type Db = Kysely<Database>;

/** The resource's tags, or undefined when it doesn't exist (a deleted custom identifier counts as gone). */
export async function readTags(db: Db, ref: TaggableRef): Promise<Record<string, string> | undefined> {
  const { table, id } = TABLES[ref.type];
  let q = db.selectFrom(table as 'macie_allow_lists').select('tags').where(id as 'id', '=', ref.id).where('account_id', '=', ref.accountId).where('region', '=', ref.region);
  if (ref.type === 'custom-data-identifier') q = q.where('deleted' as never, '=', 0 as never);
  const row = await q.executeTakeFirst();
  return row ? (JSON.parse(row.tags) as Record<string, string>) : undefined;
}

/**
 * Applies `change` to the resource's tags without losing a concurrent change of other keys (see swapColumn); false
 * when it doesn't exist (a deleted custom identifier counts as gone). `change` may throw to refuse.
 */
export async function changeTags(db: Db, ref: TaggableRef, change: (tags: Record<string, string>) => Record<string, string>): Promise<boolean> {
  const { table, id } = TABLES[ref.type];
  const key = { [id]: ref.id, account_id: ref.accountId, region: ref.region, ...(ref.type === 'custom-data-identifier' ? { deleted: 0 } : {}) };
  return swapColumn(db, table, 'tags', key, (text) => JSON.stringify(change(JSON.parse(text!) as Record<string, string>)));
}

/** Tags of any taggable Macie resource by ARN (for aws:ResourceTag conditions); undefined when there is none. */
export async function tagsOf(db: Db, arn: string): Promise<Record<string, string> | undefined> {
  const ref = parseTaggableArn(arn);
  return ref ? readTags(db, ref) : undefined;
}
