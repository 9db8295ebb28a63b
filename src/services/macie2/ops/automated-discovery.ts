// Automated sensitive data discovery's settings (issue 16): Get/UpdateAutomatedDiscoveryConfiguration,
// List/BatchUpdateAutomatedDiscoveryAccounts, Get/Update/ListClassificationScopes and
// Get/Update/ListSensitivityInspectionTemplates. The rows and the runs live in jobs/automated; this maps requests
// onto them with Macie's rules: only an administrator or a standalone account changes the settings, an account has
// one classification scope and one template (both named automated-sensitive-data-discovery), a scope excludes at
// most 1,000 buckets, and a template names only identifiers and allow lists that exist.
import type { Kysely } from 'kysely';
import type { IdSource } from '../../../common/index.js';
import { getManagedIdentifier } from '../../../detect/index.js';
import { ensureConfig, JobError, memberStatuses, setMemberStatus, templateById, type AutomatedDiscovery, type DetectionResolver, type JobDefinition } from '../../../jobs/index.js';
import { errors, type Macie2Api, type SensitivityInspectionTemplateExcludes, type SensitivityInspectionTemplateIncludes } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import { isValidBucketName } from '../../../storage/index.js';
import { page, CriteriaError } from '../inventory/index.js';

/** Buckets one classification scope excludes at most (Macie quotas). */
export const CLASSIFICATION_SCOPE_MAX_EXCLUDED = 1000;
/** A template's custom data identifiers and allow lists at most (as for a job: 30 and 10). */
export const TEMPLATE_MAX_CUSTOM_IDENTIFIERS = 30;
export const TEMPLATE_MAX_ALLOW_LISTS = 10;
export const TEMPLATE_DESCRIPTION_MAX = 512;
/** ListClassificationScopes takes no maxResults: a page holds this many. */
const SCOPES_PAGE = 25;

export interface AutomatedDiscoveryOpsDeps {
  db: Kysely<Database>;
  ids: IdSource;
  /** The runs; absent when the server runs no jobs (settings are kept, nothing runs). */
  automated?: AutomatedDiscovery;
  detection?: DetectionResolver;
  /** The account's current members, when it is a Macie administrator. */
  memberAccounts?: (accountId: string, region: string) => Promise<string[]>;
  /** Why a member can't be changed now ('ACCOUNT_PAUSED'), or undefined. */
  memberPaused?: (adminAccountId: string, region: string, accountId: string) => Promise<boolean>;
  /** Whether the account is a current member of an administrator (members can't change the settings). */
  isMember?: (accountId: string, region: string) => Promise<boolean>;
}

const memberRefused = () => new errors.AccessDeniedException("A Macie member account can't change automated sensitive data discovery settings. Ask the Macie administrator for your organization.");

function validated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof CriteriaError ? new errors.ValidationException(err.message) : err;
  }
}

export const automatedDiscoveryOps = (deps: AutomatedDiscoveryOpsDeps) => {
  const { db } = deps;
  const config = (ctx: { accountId: string; region: string; clock: { nowMs(): number } }) => ensureConfig(db, deps.ids, ctx.accountId, ctx.region, ctx.clock.nowMs());
  const refuseMembers = async (ctx: { accountId: string; region: string }) => {
    if (await deps.isMember?.(ctx.accountId, ctx.region)) throw memberRefused();
  };
  const ownScope = async (ctx: { accountId: string; region: string; clock: { nowMs(): number } }, id: string) => {
    await config(ctx);
    const row = await db.selectFrom('macie_ad_scopes').selectAll().where('id', '=', id).where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).executeTakeFirst();
    if (!row) throw new errors.ResourceNotFoundException(`The classification scope ${id} doesn't exist.`);
    return row;
  };
  const ownTemplate = async (ctx: { accountId: string; region: string; clock: { nowMs(): number } }, id: string) => {
    const cfg = await config(ctx);
    const t = id === cfg.templateId ? await templateById(db, id) : undefined;
    if (!t) throw new errors.ResourceNotFoundException(`The sensitivity inspection template ${id} doesn't exist.`);
    return t;
  };

  return {
    async getAutomatedDiscoveryConfiguration(ctx) {
      const c = await config(ctx);
      return {
        autoEnableOrganizationMembers: c.autoEnable,
        classificationScopeId: c.scopeId,
        ...(c.disabledAt ? { disabledAt: c.disabledAt } : {}),
        ...(c.firstEnabledAt ? { firstEnabledAt: c.firstEnabledAt } : {}),
        lastUpdatedAt: c.lastUpdatedAt,
        sensitivityInspectionTemplateId: c.templateId,
        status: c.status,
      };
    },

    async updateAutomatedDiscoveryConfiguration(ctx, { status, autoEnableOrganizationMembers }) {
      await refuseMembers(ctx);
      const c = await config(ctx);
      const nowMs = ctx.clock.nowMs();
      if (autoEnableOrganizationMembers && autoEnableOrganizationMembers !== c.autoEnable) {
        // Members keep the status the old setting gave them; ALL enables every current member as well.
        const members = (await deps.memberAccounts?.(ctx.accountId, ctx.region)) ?? [];
        const now = await memberStatuses(db, ctx.accountId, ctx.region, c.autoEnable, members);
        for (const m of members) await setMemberStatus(db, ctx.accountId, ctx.region, m, autoEnableOrganizationMembers === 'ALL' ? 'ENABLED' : now.get(m)!);
      }
      const enabling = status === 'ENABLED' && c.status !== 'ENABLED';
      await db
        .updateTable('macie_ad_config')
        .set({
          status,
          ...(autoEnableOrganizationMembers ? { auto_enable: autoEnableOrganizationMembers } : {}),
          last_updated_at: nowMs,
          ...(enabling ? { first_enabled_at: c.firstEnabledAt?.getTime() ?? nowMs, disabled_at: null, next_run_at: nowMs } : {}),
          ...(status === 'DISABLED' && c.status !== 'DISABLED' ? { disabled_at: nowMs, next_run_at: null } : {}),
        })
        .where('account_id', '=', ctx.accountId)
        .where('region', '=', ctx.region)
        .execute();
      if (status === 'DISABLED') await deps.automated?.cancelRun(ctx.accountId, ctx.region);
      // The first run starts now rather than at the scheduler's next tick.
      if (enabling) await deps.automated?.tick();
      return {};
    },

    async listAutomatedDiscoveryAccounts(ctx, { accountIds, maxResults, nextToken }) {
      if (accountIds && accountIds.length > 50) throw new errors.ValidationException('accountIds can name at most 50 accounts.');
      const c = await config(ctx);
      let members = (await deps.memberAccounts?.(ctx.accountId, ctx.region)) ?? [];
      if (accountIds?.length) members = members.filter((m) => accountIds.includes(m));
      const statuses = await memberStatuses(db, ctx.accountId, ctx.region, c.autoEnable, members);
      const items = members.map((accountId) => ({ accountId, status: statuses.get(accountId)! }));
      const p = validated(() => page(items, maxResults, nextToken, 25));
      return { items: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },

    async batchUpdateAutomatedDiscoveryAccounts(ctx, { accounts }) {
      await refuseMembers(ctx);
      const members = new Set((await deps.memberAccounts?.(ctx.accountId, ctx.region)) ?? []);
      const errs: Array<{ accountId: string; errorCode: 'ACCOUNT_PAUSED' | 'ACCOUNT_NOT_FOUND' }> = [];
      for (const a of accounts ?? []) {
        if (!a.accountId || !a.status) throw new errors.ValidationException('Each account needs an accountId and a status.');
        if (!members.has(a.accountId)) {
          errs.push({ accountId: a.accountId, errorCode: 'ACCOUNT_NOT_FOUND' });
          continue;
        }
        if (await deps.memberPaused?.(ctx.accountId, ctx.region, a.accountId)) {
          errs.push({ accountId: a.accountId, errorCode: 'ACCOUNT_PAUSED' });
          continue;
        }
        await setMemberStatus(db, ctx.accountId, ctx.region, a.accountId, a.status);
      }
      return { errors: errs };
    },

    async getClassificationScope(ctx, { id }) {
      const row = await ownScope(ctx, id);
      return { id: row.id, name: row.name, s3: { excludes: { bucketNames: JSON.parse(row.excluded) as string[] } } };
    },

    async updateClassificationScope(ctx, { id, s3 }) {
      await refuseMembers(ctx);
      const row = await ownScope(ctx, id);
      if (!s3) return {};
      const { bucketNames, operation } = s3.excludes;
      const bad = bucketNames.find((b) => !isValidBucketName(b));
      if (bad !== undefined) throw new errors.ValidationException(`${bad} isn't a valid S3 bucket name.`);
      const current: string[] = JSON.parse(row.excluded);
      const next =
        operation === 'REPLACE' ? [...new Set(bucketNames)]
        : operation === 'ADD' ? [...new Set([...current, ...bucketNames])]
        : current.filter((b) => !bucketNames.includes(b));
      if (next.length > CLASSIFICATION_SCOPE_MAX_EXCLUDED) throw new errors.ValidationException(`A classification scope can exclude at most ${CLASSIFICATION_SCOPE_MAX_EXCLUDED} buckets.`);
      await db.updateTable('macie_ad_scopes').set({ excluded: JSON.stringify(next) }).where('id', '=', id).execute();
      return {};
    },

    async listClassificationScopes(ctx, { name, nextToken }) {
      await config(ctx);
      let q = db.selectFrom('macie_ad_scopes').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('region', '=', ctx.region);
      if (name) q = q.where('name', '=', name);
      const rows = await q.orderBy('id').execute();
      const p = validated(() => page(rows, undefined, nextToken, SCOPES_PAGE));
      return { classificationScopes: p.items.map((r) => ({ id: r.id, name: r.name })), ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },

    async getSensitivityInspectionTemplate(ctx, { id }) {
      const t = await ownTemplate(ctx, id);
      return {
        ...(t.description !== undefined ? { description: t.description } : {}),
        excludes: { managedDataIdentifierIds: t.excludes.managedDataIdentifierIds ?? [] },
        includes: { allowListIds: t.includes.allowListIds ?? [], customDataIdentifierIds: t.includes.customDataIdentifierIds ?? [], managedDataIdentifierIds: t.includes.managedDataIdentifierIds ?? [] },
        name: t.name,
        sensitivityInspectionTemplateId: t.id,
      };
    },

    async updateSensitivityInspectionTemplate(ctx, { id, description, excludes, includes }) {
      await refuseMembers(ctx);
      await ownTemplate(ctx, id);
      const inc: SensitivityInspectionTemplateIncludes = {
        allowListIds: [...new Set(includes?.allowListIds ?? [])],
        customDataIdentifierIds: [...new Set(includes?.customDataIdentifierIds ?? [])],
        managedDataIdentifierIds: [...new Set(includes?.managedDataIdentifierIds ?? [])],
      };
      const exc: SensitivityInspectionTemplateExcludes = { managedDataIdentifierIds: [...new Set(excludes?.managedDataIdentifierIds ?? [])] };
      if (description !== undefined && description.length > TEMPLATE_DESCRIPTION_MAX) throw new errors.ValidationException(`description can be at most ${TEMPLATE_DESCRIPTION_MAX} characters.`);
      const unknown = [...inc.managedDataIdentifierIds!, ...exc.managedDataIdentifierIds!].filter((m) => !getManagedIdentifier(m));
      if (unknown.length) throw new errors.ValidationException(`The managed data identifiers ${[...new Set(unknown)].join(', ')} don't exist.`);
      const both = inc.managedDataIdentifierIds!.filter((m) => exc.managedDataIdentifierIds!.includes(m));
      if (both.length) throw new errors.ValidationException(`A managed data identifier can't be both included and excluded: ${both.join(', ')}.`);
      if (inc.customDataIdentifierIds!.length > TEMPLATE_MAX_CUSTOM_IDENTIFIERS) throw new errors.ValidationException(`A template can include at most ${TEMPLATE_MAX_CUSTOM_IDENTIFIERS} custom data identifiers.`);
      if (inc.allowListIds!.length > TEMPLATE_MAX_ALLOW_LISTS) throw new errors.ValidationException(`A template can include at most ${TEMPLATE_MAX_ALLOW_LISTS} allow lists.`);
      try {
        await deps.detection?.check(ctx, { customDataIdentifierIds: inc.customDataIdentifierIds, allowListIds: inc.allowListIds } as JobDefinition);
      } catch (err) {
        throw err instanceof JobError ? new errors.ValidationException(err.message) : err;
      }
      await db
        .updateTable('macie_ad_templates')
        .set({ description: description ?? null, includes: JSON.stringify(inc), excludes: JSON.stringify(exc) })
        .where('id', '=', id)
        .execute();
      return {};
    },

    async listSensitivityInspectionTemplates(ctx, { maxResults, nextToken }) {
      const c = await config(ctx);
      const t = (await templateById(db, c.templateId))!;
      const p = validated(() => page([{ id: t.id, name: t.name }], maxResults, nextToken, 25));
      return { sensitivityInspectionTemplates: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
    },
  } satisfies Partial<Macie2Api>;
};
