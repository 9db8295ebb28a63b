// Findings filters (saved filters and suppression rules): Create/Get/List/Update/DeleteFindingsFilter. Criteria are
// checked by compiling them exactly as ListFindings does. Positions are 1-based and contiguous: a new filter goes
// last unless a position is given, in which case it is inserted there and the filters from that position on move
// down one; moving or deleting a filter closes the gap. ARCHIVE filters are applied by FindingsStore.record.
import type { Kysely } from 'kysely';
import type { IdSource, RequestContext } from '../common/index.js';
import type { Database } from '../store/index.js';
import {
  errors,
  type CreateFindingsFilterRequest,
  type FindingCriteria,
  type FindingsFilterAction,
  type GetFindingsFilterResponse,
  type ListFindingsFiltersResponse,
  type UpdateFindingsFilterRequest,
} from '../models/macie2/index.js';
import { compileCriteria, type DialectName } from './criteria.js';
import { decodePageToken, encodePageToken, pageSize } from './page-token.js';
import { checkLength, checkTags, macieArn, notFound, parseJson } from './resource-helpers.js';

export const FILTER_LIMITS = Object.freeze({ perAccount: 1000, nameLength: [3, 64] as const, maxDescriptionLength: 512 });

type Scope = Pick<RequestContext, 'accountId' | 'region' | 'clock'>;
type Row = Database['macie_findings_filters'];

function checkAction(action: unknown): FindingsFilterAction {
  if (action !== 'ARCHIVE' && action !== 'NOOP') throw new errors.ValidationException('action must be ARCHIVE or NOOP.');
  return action;
}

function checkPosition(position: number | undefined): void {
  if (position !== undefined && position !== null && (!Number.isInteger(position) || position < 1)) {
    throw new errors.ValidationException('position must be a positive integer.');
  }
}

export class FindingsFilters {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly ids: IdSource,
  ) {}

  private checkCriteria(criteria: FindingCriteria | undefined): FindingCriteria {
    if (!criteria || typeof criteria !== 'object') throw new errors.ValidationException('findingCriteria is required.');
    compileCriteria(criteria, this.dialect);
    return criteria;
  }

  private scoped(db: Kysely<Database>, scope: Scope) {
    return db.selectFrom('macie_findings_filters').where('account_id', '=', scope.accountId).where('region', '=', scope.region);
  }

  private async nameTaken(scope: Scope, name: string, exceptId?: string): Promise<boolean> {
    const row = await this.scoped(this.db, scope).select('id').where('name', '=', name).executeTakeFirst();
    return Boolean(row && row.id !== exceptId);
  }

  async create(scope: Scope, input: CreateFindingsFilterRequest): Promise<{ arn: string; id: string }> {
    const action = checkAction(input.action);
    checkLength(input.name, 'name', FILTER_LIMITS.nameLength[0], FILTER_LIMITS.nameLength[1]);
    checkLength(input.description, 'description', 0, FILTER_LIMITS.maxDescriptionLength);
    checkPosition(input.position);
    const criteria = this.checkCriteria(input.findingCriteria);
    const tags = checkTags(input.tags);
    if (input.clientToken) {
      const same = await this.scoped(this.db, scope).select('id').where('client_token', '=', input.clientToken).executeTakeFirst();
      if (same) return { arn: macieArn(scope, 'findings-filter', same.id), id: same.id };
    }
    if (await this.nameTaken(scope, input.name)) throw new errors.ConflictException(`A findings filter named ${input.name} already exists.`);
    const id = this.ids.uuid();
    await this.db.transaction().execute(async (trx) => {
      const { n } = await this.scoped(trx, scope).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const count = Number(n);
      if (count >= FILTER_LIMITS.perAccount) {
        throw new errors.ServiceQuotaExceededException(`An account can have at most ${FILTER_LIMITS.perAccount} findings filters in each Region.`);
      }
      const position = Math.min(input.position ?? count + 1, count + 1);
      await trx
        .updateTable('macie_findings_filters')
        .set((eb) => ({ position: eb('position', '+', 1) }))
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('position', '>=', position)
        .execute();
      const now = scope.clock.nowMs();
      await trx
        .insertInto('macie_findings_filters')
        .values({
          id,
          account_id: scope.accountId,
          region: scope.region,
          name: input.name,
          description: input.description ?? null,
          action,
          criteria: JSON.stringify(criteria),
          position,
          tags: JSON.stringify(tags),
          client_token: input.clientToken ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    });
    return { arn: macieArn(scope, 'findings-filter', id), id };
  }

  private async find(scope: Scope, id: string): Promise<Row> {
    const row = await this.scoped(this.db, scope).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('findings filter', id);
    return row;
  }

  async get(scope: Scope, id: string): Promise<GetFindingsFilterResponse> {
    const r = await this.find(scope, id);
    return {
      action: r.action as FindingsFilterAction,
      arn: macieArn(scope, 'findings-filter', r.id),
      description: r.description ?? undefined,
      findingCriteria: parseJson<FindingCriteria>(r.criteria, {}),
      id: r.id,
      name: r.name,
      position: Number(r.position),
      tags: parseJson(r.tags, {}),
    };
  }

  async list(scope: Scope, input: { maxResults?: number; nextToken?: string }): Promise<ListFindingsFiltersResponse> {
    const limit = pageSize(input.maxResults, 25, 25);
    const token = decodePageToken(input.nextToken, 'findings-filters', 2);
    let q = this.scoped(this.db, scope).selectAll();
    if (token) {
      const [pos, id] = token.after as [number, string];
      q = q.where((eb) => eb.or([eb('position', '>', pos), eb.and([eb('position', '=', pos), eb('id', '>', id)])]));
    }
    const rows = await q.orderBy('position').orderBy('id').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      findingsFilterListItems: page.map((r) => ({
        action: r.action as FindingsFilterAction,
        arn: macieArn(scope, 'findings-filter', r.id),
        id: r.id,
        name: r.name,
        tags: parseJson(r.tags, {}),
      })),
      nextToken: rows.length > limit && last ? encodePageToken([Number(last.position), last.id], 'findings-filters') : undefined,
    };
  }

  async update(scope: Scope, input: UpdateFindingsFilterRequest): Promise<{ arn: string; id: string }> {
    const r = await this.find(scope, input.id);
    const action = input.action !== undefined ? checkAction(input.action) : (r.action as FindingsFilterAction);
    if (input.name !== undefined) {
      checkLength(input.name, 'name', FILTER_LIMITS.nameLength[0], FILTER_LIMITS.nameLength[1]);
      if (await this.nameTaken(scope, input.name, r.id)) throw new errors.ConflictException(`A findings filter named ${input.name} already exists.`);
    }
    checkLength(input.description, 'description', 0, FILTER_LIMITS.maxDescriptionLength);
    checkPosition(input.position);
    const criteria = input.findingCriteria !== undefined ? this.checkCriteria(input.findingCriteria) : undefined;
    await this.db.transaction().execute(async (trx) => {
      let position = Number(r.position);
      if (input.position !== undefined && input.position !== position) {
        const { n } = await this.scoped(trx, scope).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        const target = Math.min(input.position, Number(n));
        // Close the gap where it was, open one where it goes.
        const base = trx.updateTable('macie_findings_filters').where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('id', '!=', r.id);
        if (target < position) await base.set((eb) => ({ position: eb('position', '+', 1) })).where('position', '>=', target).where('position', '<', position).execute();
        else await base.set((eb) => ({ position: eb('position', '-', 1) })).where('position', '>', position).where('position', '<=', target).execute();
        position = target;
      }
      await trx
        .updateTable('macie_findings_filters')
        .set({
          action,
          name: input.name ?? r.name,
          description: input.description !== undefined ? input.description : r.description,
          criteria: criteria ? JSON.stringify(criteria) : r.criteria,
          position,
          updated_at: scope.clock.nowMs(),
        })
        .where('id', '=', r.id)
        .execute();
    });
    return { arn: macieArn(scope, 'findings-filter', r.id), id: r.id };
  }

  async delete(scope: Scope, id: string): Promise<void> {
    const r = await this.find(scope, id);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('macie_findings_filters').where('id', '=', r.id).execute();
      await trx
        .updateTable('macie_findings_filters')
        .set((eb) => ({ position: eb('position', '-', 1) }))
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('position', '>', Number(r.position))
        .execute();
    });
  }
}
