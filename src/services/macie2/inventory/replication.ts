// BucketMetadata.replicationDetails from the bucket's replication configuration: whether it replicates anywhere,
// the accounts that own its destination buckets, and whether one of them is outside the account's Macie organization.
import type { ReplicationDetails } from '../../../models/macie2/index.js';
import type { BucketConfiguration } from '../../../storage/index.js';

export function replicationDetailsOf(config: Pick<BucketConfiguration, 'replication'>, organization: ReadonlySet<string>): ReplicationDetails {
  const accounts = [...new Set((config.replication?.destinations ?? []).map((d) => d.account))].sort();
  return { replicated: accounts.length > 0, replicatedExternally: accounts.some((a) => !organization.has(a)), replicationAccounts: accounts };
}
