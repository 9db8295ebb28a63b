// The audit part: CloudTrail records of every call, stored as event history.
export { createAuditTrail, type AuditTrail, type AuditTrailDeps, type AuditTrailOptions } from './trail.js';
export { buildAuditEvent, buildServiceEvent, EVENT_VERSION, type AuditCall, type AuditEvent, type CloudTrailRecord, type ServiceEventInput } from './record.js';
export type { HistoryCursor, HistoryEvent, HistoryPage, HistoryQuery, LookupAttributeKey } from './event-history.js';
export type { UserIdentity } from './user-identity.js';
export { HIDDEN } from './parameters.js';
export { isReadOnly } from './operation-traits.js';
export { createTrailDelivery, errorText, type TrailDelivery, type TrailDeliveryDeps, type TrailDeliveryOptions, type TrailObjectWriter, type TrailLogGroupSink } from './trail-delivery.js';
export { TrailsRepo, trailArn, lastAuditSeq, type TrailConfig, type TrailRecord, type TrailStatus } from './trails-repo.js';
export { createSigningKeys, KEY_ROTATION_MS, type SigningKeys, type PublicSigningKey } from './signing-keys.js';
export { selectsEvent, DEFAULT_EVENT_SELECTORS, ADVANCED_FIELDS, type TrailSelection } from './event-selectors.js';
export { buildDigest, stringToSign, digestKey, SIGNATURE_ALGORITHM } from './digest-file.js';
export { logFileKey, logFileBody } from './log-file.js';
