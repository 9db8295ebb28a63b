export { createCloudTrailProvider, createCloudTrailRegistration, type CloudTrailDeps, type CloudTrailRegistrationDeps } from './provider.js';
export { EVENT_HISTORY_DAYS, DEFAULT_MAX_RESULTS } from './lookup-events.js';
export { createHistoryRetention } from './history-retention.js';
export { bucketAllowsCloudTrail, logRoleProblem, CLOUDTRAIL_PRINCIPAL } from './service-access.js';
