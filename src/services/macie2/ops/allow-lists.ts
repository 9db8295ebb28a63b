// Create/Get/List/Update/DeleteAllowList. A regex list is checked by the detection engine (RE2, Macie's subset);
// an S3 words list is read for real each time its status is asked for, and the outcome of that read is the
// status Macie reports (OK, S3_OBJECT_NOT_FOUND, S3_OBJECT_ACCESS_DENIED, S3_OBJECT_OVERSIZE, S3_OBJECT_EMPTY,
// S3_THROTTLED, UNKNOWN_ERROR), through the storage part's reader for the account. `loadAllowLists` gives the jobs
// part the lists of a job, words already fetched.
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { IdSource, RequestContext } from '../../../common/index.js';
import { ServiceError } from '../../../common/index.js';
import type { Database } from '../../../store/index.js';
import type { Storage } from '../../../storage/index.js';
import type { ProviderRegistry } from '../../types.js';
import { errors, type AllowListCriteria, type AllowListStatus, type Macie2Api } from '../../../models/macie2/index.js';
import { compileAllowLists, DetectError, type AllowListSpec } from '../../../detect/index.js';
import { decodePageToken, encodePageToken, pageSize } from '../../../findings/index.js';
import { macieBucketAccessCheck } from './macie-role-access.js';

const macieRead = macieBucketAccessCheck();
import { asValidation, checkTags, macieArn, notFound, parseJson } from '../../../findings/index.js';

/** Macie's allow list quotas (G, F.7). */
export const ALLOW_LIST_QUOTAS = Object.freeze({ perKind: 5, perAccount: 10, maxWordsListBytes: 35 * 1024 * 1024 });

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * What an allow list needs from S3: the object's size, then its bytes. The storage part's `ObjectStorage` for the
 * account has this shape; `storageFromS3Provider` adapts the S3 provider until that is wired in. Failures carry
 * either a storage `reason` (AccessDenied, NoSuchKey, …) or an S3 error `code`.
 */
export interface WordsListStorage {
  /** When available: the bucket's owner and Region (Macie reads lists only from the account's own buckets in the Region). */
  getBucketConfiguration?(bucket: string): Promise<{ ownerAccountId: string; region: string; policy?: string }>;
  headObject(bucket: string, key: string): Promise<{ size: number }>;
  readObject(bucket: string, key: string): Promise<{ body: Readable | AsyncIterable<Uint8Array> | Uint8Array }>;
}

export type WordsListStorageFor = (ctx: RequestContext) => Promise<WordsListStorage | undefined> | WordsListStorage | undefined;

/** Reads words lists through the storage part: the account's embedded buckets or its bound S3 endpoint. */
export function storageFromObjectStorage(storage: Pick<Storage, 'forAccount'>): WordsListStorageFor {
  return (ctx) => storage.forAccount(ctx.accountId);
}

/** Reads words lists through the S3 provider's typed methods (service to service, never HTTP). */
export function storageFromS3Provider(providers: ProviderRegistry): WordsListStorageFor {
  return (ctx) => {
    const s3 = providers.s3;
    if (!s3?.headObject || !s3.getObject) return undefined;
    return {
      async headObject(bucket, key) {
        const out = (await s3.headObject(ctx, { Bucket: bucket, Key: key })) as { ContentLength?: number };
        return { size: Number(out.ContentLength ?? 0) };
      },
      async readObject(bucket, key) {
        const out = (await s3.getObject(ctx, { Bucket: bucket, Key: key })) as { Body?: Readable | Uint8Array };
        return { body: out.Body ?? new Uint8Array() };
      },
    };
  };
}

type ReadFailure = 'NotFound' | 'AccessDenied' | 'Throttled' | 'WrongRegion' | 'Other';

function classify(err: unknown): ReadFailure {
  const reason = (err as { reason?: unknown })?.reason;
  const code = typeof reason === 'string' ? reason : err instanceof ServiceError ? err.code : (err as { code?: unknown })?.code;
  switch (code) {
    case 'NoSuchKey':
    case 'NoSuchBucket':
    case 'NotFound':
      return 'NotFound';
    case 'AccessDenied':
    case 'AllAccessDisabled':
      return 'AccessDenied';
    case 'SlowDown':
    case 'Unavailable':
    case 'ServiceUnavailable':
    case 'ThrottlingException':
      return 'Throttled';
    case 'WrongRegion':
    case 'PermanentRedirect':
      return 'WrongRegion';
    default:
      return 'Other';
  }
}

const status = (code: AllowListStatus['code'], description?: string): AllowListStatus => (description ? { code, description } : { code });

async function readCapped(body: Readable | AsyncIterable<Uint8Array> | Uint8Array, cap: number): Promise<Buffer | undefined> {
  if (body instanceof Uint8Array) return body.byteLength > cap ? undefined : Buffer.from(body);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    total += b.byteLength;
    if (total > cap) {
      (body as Readable).destroy?.();
      return undefined;
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** One entry per line, blank lines skipped, a UTF-8 BOM dropped (F.7). */
export function parseWordsList(bytes: Uint8Array): string[] {
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
}

/** Reads an S3 words list and says what Macie would report about it. */
export async function readWordsList(
  storage: WordsListStorage | undefined,
  list: { bucketName: string; objectKey: string },
  owner?: { accountId: string; region: string },
): Promise<{ status: AllowListStatus; words?: string[] }> {
  const where = `s3://${list.bucketName}/${list.objectKey}`;
  if (!storage) return { status: status('UNKNOWN_ERROR', `Object storage isn't available to read ${where}.`) };
  try {
    if (owner && storage.getBucketConfiguration) {
      const bucket = await storage.getBucketConfiguration(list.bucketName);
      if (bucket.ownerAccountId !== owner.accountId) {
        return { status: status('S3_OBJECT_ACCESS_DENIED', `The bucket ${list.bucketName} isn't owned by account ${owner.accountId}; an allow list must be stored in the account's own bucket.`) };
      }
      if (bucket.region !== owner.region) {
        return { status: status('S3_OBJECT_NOT_FOUND', `The bucket ${list.bucketName} is in ${bucket.region}, not ${owner.region}; an allow list must be stored in the same Region.`) };
      }
      // Macie reads the list with its service-linked role: a bucket policy that denies the role denies the read.
      const readable = macieRead({ scannerAccountId: owner.accountId, region: owner.region, bucket: list.bucketName, ownerAccountId: bucket.ownerAccountId, action: 's3:GetObject', resource: `arn:aws:s3:::${list.bucketName}/${list.objectKey}`, policy: bucket.policy });
      if (!readable) return { status: status('S3_OBJECT_ACCESS_DENIED', `Macie isn't allowed to read the object ${where}.`) };
    }
    const head = await storage.headObject(list.bucketName, list.objectKey);
    if (head.size > ALLOW_LIST_QUOTAS.maxWordsListBytes) {
      return { status: status('S3_OBJECT_OVERSIZE', `The object ${where} is ${head.size} bytes; an allow list can be at most 35 MB.`) };
    }
    if (head.size === 0) return { status: status('S3_OBJECT_EMPTY', `The object ${where} is empty.`) };
    const { body } = await storage.readObject(list.bucketName, list.objectKey);
    const bytes = await readCapped(body, ALLOW_LIST_QUOTAS.maxWordsListBytes);
    if (!bytes) return { status: status('S3_OBJECT_OVERSIZE', `The object ${where} is larger than 35 MB.`) };
    const words = parseWordsList(bytes);
    if (words.length === 0) return { status: status('S3_OBJECT_EMPTY', `The object ${where} has no entries.`) };
    try {
      compileAllowLists([{ words }]);
    } catch (err) {
      if (err instanceof DetectError) return { status: status('UNKNOWN_ERROR', `The object ${where} isn't a valid allow list: ${err.message}`) };
      throw err;
    }
    return { status: status('OK'), words };
  } catch (err) {
    switch (classify(err)) {
      case 'NotFound':
        return { status: status('S3_OBJECT_NOT_FOUND', `The object ${where} doesn't exist.`) };
      case 'AccessDenied':
        return { status: status('S3_OBJECT_ACCESS_DENIED', `Macie isn't allowed to read the object ${where}.`) };
      case 'Throttled':
        return { status: status('S3_THROTTLED', `Amazon S3 throttled the request to read ${where}.`) };
      case 'WrongRegion':
        return { status: status('S3_OBJECT_NOT_FOUND', `The bucket ${list.bucketName} isn't in this Region.`) };
      default:
        return { status: status('UNKNOWN_ERROR', `The object ${where} couldn't be read.`) };
    }
  }
}

type Row = Database['macie_allow_lists'];
type Kind = 'regex' | 's3WordsList';

function kindOf(criteria: AllowListCriteria | undefined): Kind {
  const hasRegex = criteria?.regex !== undefined && criteria?.regex !== null;
  const hasWords = criteria?.s3WordsList !== undefined && criteria?.s3WordsList !== null;
  if (hasRegex === hasWords) throw new errors.ValidationException('criteria must specify either regex or s3WordsList, but not both.');
  if (hasRegex) asValidation(() => compileAllowLists([{ regex: criteria!.regex! }]));
  return hasRegex ? 'regex' : 's3WordsList';
}

function cleanCriteria(criteria: AllowListCriteria, kind: Kind): AllowListCriteria {
  return kind === 'regex'
    ? { regex: criteria.regex! }
    : { s3WordsList: { bucketName: criteria.s3WordsList!.bucketName, objectKey: criteria.s3WordsList!.objectKey } };
}

export interface AllowListDeps {
  db: Kysely<Database>;
  ids: IdSource;
  storageFor: WordsListStorageFor;
  /** Ids of the account's jobs that use the list and aren't COMPLETE or CANCELLED (from the jobs part). */
  jobsUsingAllowList?: (accountId: string, region: string, allowListId: string) => Promise<string[]>;
}

/** The status of one stored allow list, computed now. */
async function statusOf(deps: Pick<AllowListDeps, 'storageFor'>, ctx: RequestContext, criteria: AllowListCriteria) {
  if (criteria.regex !== undefined) {
    try {
      compileAllowLists([{ regex: criteria.regex }]);
      return { status: status('OK') };
    } catch (err) {
      if (err instanceof DetectError) return { status: status('UNKNOWN_ERROR', err.message) };
      throw err;
    }
  }
  let storage: WordsListStorage | undefined;
  try {
    storage = await deps.storageFor(ctx);
  } catch {
    storage = undefined;
  }
  return readWordsList(storage, criteria.s3WordsList!, { accountId: ctx.accountId, region: ctx.region });
}

/**
 * The allow lists a job names, ready for the engine: lists that can't be read are left out (Macie's job carries on
 * without them) and reported in `statuses`; ids that don't exist are in `missing`.
 */
export async function loadAllowLists(
  deps: Pick<AllowListDeps, 'db' | 'storageFor'>,
  ctx: RequestContext,
  ids: readonly string[],
): Promise<{ specs: AllowListSpec[]; statuses: Record<string, AllowListStatus>; missing: string[] }> {
  const rows = ids.length === 0 ? [] : await deps.db
    .selectFrom('macie_allow_lists')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('region', '=', ctx.region)
    .where('id', 'in', [...ids])
    .execute();
  const specs: AllowListSpec[] = [];
  const statuses: Record<string, AllowListStatus> = {};
  for (const r of rows) {
    const criteria = parseJson<AllowListCriteria>(r.criteria, {});
    const out = await statusOf(deps, ctx, criteria);
    statuses[r.id] = out.status;
    if (out.status.code !== 'OK') continue;
    if (criteria.regex !== undefined) specs.push({ id: r.id, regex: criteria.regex });
    else if ('words' in out && out.words) specs.push({ id: r.id, words: out.words });
  }
  const found = new Set(rows.map((r) => r.id));
  return { specs, statuses, missing: ids.filter((id) => !found.has(id)) };
}

export const allowListOps = (deps: AllowListDeps) => {
  const { db } = deps;
  const find = (ctx: RequestContext, id: string) =>
    db.selectFrom('macie_allow_lists').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).where('id', '=', id).executeTakeFirst();

  async function checkQuota(ctx: RequestContext, kind: Kind, exceptId?: string) {
    const rows = await db.selectFrom('macie_allow_lists').select(['id', 'kind']).where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).execute();
    const others = rows.filter((r) => r.id !== exceptId);
    if (others.length >= ALLOW_LIST_QUOTAS.perAccount || others.filter((r) => r.kind === kind).length >= ALLOW_LIST_QUOTAS.perKind) {
      const what = kind === 'regex' ? 'regular expression' : 'S3 words list';
      throw new errors.ServiceQuotaExceededException(`An account can have at most ${ALLOW_LIST_QUOTAS.perKind} ${what} allow lists (${ALLOW_LIST_QUOTAS.perAccount} in all) in each Region.`);
    }
  }

  const summary = (ctx: RequestContext, r: Row) => ({
    arn: macieArn(ctx, 'allow-list', r.id),
    createdAt: new Date(Number(r.created_at)),
    description: r.description ?? undefined,
    id: r.id,
    name: r.name,
    updatedAt: new Date(Number(r.updated_at)),
  });

  return {
    async createAllowList(ctx, input) {
      const kind = kindOf(input.criteria);
      const tags = checkTags(input.tags);
      const same = await db
        .selectFrom('macie_allow_lists')
        .select('id')
        .where('account_id', '=', ctx.accountId)
        .where('region', '=', ctx.region)
        .where('client_token', '=', input.clientToken)
        .executeTakeFirst();
      if (same) return { arn: macieArn(ctx, 'allow-list', same.id), id: same.id };
      await checkQuota(ctx, kind);
      const id = deps.ids.chars(22, ID_ALPHABET);
      const now = ctx.clock.nowMs();
      await db
        .insertInto('macie_allow_lists')
        .values({
          id,
          account_id: ctx.accountId,
          region: ctx.region,
          name: input.name,
          description: input.description ?? null,
          kind,
          criteria: JSON.stringify(cleanCriteria(input.criteria, kind)),
          tags: JSON.stringify(tags),
          client_token: input.clientToken,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { arn: macieArn(ctx, 'allow-list', id), id };
    },

    async getAllowList(ctx, { id }) {
      const r = await find(ctx, id);
      if (!r) throw notFound('allow list', id);
      const criteria = parseJson<AllowListCriteria>(r.criteria, {});
      const { status } = await statusOf(deps, ctx, criteria);
      return { ...summary(ctx, r), criteria, status, tags: parseJson(r.tags, {}) };
    },

    async listAllowLists(ctx, input) {
      const limit = pageSize(input.maxResults, 25, 25);
      const token = decodePageToken(input.nextToken, 'allow-lists', 2);
      let q = db.selectFrom('macie_allow_lists').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region);
      if (token) {
        const [at, id] = token.after as [number, string];
        q = q.where((eb) => eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]));
      }
      const rows = await q.orderBy('created_at').orderBy('id').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        allowLists: page.map((r) => summary(ctx, r)),
        nextToken: rows.length > limit && last ? encodePageToken([Number(last.created_at), last.id], 'allow-lists') : undefined,
      };
    },

    async updateAllowList(ctx, input) {
      const r = await find(ctx, input.id);
      if (!r) throw notFound('allow list', input.id);
      const kind = kindOf(input.criteria);
      if (kind !== r.kind) await checkQuota(ctx, kind, r.id);
      await db
        .updateTable('macie_allow_lists')
        .set({
          name: input.name,
          description: input.description ?? null,
          kind,
          criteria: JSON.stringify(cleanCriteria(input.criteria, kind)),
          updated_at: ctx.clock.nowMs(),
        })
        .where('id', '=', r.id)
        .execute();
      return { arn: macieArn(ctx, 'allow-list', r.id), id: r.id };
    },

    async deleteAllowList(ctx, input) {
      const r = await find(ctx, input.id);
      if (!r) throw notFound('allow list', input.id);
      if (String(input.ignoreJobChecks ?? '').toLowerCase() !== 'true' && deps.jobsUsingAllowList) {
        const jobs = await deps.jobsUsingAllowList(ctx.accountId, ctx.region, r.id);
        if (jobs.length > 0) {
          throw new errors.ValidationException(
            `The allow list is used by classification jobs that aren't complete or cancelled (${jobs.slice(0, 5).join(', ')}). To delete it anyway, set ignoreJobChecks to true.`,
          );
        }
      }
      await db.deleteFrom('macie_allow_lists').where('id', '=', r.id).execute();
      return {};
    },
  } satisfies Partial<Macie2Api>;
};

