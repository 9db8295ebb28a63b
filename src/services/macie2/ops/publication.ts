// GetFindingsPublicationConfiguration / PutFindingsPublicationConfiguration: which findings Macie publishes to AWS
// Security Hub (securityHubConfiguration). Stored per account and Region; the defaults are the model's
// (publishPolicyFindings true, publishClassificationFindings false). Sift has no Security Hub, which is the situation
// of an AWS account where Security Hub isn't enabled: Macie accepts and keeps the setting there too, and publishes
// nothing until Security Hub is enabled. Deleted with the account's other settings by DisableMacie.
import type { Kysely } from 'kysely';
import { errors, type Macie2Api, type SecurityHubConfiguration } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';

export const PUBLICATION_NAMESPACE = 'macie-findings-publication';
const keyOf = (accountId: string, region: string) => `${accountId}/${region}`;

export const DEFAULT_SECURITY_HUB_CONFIGURATION: SecurityHubConfiguration = Object.freeze({ publishClassificationFindings: false, publishPolicyFindings: true });

export const publicationOps = (deps: { db: Kysely<Database> }) =>
  ({
    async getFindingsPublicationConfiguration(ctx) {
      const row = await deps.db.selectFrom('kv').select('value').where('namespace', '=', PUBLICATION_NAMESPACE).where('key', '=', keyOf(ctx.accountId, ctx.region)).executeTakeFirst();
      return { securityHubConfiguration: row ? (JSON.parse(row.value) as SecurityHubConfiguration) : { ...DEFAULT_SECURITY_HUB_CONFIGURATION } };
    },

    async putFindingsPublicationConfiguration(ctx, input) {
      const c = input.securityHubConfiguration;
      if (c === undefined || c === null) throw new errors.ValidationException('securityHubConfiguration is required.');
      for (const field of ['publishClassificationFindings', 'publishPolicyFindings'] as const) {
        if (typeof c[field] !== 'boolean') throw new errors.ValidationException(`securityHubConfiguration.${field} is required and must be a boolean.`);
      }
      const value = JSON.stringify({ publishClassificationFindings: c.publishClassificationFindings, publishPolicyFindings: c.publishPolicyFindings });
      const key = keyOf(ctx.accountId, ctx.region);
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('kv').where('namespace', '=', PUBLICATION_NAMESPACE).where('key', '=', key).execute();
        await trx.insertInto('kv').values({ namespace: PUBLICATION_NAMESPACE, key, value }).execute();
      });
      return {};
    },
  }) satisfies Partial<Macie2Api>;
