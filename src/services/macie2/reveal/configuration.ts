// The reveal configuration of an account and Region (GetRevealConfiguration / UpdateRevealConfiguration): whether
// revealing samples is enabled, the KMS key named for the samples (checked for shape; Sift keeps no KMS keys, and
// samples never leave memory), and how objects are read — with the caller's own credentials, or by assuming a role
// whose name the account gives, with an external ID Macie generates. As Macie documents, disabling the
// configuration, or going back to CALLER_CREDENTIALS, deletes the role name and the external ID for good.
import type { Kysely } from 'kysely';
import type { IdSource } from '../../../common/index.js';
import { errors, type GetRevealConfigurationResponse, type UpdateRevealConfigurationRequest } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';

const NAMESPACE = 'macie-reveal-configuration';
const keyOf = (accountId: string, region: string) => `${accountId}/${region}`;

export interface RevealSettings {
  status: 'ENABLED' | 'DISABLED';
  kmsKeyId?: string;
  retrievalMode: 'CALLER_CREDENTIALS' | 'ASSUME_ROLE';
  roleName?: string;
  externalId?: string;
}

const DEFAULT_SETTINGS: RevealSettings = Object.freeze({ status: 'DISABLED', retrievalMode: 'CALLER_CREDENTIALS' });

export async function readRevealSettings(db: Kysely<Database>, accountId: string, region: string): Promise<RevealSettings> {
  const row = await db.selectFrom('kv').select('value').where('namespace', '=', NAMESPACE).where('key', '=', keyOf(accountId, region)).executeTakeFirst();
  return row ? (JSON.parse(row.value) as RevealSettings) : { ...DEFAULT_SETTINGS };
}

async function writeRevealSettings(db: Kysely<Database>, accountId: string, region: string, settings: RevealSettings): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('kv').where('namespace', '=', NAMESPACE).where('key', '=', keyOf(accountId, region)).execute();
    await trx.insertInto('kv').values({ namespace: NAMESPACE, key: keyOf(accountId, region), value: JSON.stringify(settings) }).execute();
  });
}

export function toRevealConfigurationResponse(s: RevealSettings): GetRevealConfigurationResponse {
  return {
    configuration: { status: s.status, ...(s.kmsKeyId ? { kmsKeyId: s.kmsKeyId } : {}) },
    retrievalConfiguration: {
      retrievalMode: s.retrievalMode,
      ...(s.retrievalMode === 'ASSUME_ROLE' ? { roleName: s.roleName, externalId: s.externalId } : {}),
    },
  };
}

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

/**
 * A KMS key id as Macie takes it: a key ARN, key id (UUID or multi-Region `mrk-…`), alias name (`alias/…`) or alias
 * ARN, in the same Region as the account's Macie. Returns the refusal, or undefined when the shape is right.
 */
export function kmsKeyIdProblem(kmsKeyId: string, region: string): string | undefined {
  if (KEY_ID.test(kmsKeyId)) return undefined;
  if (ALIAS_NAME.test(kmsKeyId)) {
    if (kmsKeyId.startsWith('alias/aws/')) return 'The KMS key must be a customer managed key; aliases that begin with alias/aws/ name AWS managed keys.';
    return undefined;
  }
  const m = KMS_ARN.exec(kmsKeyId);
  if (m) {
    const [, keyRegion, , kind, rest] = m;
    if (keyRegion !== region) return `The KMS key must be in the same Region as the Macie account (${region}).`;
    if (kind === 'key' && !KEY_ID.test(rest!)) return 'The KMS key ARN must end with a key id.';
    if (kind === 'alias' && !ALIAS_NAME.test(`alias/${rest}`)) return 'The KMS alias ARN must end with a valid alias name.';
    if (kind === 'alias' && rest!.startsWith('aws/')) return 'The KMS key must be a customer managed key; aliases that begin with alias/aws/ name AWS managed keys.';
    return undefined;
  }
  return 'The kmsKeyId must be the ARN, id or alias (alias/…) of a KMS key.';
}

/** An external ID as Macie generates them: a unique alphanumeric string. */
function newExternalId(ids: IdSource): string {
  return ids.chars(32, 'abcdefghijklmnopqrstuvwxyz0123456789');
}

export interface UpdateRevealDeps {
  db: Kysely<Database>;
  ids: IdSource;
  /** Whether the role exists in the account (Macie checks it before accepting ASSUME_ROLE). */
  roleExists(accountId: string, roleName: string): Promise<boolean>;
  /**
   * Why the KMS key can't serve reveal (it doesn't exist, isn't enabled or isn't customer managed), or undefined
   * when it can; absent where Sift runs without KMS.
   */
  keyProblem?(kmsKeyId: string): Promise<string | undefined>;
}

export async function updateRevealSettings(deps: UpdateRevealDeps, accountId: string, region: string, input: UpdateRevealConfigurationRequest): Promise<RevealSettings> {
  const current = await readRevealSettings(deps.db, accountId, region);
  const { status, kmsKeyId } = input.configuration;
  if (kmsKeyId !== undefined) {
    const problem = kmsKeyIdProblem(kmsKeyId, region);
    if (problem) throw new errors.ValidationException(problem);
    // Macie takes only an existing, enabled, customer managed symmetric key (UpdateRevealConfiguration's model).
    const keyProblem = await deps.keyProblem?.(kmsKeyId);
    if (keyProblem) throw new errors.ValidationException(keyProblem);
  }
  const key = kmsKeyId ?? current.kmsKeyId;
  if (status === 'ENABLED' && !key) throw new errors.ValidationException('A KMS key (kmsKeyId) is required to enable the configuration.');

  const retrieval = input.retrievalConfiguration;
  if (retrieval?.retrievalMode === 'CALLER_CREDENTIALS' && retrieval.roleName !== undefined) {
    throw new errors.ValidationException('roleName can be specified only when retrievalMode is ASSUME_ROLE.');
  }
  if (retrieval?.retrievalMode === 'ASSUME_ROLE' && !retrieval.roleName) {
    throw new errors.ValidationException('A roleName is required when retrievalMode is ASSUME_ROLE.');
  }

  let next: RevealSettings;
  if (status === 'DISABLED') {
    // Disabling deletes how objects are accessed, role name and external ID included.
    next = { status, ...(key ? { kmsKeyId: key } : {}), retrievalMode: 'CALLER_CREDENTIALS' };
  } else {
    const mode = retrieval?.retrievalMode ?? current.retrievalMode;
    if (mode === 'ASSUME_ROLE') {
      const roleName = retrieval?.roleName ?? current.roleName;
      if (!roleName) throw new errors.ValidationException('A roleName is required when retrievalMode is ASSUME_ROLE.');
      if (!(await deps.roleExists(accountId, roleName))) {
        throw new errors.ValidationException(`The IAM role ${roleName} doesn't exist in account ${accountId}.`);
      }
      const externalId = current.retrievalMode === 'ASSUME_ROLE' && current.externalId ? current.externalId : newExternalId(deps.ids);
      next = { status, kmsKeyId: key!, retrievalMode: 'ASSUME_ROLE', roleName, externalId };
    } else {
      next = { status, kmsKeyId: key!, retrievalMode: 'CALLER_CREDENTIALS' };
    }
  }
  await writeRevealSettings(deps.db, accountId, region, next);
  return next;
}
