// What classification jobs ask about accounts: an administrator's current members, and why a job can't analyse
// an account's buckets now, from the real state: the account closed (ACCOUNT_TERMINATED) or isolated by an
// operator (ACCOUNT_ISOLATED), the Region turned off for it (ACCOUNT_REGION_DISABLED), no longer a member
// (ACCOUNT_DISASSOCIATED), Macie disabled (ACCOUNT_DISABLED) or suspended (ACCOUNT_SUSPENDED) for it.
import type { AccountRegistry } from '../../../iam/index.js';
import type { JobAccounts } from '../../../jobs/index.js';
import type { MacieSessions } from '../sessions.js';
import { ASSOCIATED, type MemberStore } from './store.js';

export function jobAccounts(deps: { members: MemberStore; sessions: MacieSessions; accounts: AccountRegistry }): JobAccounts {
  return {
    async members(adminAccountId, region) {
      return (await deps.members.list(adminAccountId, region, ASSOCIATED)).map((m) => m.accountId);
    },
    async condition(adminAccountId, region, accountId) {
      if (accountId === adminAccountId) {
        return (await deps.sessions.get(accountId, region))?.status === 'PAUSED' ? 'ACCOUNT_SUSPENDED' : undefined;
      }
      const state = await deps.accounts.condition(accountId, region);
      if (state === 'closed') return 'ACCOUNT_TERMINATED';
      if (state === 'isolated') return 'ACCOUNT_ISOLATED';
      if (state === 'region-disabled') return 'ACCOUNT_REGION_DISABLED';
      const member = await deps.members.get(adminAccountId, region, accountId);
      if (!member || !ASSOCIATED.includes(member.relationshipStatus)) return 'ACCOUNT_DISASSOCIATED';
      const session = await deps.sessions.get(accountId, region);
      if (!session) return 'ACCOUNT_DISABLED';
      if (session.status === 'PAUSED') return 'ACCOUNT_SUSPENDED';
      return undefined;
    },
  };
}
