// A Macie organization (Macie User Guide: "a set of Macie accounts that are centrally managed as a group of related
// accounts through Organizations or by Macie invitation"): the administrator and its current members in a Region.
// An account outside any such group is an organization of one. Replication to an account outside this set is
// "replicated externally" (ReplicationDetails, Policy:IAMUser/S3BucketReplicatedExternally).
import { ASSOCIATED, type MemberStore } from './store.js';

export async function macieOrganization(members: MemberStore, accountId: string, region: string): Promise<Set<string>> {
  const admin = (await members.asMember(accountId, region)).find((m) => ASSOCIATED.includes(m.relationshipStatus))?.adminAccountId ?? accountId;
  const accounts = new Set([admin, accountId]);
  for (const m of await members.list(admin, region, ASSOCIATED)) accounts.add(m.accountId);
  return accounts;
}
