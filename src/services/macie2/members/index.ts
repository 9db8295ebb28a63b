export { memberOps, followOrganizationMembership, memberArn, MACIE_SERVICE_PRINCIPAL } from './ops.js';
export { MemberStore, ASSOCIATED, type MemberRecord } from './store.js';
export { jobAccounts } from './job-accounts.js';
export { macieOrganization } from './organization.js';
