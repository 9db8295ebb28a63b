// The findings store: one row per finding (the whole Finding as JSON plus the columns that criteria and sorting
// use), a term index for list-valued fields, and the queries behind ListFindings, GetFindings and
// GetFindingStatistics. `record` is how findings arrive (jobs, policy checks, samples): it fills what Macie fills,
// folds a recurring policy finding into the existing one (count, updatedAt), and lets ARCHIVE filters archive
// matching findings as they arrive.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { findingsWritten, type Clock, type IdSource } from '../common/index.js';
import type { Database } from '../store/index.js';
import {
  errors,
  type Finding,
  type FindingCriteria,
  type FindingStatisticsSortCriteria,
  type GroupBy,
  type GroupCount,
  type SortCriteria,
} from '../models/macie2/index.js';
import { compileCriteria, type DialectName, type TermStrategy, type WhereFn } from './criteria.js';
import { fieldSpec, TERM_FIELDS, valuesAt, type ColumnName } from './fields.js';
import { FINDING_TEXT, isFindingType } from './finding-text.js';
import { decodePageToken, encodePageToken, pageSize } from './page-token.js';
import { policySeverity, sensitiveDataSeverity, severityOf } from './severity.js';
import { ASSOCIATED } from './relationship.js';

/** Where findings are recorded and read: one account in one Region. */
export interface FindingScope {
  accountId: string;
  region: string;
  clock: Clock;
  /**
   * Reading only: accounts whose policy findings the caller also sees (an administrator's current members, as in
   * Macie). Their sensitive data findings and sample findings stay theirs.
   */
  policyOf?: readonly string[];
}

/** The findings a scope reads: its own, and the policy findings of the accounts in `policyOf`. */
/** `unindexed`: SQLite reads the columns as expressions (unary +), so it won't pick an (account, region) index. */
function visibleTo(scope: FindingScope, unindexed = false) {
  const others = scope.policyOf?.filter((a) => a !== scope.accountId) ?? [];
  const account = unindexed ? sql<string>`+macie_findings.account_id` : sql.ref<string>('macie_findings.account_id');
  return (eb: ExpressionBuilder<Database, 'macie_findings'>) =>
    others.length === 0
      ? eb(account, '=', scope.accountId)
      : eb.or([
          eb(account, '=', scope.accountId),
          eb.and([eb(account, 'in', others), eb('macie_findings.category', '=', 'POLICY'), eb('macie_findings.sample', '=', 0)]),
        ]);
}

export const LIST_FINDINGS_PAGE = Object.freeze({ default: 50, max: 50 });
export const GET_FINDINGS_MAX_IDS = 50;
/** At or above this many matching findings, a list-valued `eq` is tested per finding (see termStrategies). */
export const DENSE_TERM_MATCHES = 2000;

type Row = Database['macie_findings'];

interface SortKey {
  column: ColumnName;
  nullable: boolean;
  numeric: boolean;
  desc: boolean;
}

/** SortCriteria → the column it walks. `resourcesAffected` sorts by bucket, then object key. */
export function sortKey(sort: SortCriteria | undefined): SortKey {
  const desc = (sort?.orderBy ?? 'DESC') === 'DESC';
  const name = sort?.attributeName ?? 'updatedAt';
  if (sort?.orderBy !== undefined && sort.orderBy !== 'ASC' && sort.orderBy !== 'DESC') throw new errors.ValidationException('orderBy must be ASC or DESC.');
  if (name === 'resourcesAffected') return { column: 'resource_path', nullable: false, numeric: false, desc };
  const spec = fieldSpec(name);
  if (!spec || spec.storage.in !== 'column') throw new errors.ValidationException(`Findings can't be sorted by '${name}'.`);
  return { column: spec.storage.column, nullable: Boolean(spec.storage.nullable), numeric: spec.kind !== 'string', desc };
}

function sortExpr(k: SortKey) {
  const ref = sql.ref(`macie_findings.${k.column}`);
  return k.nullable ? sql`coalesce(${ref}, ${k.numeric ? -1 : ''})` : ref;
}

const DATE_KEYS = new Set(['createdAt', 'updatedAt', 'firstSeen', 'lastSeen', 'creationDate', 'lastModified']);

function reviveDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveDates);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = DATE_KEYS.has(k) && typeof v === 'string' ? new Date(v) : reviveDates(v);
    return out;
  }
  return value;
}

function toFinding(r: Pick<Row, 'finding' | 'archived' | 'count' | 'updated_at'>): Finding {
  const f = reviveDates(JSON.parse(r.finding)) as Finding;
  return { ...f, archived: Number(r.archived) === 1, count: Number(r.count), updatedAt: new Date(Number(r.updated_at)) };
}

const ms = (d: Date | string | number | undefined): number | undefined => (d === undefined || d === null ? undefined : new Date(d).getTime());

/** Fills what Macie fills and checks what recording needs; returns the finding to store. */
function complete(scope: FindingScope, ids: IdSource, input: Finding): Finding {
  if (!isFindingType(input.type)) throw new Error(`a finding needs a Macie finding type, got ${String(input.type)}`);
  const category = input.type.startsWith('Policy:') ? 'POLICY' : 'CLASSIFICATION';
  const now = scope.clock.now();
  const createdAt = input.createdAt ?? now;
  let severity = input.severity;
  if (!severity) {
    if (category === 'POLICY') severity = policySeverity(input.type);
    else {
      const result = input.classificationDetails?.result;
      severity =
        sensitiveDataSeverity({
          managed: (result?.sensitiveData ?? []).flatMap((s) => (s.detections ?? []).map((d) => ({ type: d.type ?? '', count: Number(d.count ?? 0) }))),
          custom: (result?.customDataIdentifiers?.detections ?? []).map((d) => ({ count: Number(d.count ?? 0) })),
        }) ?? severityOf('Low');
    }
  } else if (!severity.score && severity.description) severity = severityOf(severity.description);
  return {
    ...input,
    // The account the finding applies to (a member's, for an administrator's job); the store keeps it in the scope's account.
    accountId: input.accountId ?? scope.accountId,
    region: scope.region,
    partition: input.partition ?? 'aws',
    schemaVersion: input.schemaVersion ?? '1.0',
    id: input.id ?? ids.hex(16),
    category,
    severity,
    title: input.title ?? FINDING_TEXT[input.type].title,
    description: input.description ?? FINDING_TEXT[input.type].description,
    createdAt,
    updatedAt: input.updatedAt ?? createdAt,
    count: input.count ?? 1,
    archived: input.archived ?? false,
    sample: input.sample ?? false,
  };
}

/** The finding as a row of `holder`'s findings (the account whose ListFindings returns it). */
function rowOf(f: Finding, holder: string): Omit<Row, 'seq'> {
  const bucket = f.resourcesAffected?.s3Bucket?.name ?? null;
  const key = f.resourcesAffected?.s3Object?.key ?? null;
  const calls = f.policyDetails?.action?.apiCallDetails;
  return {
    id: f.id!,
    account_id: holder,
    resource_account_id: f.accountId!,
    region: f.region!,
    type: f.type!,
    category: f.category!,
    severity_description: f.severity!.description!,
    severity_score: Number(f.severity!.score),
    created_at: ms(f.createdAt)!,
    updated_at: ms(f.updatedAt)!,
    archived: f.archived ? 1 : 0,
    sample: f.sample ? 1 : 0,
    count: Number(f.count),
    job_id: f.classificationDetails?.jobId ?? null,
    origin_type: f.classificationDetails?.originType ?? null,
    bucket_name: bucket,
    object_key: key,
    resource_path: key !== null ? `${bucket ?? ''}/${key}` : (bucket ?? ''),
    first_seen: ms(calls?.firstSeen) ?? null,
    last_seen: ms(calls?.lastSeen) ?? null,
    finding: JSON.stringify(f),
  };
}

function termsOf(f: Finding): Database['macie_finding_terms'][] {
  const out: Database['macie_finding_terms'][] = [];
  for (const field of TERM_FIELDS) {
    const values = new Set(valuesAt(f, field.name.split('.')).map((v) => String(v)));
    for (const v of values) out.push({ finding_id: f.id!, field: field.termCode!, value_text: v });
  }
  return out;
}

export interface ListFindingsQuery {
  findingCriteria?: FindingCriteria;
  sortCriteria?: SortCriteria;
  maxResults?: number;
  nextToken?: string;
}

export interface StatisticsQuery {
  findingCriteria?: FindingCriteria;
  groupBy: GroupBy;
  size?: number;
  sortCriteria?: FindingStatisticsSortCriteria;
}

const GROUP_COLUMNS: Record<GroupBy, ColumnName> = {
  'resourcesAffected.s3Bucket.name': 'bucket_name',
  type: 'type',
  'classificationDetails.jobId': 'job_id',
  'severity.description': 'severity_description',
};

export class FindingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly ids: IdSource,
  ) {}

  /** Records one finding; see recordMany. */
  async record(scope: FindingScope, finding: Finding): Promise<Finding> {
    return (await this.recordMany(scope, [finding]))[0]!;
  }

  /**
   * Records findings in one transaction and applies the account's ARCHIVE filters to them. A policy finding for a
   * bucket that already has one of the same type updates that one (count added, updatedAt and lastSeen moved).
   * Returns the findings as stored (unless `returnFindings` is false, for bulk loads).
   */
  async recordMany(scope: FindingScope, findings: readonly Finding[], options: { returnFindings?: boolean } = {}): Promise<Finding[]> {
    if (findings.length === 0) return [];
    const complete_ = findings.map((f) => complete(scope, this.ids, f));
    const touched = await this.db.transaction().execute(async (trx) => {
      const ids: string[] = [];
      const fresh: Finding[] = [];
      for (const f of complete_) {
        if (f.category === 'POLICY' && !f.sample) {
          const existing = await trx
            .selectFrom('macie_findings')
            .select(['id', 'count', 'finding'])
            .where('account_id', '=', scope.accountId)
            .where('region', '=', scope.region)
            .where('type', '=', f.type!)
            .where('bucket_name', '=', f.resourcesAffected?.s3Bucket?.name ?? '')
            .where('sample', '=', 0)
            .executeTakeFirst();
          if (existing) {
            const before = JSON.parse(existing.finding) as Finding;
            const merged: Finding = { ...f, id: existing.id, createdAt: before.createdAt, count: Number(existing.count) + Number(f.count ?? 1) };
            const calls = merged.policyDetails?.action?.apiCallDetails;
            const firstSeen = before.policyDetails?.action?.apiCallDetails?.firstSeen;
            if (calls && firstSeen) calls.firstSeen = firstSeen;
            const row = rowOf(merged, scope.accountId);
            const { id: _id, account_id: _a, region: _r, archived: _ar, created_at: _c, ...changes } = row;
            await trx.updateTable('macie_findings').set(changes).where('id', '=', existing.id).execute();
            await trx.deleteFrom('macie_finding_terms').where('finding_id', '=', existing.id).execute();
            const terms = termsOf(merged);
            if (terms.length > 0) await trx.insertInto('macie_finding_terms').values(terms).execute();
            ids.push(existing.id);
            continue;
          }
          // Inserted at once, so a second one for the same bucket in this batch folds into it.
          await trx.insertInto('macie_findings').values(rowOf(f, scope.accountId)).execute();
          const terms = termsOf(f);
          if (terms.length > 0) await trx.insertInto('macie_finding_terms').values(terms).execute();
          ids.push(f.id!);
          continue;
        }
        fresh.push(f);
        ids.push(f.id!);
      }
      for (let i = 0; i < fresh.length; i += 200) {
        const chunk = fresh.slice(i, i + 200);
        await trx.insertInto('macie_findings').values(chunk.map((f) => rowOf(f, scope.accountId))).execute();
        const terms = chunk.flatMap(termsOf);
        for (let j = 0; j < terms.length; j += 1000) await trx.insertInto('macie_finding_terms').values(terms.slice(j, j + 1000)).execute();
      }
      await this.applyArchiveFilters(trx, scope, ids);
      return ids;
    });
    findingsWritten.inc(complete_.length);
    return options.returnFindings === false ? [] : this.get(scope, [...new Set(touched)]);
  }

  /**
   * Archives those of `ids` that match any of the account's ARCHIVE filters (suppression rules). A member's policy
   * findings also answer to its Macie administrator's rules ("Suppress (archive) policy findings: All" in Macie's
   * administrator and member table); its sensitive data findings do not.
   */
  private async applyArchiveFilters(db: Kysely<Database>, scope: FindingScope, ids: string[]): Promise<void> {
    await this.archiveMatching(db, scope.accountId, scope.region, ids, false);
    const admin = await db
      .selectFrom('macie_members')
      .select('admin_account_id')
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('relationship_status', 'in', [...ASSOCIATED])
      .executeTakeFirst();
    if (admin && admin.admin_account_id !== scope.accountId) await this.archiveMatching(db, admin.admin_account_id, scope.region, ids, true);
  }

  /** Archives those of `ids` that match one of `ownerAccountId`'s ARCHIVE filters (only policy findings when `policyOnly`). */
  private async archiveMatching(db: Kysely<Database>, ownerAccountId: string, region: string, ids: string[], policyOnly: boolean): Promise<void> {
    const filters = await db
      .selectFrom('macie_findings_filters')
      .select('criteria')
      .where('account_id', '=', ownerAccountId)
      .where('region', '=', region)
      .where('action', '=', 'ARCHIVE')
      .orderBy('position')
      .execute();
    if (filters.length === 0) return;
    const wheres: WhereFn[] = filters.map((f) => compileCriteria(JSON.parse(f.criteria) as FindingCriteria, this.dialect));
    for (let i = 0; i < ids.length; i += 500) {
      let q = db
        .updateTable('macie_findings')
        .set({ archived: 1 })
        .where('id', 'in', ids.slice(i, i + 500))
        .where((eb) => eb.or(wheres.map((w) => w(eb as any))));
      if (policyOnly) q = q.where('category', '=', 'POLICY');
      await q.execute();
    }
  }

  /** ListFindings: ids in sort order, keyset-paged. */
  /**
   * For each `eq` on a list-valued field: does it match many findings (probe while walking the sort index) or few
   * (look them up first, then sort)? Decided by a count that stops at DENSE_TERM_MATCHES.
   */
  private async termStrategies(criteria: FindingCriteria | undefined): Promise<Map<string, TermStrategy>> {
    const out = new Map<string, TermStrategy>();
    for (const [name, props] of Object.entries(criteria?.criterion ?? {})) {
      const spec = fieldSpec(name);
      if (spec?.storage.in !== 'terms' || !Array.isArray(props?.eq) || props.eq.length === 0 || props.eq.length > 50) continue;
      const vals = props.eq.map(String);
      const { n } = await this.db
        .selectFrom((eb) => eb.selectFrom('macie_finding_terms').select('finding_id').where('field', '=', spec.termCode!).where('value_text', 'in', vals).limit(DENSE_TERM_MATCHES).as('m'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out.set(`${spec.termCode}\u0000${vals.join('\u0000')}`, Number(n) >= DENSE_TERM_MATCHES ? 'probe' : 'lookup');
    }
    return out;
  }

  async list(scope: FindingScope, query: ListFindingsQuery): Promise<{ findingIds: string[]; nextToken?: string }> {
    compileCriteria(query.findingCriteria, this.dialect); // validate before counting anything
    const strategies = await this.termStrategies(query.findingCriteria);
    const lookup = [...strategies.values()].includes('lookup');
    const where = compileCriteria(query.findingCriteria, this.dialect, {
      termStrategy: (code, vals) => strategies.get(`${code}\u0000${vals.join('\u0000')}`) ?? 'lookup',
    });
    const key = sortKey(query.sortCriteria);
    const limit = pageSize(query.maxResults, LIST_FINDINGS_PAGE.default, LIST_FINDINGS_PAGE.max);
    const fingerprint = { c: query.findingCriteria ?? null, s: query.sortCriteria ?? null };
    const token = decodePageToken(query.nextToken, fingerprint, 2);
    // With few matching findings, sorting them beats walking the sort index; a sort key that is an expression
    // (unary +) rather than a bare column keeps SQLite from walking the index.
    const expr = lookup && this.dialect === 'sqlite' ? sql`+${sortExpr(key)}` : sortExpr(key);
    let q = this.db
      .selectFrom('macie_findings')
      .select(['macie_findings.id', 'macie_findings.seq', sql<string | number>`${expr}`.as('k')])
      .where(visibleTo(scope))
      .where('macie_findings.region', '=', scope.region)
      .where(where);
    if (token) {
      const [k, seq] = token.after as [string | number, number];
      const cmp = key.desc ? '<' : '>';
      q = q.where((eb) => eb.or([eb(expr as any, cmp, k), eb.and([eb(expr as any, '=', k), eb('macie_findings.seq', cmp, seq)])]));
    }
    const dir = key.desc ? 'desc' : 'asc';
    // seq (insertion order) breaks ties: it is in every sort index, so pages walk one index without sorting.
    const rows = await q.orderBy(expr as any, dir).orderBy('macie_findings.seq', dir).limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const lastKey = last ? (key.numeric ? Number(last.k) : String(last.k)) : undefined;
    return {
      findingIds: page.map((r) => r.id),
      nextToken: rows.length > limit && last ? encodePageToken([lastKey!, Number(last.seq)], fingerprint) : undefined,
    };
  }

  /** GetFindings: the findings that exist among `ids`, in the order asked for unless a sort is given. */
  async get(scope: FindingScope, ids: readonly string[], sort?: SortCriteria): Promise<Finding[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    // By the ids' unique index: offered the account and region as well, SQLite walks an (account, region, …) index
    // over every finding of the account instead (1.7 s for 25 ids among 100,000 findings).
    const sqlite = this.dialect === 'sqlite';
    const rows = await this.db
      .selectFrom('macie_findings')
      .select(['id', 'finding', 'archived', 'count', 'updated_at', 'type', 'severity_score', 'created_at', 'resource_path', 'first_seen', 'last_seen', 'job_id', 'bucket_name', 'object_key', 'severity_description', 'category', 'origin_type', 'sample', 'account_id', 'region'])
      .where('id', 'in', unique)
      .where(visibleTo(scope, sqlite))
      .where(sqlite ? sql<string>`+macie_findings.region` : sql.ref<string>('macie_findings.region'), '=', scope.region)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    let ordered = unique.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
    if (sort?.attributeName) {
      const key = sortKey(sort);
      const val = (r: (typeof rows)[number]) => {
        const v = (r as Record<string, unknown>)[key.column];
        return v === null || v === undefined ? (key.numeric ? -1 : '') : key.numeric ? Number(v) : String(v);
      };
      ordered = [...ordered].sort((a, b) => {
        const x = val(a);
        const y = val(b);
        const c = x < y ? -1 : x > y ? 1 : 0;
        return key.desc ? -c : c;
      });
    }
    return ordered.map(toFinding);
  }

  /** GetFindingStatistics: counts per group of the chosen field among the findings that match. */
  async statistics(scope: FindingScope, query: StatisticsQuery): Promise<GroupCount[]> {
    const column = GROUP_COLUMNS[query.groupBy];
    if (!column) throw new errors.ValidationException(`groupBy must be one of ${Object.keys(GROUP_COLUMNS).join(', ')}.`);
    if (query.size !== undefined && query.size !== null && (!Number.isInteger(query.size) || query.size < 0)) {
      throw new errors.ValidationException('size must be a non-negative integer.');
    }
    const attr = query.sortCriteria?.attributeName ?? 'count';
    if (attr !== 'count' && attr !== 'groupKey') throw new errors.ValidationException('sortCriteria.attributeName must be groupKey or count.');
    const dir = (query.sortCriteria?.orderBy ?? (attr === 'count' ? 'DESC' : 'ASC')) === 'DESC' ? 'desc' : 'asc';
    const where = compileCriteria(query.findingCriteria, this.dialect);
    const ref = sql.ref<string>(`macie_findings.${column}`);
    let q = this.db
      .selectFrom('macie_findings')
      .select([sql<string>`${ref}`.as('groupKey'), (eb) => eb.fn.countAll<number>().as('count')])
      .where(visibleTo(scope))
      .where('macie_findings.region', '=', scope.region)
      .where(ref as any, 'is not', null)
      .where(where)
      .groupBy(ref as any);
    q = attr === 'count' ? q.orderBy(sql`count(*)`, dir).orderBy(ref as any, 'asc') : q.orderBy(ref as any, dir);
    if (query.size) q = q.limit(query.size);
    const rows = await q.execute();
    return rows.map((r) => ({ groupKey: String(r.groupKey), count: Number(r.count) }));
  }

  /** Deletes findings older than the retention period (Macie keeps them 90 days); returns how many. */
  async purgeOlderThan(scope: Omit<FindingScope, 'clock'>, cutoffMs: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const old = trx.selectFrom('macie_findings').select('id').where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('updated_at', '<', cutoffMs);
      await trx.deleteFrom('macie_finding_terms').where('finding_id', 'in', old).execute();
      const res = await trx.deleteFrom('macie_findings').where('account_id', '=', scope.accountId).where('region', '=', scope.region).where('updated_at', '<', cutoffMs).executeTakeFirst();
      return Number(res.numDeletedRows);
    });
  }
}

export const FINDING_RETENTION_MS = 90 * 24 * 3600 * 1000;
