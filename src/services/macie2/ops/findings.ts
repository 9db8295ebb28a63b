// ListFindings, GetFindings, GetFindingStatistics, CreateSampleFindings and the findings filter operations. The
// logic lives in ../findings/; this module maps the model's requests onto it.
import type { IdSource, RequestContext } from '../../../common/index.js';
import type { Store } from '../../../store/index.js';
import { errors, type Macie2Api } from '../../../models/macie2/index.js';
import { FindingsFilters, FindingsStore, GET_FINDINGS_MAX_IDS, isFindingType, sampleFinding, sampleTypes } from '../../../findings/index.js';

export interface FindingDeps {
  store: Pick<Store, 'db' | 'dialect'>;
  ids: IdSource;
  /** An administrator's current members: it reads their policy findings too (Macie's "Review policy findings: All"). */
  memberAccounts?: (accountId: string, region: string) => Promise<string[]>;
}

export const findingOps = (deps: FindingDeps) => {
  const findings = new FindingsStore(deps.store.db, deps.store.dialect, deps.ids);
  const filters = new FindingsFilters(deps.store.db, deps.store.dialect, deps.ids);
  const readScope = async (ctx: RequestContext) =>
    deps.memberAccounts ? { ...ctx, policyOf: await deps.memberAccounts(ctx.accountId, ctx.region) } : ctx;

  return {
    async listFindings(ctx, input) {
      return findings.list(await readScope(ctx), input);
    },

    async getFindings(ctx, input) {
      const ids = input.findingIds ?? [];
      if (ids.length > GET_FINDINGS_MAX_IDS) throw new errors.ValidationException(`findingIds can contain at most ${GET_FINDINGS_MAX_IDS} finding IDs.`);
      return { findings: await findings.get(await readScope(ctx), ids, input.sortCriteria) };
    },

    async getFindingStatistics(ctx, input) {
      return { countsByGroup: await findings.statistics(await readScope(ctx), input) };
    },

    async createSampleFindings(ctx, input) {
      for (const t of input.findingTypes ?? []) if (!isFindingType(t)) throw new errors.ValidationException(`${String(t)} isn't a finding type.`);
      const now = ctx.clock.now();
      const scope = { accountId: ctx.accountId, region: ctx.region, now, hex: () => deps.ids.hex(16) };
      await findings.recordMany(ctx, sampleTypes(input.findingTypes).map((t) => sampleFinding(scope, t)));
      return {};
    },

    async createFindingsFilter(ctx, input) {
      return filters.create(ctx, input);
    },

    async getFindingsFilter(ctx, { id }) {
      return filters.get(ctx, id);
    },

    async listFindingsFilters(ctx, input) {
      return filters.list(ctx, input);
    },

    async updateFindingsFilter(ctx, input) {
      return filters.update(ctx, input);
    },

    async deleteFindingsFilter(ctx, { id }) {
      await filters.delete(ctx, id);
      return {};
    },
  } satisfies Partial<Macie2Api>;
};
