// ListManagedDataIdentifiers (the detection engine's catalog) and the custom data identifier operations:
// Create/Get/List/BatchGet/Delete/TestCustomDataIdentifier. Validation of regexes, keywords, ignore words, match
// distance and severity levels is the engine's (RE2, Macie's limits); this module stores, pages and soft-deletes.
import type { Kysely } from 'kysely';
import type { IdSource } from '../../../common/index.js';
import type { Database } from '../../../store/index.js';
import { errors, type Macie2Api, type SeverityLevel } from '../../../models/macie2/index.js';
import {
  CUSTOM_LIMITS,
  listManagedDataIdentifiers,
  testCustomDataIdentifier,
  validateCustomDataIdentifier,
  type CustomIdentifierSpec,
} from '../../../detect/index.js';
import { decodePageToken, encodePageToken, pageSize } from '../../../findings/index.js';
import { asValidation, checkLength, checkTags, macieArn, notFound, parseJson } from '../../../findings/index.js';

/** Macie's quotas for custom data identifiers (G). */
export const CUSTOM_IDENTIFIER_QUOTAS = Object.freeze({ perAccount: 10_000, maxDescriptionLength: 512, maxBatchGet: 50 });
/** ListManagedDataIdentifiers takes no maxResults: the server picks the page size. */
export const MANAGED_PAGE_SIZE = 100;

export interface IdentifierDeps {
  db: Kysely<Database>;
  ids: IdSource;
}

type Row = Database['macie_custom_data_identifiers'];

/** A stored custom identifier as the engine and the jobs part need it (by account and region). */
export async function loadCustomDataIdentifiers(
  db: Kysely<Database>,
  accountId: string,
  region: string,
  ids: readonly string[],
): Promise<Array<CustomIdentifierSpec & { arn: string; deleted: boolean }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('macie_custom_data_identifiers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('region', '=', region)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((r) => ({ ...toSpec(r), arn: macieArn({ accountId, region }, 'custom-data-identifier', r.id), deleted: r.deleted === 1 }));
}

function toSpec(r: Row): CustomIdentifierSpec {
  const levels = parseJson<SeverityLevel[]>(r.severity_levels, []);
  return {
    id: r.id,
    name: r.name,
    regex: r.regex,
    keywords: parseJson<string[]>(r.keywords, []),
    ignoreWords: parseJson<string[]>(r.ignore_words, []),
    maximumMatchDistance: r.maximum_match_distance,
    severityLevels: levels.map((l) => ({ occurrencesThreshold: l.occurrencesThreshold, severity: l.severity })),
  };
}

export const identifierOps = (deps: IdentifierDeps) => {
  const { db } = deps;
  const find = (accountId: string, region: string, id: string) =>
    db.selectFrom('macie_custom_data_identifiers').selectAll().where('account_id', '=', accountId).where('region', '=', region).where('id', '=', id).executeTakeFirst();

  return {
    async listManagedDataIdentifiers(_ctx, input) {
      const all = listManagedDataIdentifiers();
      const token = decodePageToken(input.nextToken, 'managed', 1);
      const start = token ? Number(token.after[0]) : 0;
      if (!Number.isInteger(start) || start < 0 || start > all.length) throw new errors.ValidationException('The nextToken is not valid for this request.');
      const end = Math.min(all.length, start + MANAGED_PAGE_SIZE);
      return {
        items: all.slice(start, end).map((m) => ({ id: m.id, category: m.category })),
        nextToken: end < all.length ? encodePageToken([end], 'managed') : undefined,
      };
    },

    async createCustomDataIdentifier(ctx, input) {
      checkLength(input.description, 'description', 0, CUSTOM_IDENTIFIER_QUOTAS.maxDescriptionLength);
      const tags = checkTags(input.tags);
      asValidation(() => validateCustomDataIdentifier({
        name: input.name,
        regex: input.regex,
        keywords: input.keywords,
        ignoreWords: input.ignoreWords,
        maximumMatchDistance: input.maximumMatchDistance,
        severityLevels: input.severityLevels,
      }));
      if (input.clientToken) {
        const same = await db
          .selectFrom('macie_custom_data_identifiers')
          .select('id')
          .where('account_id', '=', ctx.accountId)
          .where('region', '=', ctx.region)
          .where('client_token', '=', input.clientToken)
          .executeTakeFirst();
        if (same) return { customDataIdentifierId: same.id };
      }
      const { n } = await db
        .selectFrom('macie_custom_data_identifiers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', ctx.accountId)
        .where('region', '=', ctx.region)
        .where('deleted', '=', 0)
        .executeTakeFirstOrThrow();
      if (Number(n) >= CUSTOM_IDENTIFIER_QUOTAS.perAccount) {
        throw new errors.ServiceQuotaExceededException(`An account can have at most ${CUSTOM_IDENTIFIER_QUOTAS.perAccount} custom data identifiers.`);
      }
      const id = deps.ids.uuid();
      await db
        .insertInto('macie_custom_data_identifiers')
        .values({
          id,
          account_id: ctx.accountId,
          region: ctx.region,
          name: input.name,
          description: input.description ?? null,
          regex: input.regex,
          keywords: JSON.stringify(input.keywords ?? []),
          ignore_words: JSON.stringify(input.ignoreWords ?? []),
          maximum_match_distance: input.maximumMatchDistance ?? CUSTOM_LIMITS.defaultMatchDistance,
          severity_levels: JSON.stringify(input.severityLevels ?? []),
          tags: JSON.stringify(tags),
          client_token: input.clientToken ?? null,
          created_at: ctx.clock.nowMs(),
          deleted: 0,
        })
        .execute();
      return { customDataIdentifierId: id };
    },

    async getCustomDataIdentifier(ctx, { id }) {
      const r = await find(ctx.accountId, ctx.region, id);
      if (!r) throw notFound('custom data identifier', id);
      const levels = parseJson<SeverityLevel[]>(r.severity_levels, []);
      return {
        arn: macieArn(ctx, 'custom-data-identifier', r.id),
        createdAt: new Date(Number(r.created_at)),
        deleted: r.deleted === 1,
        description: r.description ?? undefined,
        id: r.id,
        ignoreWords: parseJson<string[]>(r.ignore_words, []),
        keywords: parseJson<string[]>(r.keywords, []),
        maximumMatchDistance: r.maximum_match_distance,
        name: r.name,
        regex: r.regex,
        // Without explicit levels Macie reports the default: MEDIUM from the first occurrence.
        severityLevels: levels.length > 0 ? levels : [{ occurrencesThreshold: 1, severity: 'MEDIUM' }],
        tags: parseJson(r.tags, {}),
      };
    },

    async listCustomDataIdentifiers(ctx, input) {
      const limit = pageSize(input.maxResults, 50, 500);
      const token = decodePageToken(input.nextToken, 'cdi', 2);
      let q = db
        .selectFrom('macie_custom_data_identifiers')
        .selectAll()
        .where('account_id', '=', ctx.accountId)
        .where('region', '=', ctx.region)
        .where('deleted', '=', 0);
      if (token) {
        const [at, id] = token.after as [number, string];
        q = q.where((eb) => eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]));
      }
      const rows = await q.orderBy('created_at').orderBy('id').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          arn: macieArn(ctx, 'custom-data-identifier', r.id),
          createdAt: new Date(Number(r.created_at)),
          description: r.description ?? undefined,
          id: r.id,
          name: r.name,
        })),
        nextToken: rows.length > limit && last ? encodePageToken([Number(last.created_at), last.id], 'cdi') : undefined,
      };
    },

    async batchGetCustomDataIdentifiers(ctx, input) {
      const ids = [...new Set(input.ids ?? [])];
      if (ids.length > CUSTOM_IDENTIFIER_QUOTAS.maxBatchGet) {
        throw new errors.ValidationException(`ids can contain at most ${CUSTOM_IDENTIFIER_QUOTAS.maxBatchGet} custom data identifier IDs.`);
      }
      const rows = ids.length === 0 ? [] : await db
        .selectFrom('macie_custom_data_identifiers')
        .selectAll()
        .where('account_id', '=', ctx.accountId)
        .where('region', '=', ctx.region)
        .where('id', 'in', ids)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return {
        customDataIdentifiers: ids.filter((id) => byId.has(id)).map((id) => {
          const r = byId.get(id)!;
          return {
            arn: macieArn(ctx, 'custom-data-identifier', r.id),
            createdAt: new Date(Number(r.created_at)),
            deleted: r.deleted === 1,
            description: r.description ?? undefined,
            id: r.id,
            name: r.name,
          };
        }),
        notFoundIdentifierIds: ids.filter((id) => !byId.has(id)),
      };
    },

    async deleteCustomDataIdentifier(ctx, { id }) {
      const r = await find(ctx.accountId, ctx.region, id);
      if (!r || r.deleted === 1) throw notFound('custom data identifier', id);
      // Soft delete: jobs and findings that refer to it keep resolving it, flagged deleted.
      await db.updateTable('macie_custom_data_identifiers').set({ deleted: 1 }).where('id', '=', id).execute();
      return {};
    },

    async testCustomDataIdentifier(_ctx, input) {
      const matchCount = asValidation(() =>
        testCustomDataIdentifier(
          { regex: input.regex, keywords: input.keywords, ignoreWords: input.ignoreWords, maximumMatchDistance: input.maximumMatchDistance },
          input.sampleText,
        ),
      );
      return { matchCount };
    },
  } satisfies Partial<Macie2Api>;
};
