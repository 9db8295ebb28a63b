/**
 * Logs Insights query results under a KMS key, as CloudWatch Logs does it: AssociateKmsKey with the resourceIdentifier
 * `arn:aws:logs:<region>:<account>:query-result:*` makes that key seal the stored results of every later StartQuery of
 * the account (a log group's own key does not: AWS's AssociateKmsKey documentation says so). Each query's results get
 * a data key from KMS, asked as logs.<region>.amazonaws.com with the encryption context aws:logs:arn = that resource
 * ARN; only the wrapped data key is stored, and GetQueryResults opens it through KMS again, so results sealed under a
 * key that is later disabled, pending deletion or no longer allowed cannot be read. DisassociateKmsKey affects only
 * later queries.
 */
import type { Kysely } from 'kysely';
import { ServiceError } from '../../../common/index.js';
import { errors } from '../../../models/logs/index.js';
import type { KmsRequester, ObjectKms } from '../../../storage/index.js';
import type { Database } from '../../../store/index.js';
import { eventCipher } from '../event-cipher.js';
import { keyUnusable, kmsUseError } from '../kms-groups.js';

export const queryResultsArn = (region: string, accountId: string) => `arn:aws:logs:${region}:${accountId}:query-result:*`;

const HOLDER = "the account's query results";
/** The only ref of a query's one data key in its sealed results. */
const REF = 1;

export class QueryResultsKeys {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kms: ObjectKms | undefined,
  ) {}

  private requester(accountId: string, region: string): KmsRequester {
    return { service: { name: `logs.${region}.amazonaws.com`, accountId, region, sourceArn: queryResultsArn(region, accountId) } };
  }

  private context(accountId: string, region: string): Record<string, string> {
    return { 'aws:logs:arn': queryResultsArn(region, accountId) };
  }

  /** The key later queries' results are sealed under, if one is associated. */
  async current(accountId: string, region: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('logs_query_results_keys').select('kms_key_arn').where('account_id', '=', accountId).where('region', '=', region).executeTakeFirst();
    return row?.kms_key_arn;
  }

  /** AssociateKmsKey for query results: Logs must be able to use the key (asking it for a data key is the check). */
  async associate(accountId: string, region: string, keyId: string): Promise<void> {
    const { keyArn } = await this.dataKey(accountId, region, keyId, (plaintext) => plaintext.fill(0));
    await this.db
      .insertInto('logs_query_results_keys')
      .values({ account_id: accountId, region, kms_key_arn: keyArn })
      .onConflict((oc) => oc.columns(['account_id', 'region']).doUpdateSet({ kms_key_arn: keyArn }))
      .execute();
  }

  /** DisassociateKmsKey for query results: later results are sealed the default way; earlier ones keep their key. */
  async disassociate(accountId: string, region: string): Promise<void> {
    await this.db.deleteFrom('logs_query_results_keys').where('account_id', '=', accountId).where('region', '=', region).execute();
  }

  /** Seals a query's results (JSON) under a new data key of `keyArn`; bound to the query by the cipher's additional data. */
  async seal(accountId: string, region: string, keyArn: string, queryId: string, json: string): Promise<{ sealed: string; wrapped: string }> {
    let sealed = '';
    const { blob } = await this.dataKey(accountId, region, keyArn, (plaintext) => {
      // The cipher's form begins with NUL (kept apart from clear log messages), which PostgreSQL text cannot hold.
      sealed = eventCipher(aad(region, accountId, queryId), new Map([[REF, plaintext]]), REF).seal(json).slice(1);
      plaintext.fill(0);
    });
    return { sealed, wrapped: blob };
  }

  /** Opens sealed results: KMS must still open their data key. */
  async open(accountId: string, region: string, keyArn: string, queryId: string, wrapped: string, sealed: string): Promise<string> {
    if (!this.kms) throw keyUnusable(keyArn, 'KMS is not available', HOLDER);
    let key: Buffer;
    try {
      key = await this.kms.open(this.requester(accountId, region), wrapped, this.context(accountId, region));
    } catch (err) {
      throw kmsUseError(err, keyArn, HOLDER);
    }
    try {
      return eventCipher(aad(region, accountId, queryId), new Map([[REF, key]])).open(`\u0000${sealed}`);
    } finally {
      key.fill(0);
    }
  }

  private async dataKey(accountId: string, region: string, keyId: string, use: (plaintext: Buffer) => void): Promise<{ keyArn: string; blob: string }> {
    const arn = queryResultsArn(region, accountId);
    if (!this.kms) throw notUsable(arn);
    let generated: { plaintext: Buffer; blob: string; keyArn: string };
    try {
      generated = await this.kms.generate(this.requester(accountId, region), keyId, this.context(accountId, region));
    } catch (err) {
      const code = err instanceof ServiceError ? err.code : '';
      if (code === 'NotFoundException') throw new errors.InvalidParameterException(`Specified KMS key ${keyId} does not exist.`);
      if (code === 'DisabledException' || code === 'KMSInvalidStateException') throw new errors.InvalidParameterException(`Specified KMS key ${keyId} is not enabled.`);
      if (code === 'AccessDeniedException') throw notUsable(arn);
      throw err;
    }
    use(generated.plaintext);
    return { keyArn: generated.keyArn, blob: generated.blob };
  }
}

const aad = (region: string, accountId: string, queryId: string) => `${queryResultsArn(region, accountId)}/${queryId}`;

function notUsable(arn: string) {
  return new errors.AccessDeniedException(`The specified KMS key does not exist or is not allowed to be used with Arn '${arn}'`);
}
