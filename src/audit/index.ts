// The audit part: CloudTrail records of every call, stored as event history.
export { createAuditTrail, type AuditTrail, type AuditTrailDeps, type AuditTrailOptions } from './trail.js';
export { buildAuditEvent, buildServiceEvent, EVENT_VERSION, type AuditCall, type AuditEvent, type CloudTrailRecord, type ServiceEventInput } from './record.js';
export type { HistoryCursor, HistoryEvent, HistoryPage, HistoryQuery, LookupAttributeKey } from './event-history.js';
export type { UserIdentity } from './user-identity.js';
export { HIDDEN } from './parameters.js';
export { isReadOnly } from './operation-traits.js';
