// Automated discovery's settings per account and Region: the configuration (status, auto-enable for members, the
// schedule), the classification scope (buckets excluded by name) and the sensitivity inspection template (managed
// identifiers included or excluded, custom identifiers, allow lists), and members' statuses. Rows only; the macie2
// provider applies Macie's rules to requests, the runner reads the same rows.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdSource } from '../../common/index.js';
import { RECOMMENDED_IDS } from '../../detect/index.js';
import type * as M from '../../models/macie2/index.js';
import type { Database } from '../../store/index.js';

type Db = Kysely<Database>;

/** The name Macie gives the one classification scope and the one template of an account. */
export const AUTOMATED_DISCOVERY_NAME = 'automated-sensitive-data-discovery';

export interface AutomatedConfig {
  accountId: string;
  region: string;
  status: M.AutomatedDiscoveryStatus;
  autoEnable: M.AutoEnableMode;
  scopeId: string;
  templateId: string;
  firstEnabledAt?: Date;
  disabledAt?: Date;
  lastUpdatedAt: Date;
  nextRunAt?: number;
  currentRunId?: string;
  runCount: number;
}

export interface InspectionTemplate {
  id: string;
  name: string;
  description?: string;
  includes: M.SensitivityInspectionTemplateIncludes;
  excludes: M.SensitivityInspectionTemplateExcludes;
}

const optDate = (ms: number | null | undefined) => (ms === null || ms === undefined ? undefined : new Date(Number(ms)));

function toConfig(r: Database['macie_ad_config']): AutomatedConfig {
  return {
    accountId: r.account_id,
    region: r.region,
    status: r.status as M.AutomatedDiscoveryStatus,
    autoEnable: r.auto_enable as M.AutoEnableMode,
    scopeId: r.scope_id,
    templateId: r.template_id,
    firstEnabledAt: optDate(r.first_enabled_at),
    disabledAt: optDate(r.disabled_at),
    lastUpdatedAt: new Date(Number(r.last_updated_at)),
    ...(r.next_run_at !== null ? { nextRunAt: Number(r.next_run_at) } : {}),
    ...(r.current_run_id ? { currentRunId: r.current_run_id } : {}),
    runCount: Number(r.run_count),
  };
}

export async function findConfig(db: Db, accountId: string, region: string): Promise<AutomatedConfig | undefined> {
  const r = await db.selectFrom('macie_ad_config').selectAll().where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
  return r ? toConfig(r) : undefined;
}

/** The account's configuration, created DISABLED with its scope and template the first time it is asked for. */
export async function ensureConfig(db: Db, ids: IdSource, accountId: string, region: string, nowMs: number): Promise<AutomatedConfig> {
  const found = await findConfig(db, accountId, region);
  if (found) return found;
  const scopeId = ids.hex(16);
  const templateId = ids.hex(16);
  await db.transaction().execute(async (trx) => {
    const again = await trx.selectFrom('macie_ad_config').select('account_id').where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
    if (again) return;
    await trx.insertInto('macie_ad_scopes').values({ id: scopeId, account_id: accountId, region, name: AUTOMATED_DISCOVERY_NAME, excluded: '[]' }).execute();
    await trx.insertInto('macie_ad_templates').values({ id: templateId, account_id: accountId, region, name: AUTOMATED_DISCOVERY_NAME, description: null, includes: '{}', excludes: '{}' }).execute();
    await trx
      .insertInto('macie_ad_config')
      .values({
        account_id: accountId, region, status: 'DISABLED', auto_enable: 'NONE', scope_id: scopeId, template_id: templateId,
        first_enabled_at: null, disabled_at: null, last_updated_at: nowMs, next_run_at: null, current_run_id: null, run_count: 0,
      })
      .execute();
  });
  return (await findConfig(db, accountId, region))!;
}

export async function excludedBuckets(db: Db, scopeId: string): Promise<string[]> {
  const r = await db.selectFrom('macie_ad_scopes').select('excluded').where('id', '=', scopeId).executeTakeFirst();
  return r ? (JSON.parse(r.excluded) as string[]) : [];
}

export async function templateById(db: Db, id: string): Promise<InspectionTemplate | undefined> {
  const r = await db.selectFrom('macie_ad_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return { id: r.id, name: r.name, ...(r.description !== null ? { description: r.description } : {}), includes: JSON.parse(r.includes), excludes: JSON.parse(r.excludes) };
}

/** What a template makes the engine use: the recommended managed identifiers, plus those included, minus those excluded. */
export interface TemplateSelection {
  managedIds: string[];
  customDataIdentifierIds: string[];
  allowListIds: string[];
  /** Changes whenever the selection does: objects analysed under another one are analysed again. */
  fingerprint: string;
}

export function templateSelection(t: Pick<InspectionTemplate, 'includes' | 'excludes'>): TemplateSelection {
  const excluded = new Set(t.excludes.managedDataIdentifierIds ?? []);
  const managedIds = [...new Set([...RECOMMENDED_IDS, ...(t.includes.managedDataIdentifierIds ?? [])])].filter((id) => !excluded.has(id)).sort();
  const customDataIdentifierIds = [...new Set(t.includes.customDataIdentifierIds ?? [])].sort();
  const allowListIds = [...new Set(t.includes.allowListIds ?? [])].sort();
  const fingerprint = createHash('sha256').update(JSON.stringify([managedIds, customDataIdentifierIds, allowListIds])).digest('hex').slice(0, 16);
  return { managedIds, customDataIdentifierIds, allowListIds, fingerprint };
}

/** A member's status: the administrator's explicit choice, else what the auto-enable setting gives members. */
export async function memberStatuses(db: Db, adminAccountId: string, region: string, autoEnable: M.AutoEnableMode, accountIds: readonly string[]): Promise<Map<string, M.AutomatedDiscoveryAccountStatus>> {
  const out = new Map<string, M.AutomatedDiscoveryAccountStatus>();
  if (accountIds.length === 0) return out;
  const rows = await db.selectFrom('macie_ad_accounts').select(['account_id', 'status']).where('admin_account_id', '=', adminAccountId).where('region', '=', region).where('account_id', 'in', [...accountIds]).execute();
  const explicit = new Map(rows.map((r) => [r.account_id, r.status as M.AutomatedDiscoveryAccountStatus]));
  for (const a of accountIds) out.set(a, explicit.get(a) ?? (autoEnable === 'NONE' ? 'DISABLED' : 'ENABLED'));
  return out;
}

export async function setMemberStatus(db: Db, adminAccountId: string, region: string, accountId: string, status: M.AutomatedDiscoveryAccountStatus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('macie_ad_accounts').where('admin_account_id', '=', adminAccountId).where('region', '=', region).where('account_id', '=', accountId).execute();
    await trx.insertInto('macie_ad_accounts').values({ admin_account_id: adminAccountId, region, account_id: accountId, status }).execute();
  });
}

/** Disabling Macie: the account's automated discovery settings, runs, profiles and object results go. */
export async function deleteAutomatedDiscoveryData(db: Db, accountId: string, region: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const runs = (await trx.selectFrom('macie_ad_runs').select('run_id').where('account_id', '=', accountId).where('region', '=', region).execute()).map((r) => r.run_id);
    for (let i = 0; i < runs.length; i += 200) {
      const batch = runs.slice(i, i + 200);
      await trx.deleteFrom('macie_ad_units').where('run_id', 'in', batch).execute();
      await trx.deleteFrom('macie_ad_run_buckets').where('run_id', 'in', batch).execute();
    }
    await trx.deleteFrom('macie_ad_runs').where('account_id', '=', accountId).where('region', '=', region).execute();
    for (const t of ['macie_ad_config', 'macie_ad_scopes', 'macie_ad_templates', 'macie_ad_buckets', 'macie_ad_objects'] as const) {
      await trx.deleteFrom(t).where('account_id', '=', accountId).where('region', '=', region).execute();
    }
    await trx.deleteFrom('macie_ad_accounts').where('admin_account_id', '=', accountId).where('region', '=', region).execute();
  });
}
