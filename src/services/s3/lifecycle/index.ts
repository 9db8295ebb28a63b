// S3 lifecycle: the configuration's checks, its evaluation, the API and the sweeper that carries it out.
export { validateLifecycleConfiguration, parseLifecycleColumn, MAX_LIFECYCLE_RULES, type StoredLifecycle } from './rules.js';
export { expirationHeader, objectExpiration, dueTransition, dueNoncurrentTransition, canTransition, dueAfterDays, currentExpiry, noncurrentExpiry, uploadAbortAt, removesExpiredDeleteMarker, ruleSelects } from './evaluate.js';
export { createLifecycleOperations } from './operations.js';
export { createLifecycleSweeper, type LifecycleSweeper, type LifecycleActions } from './sweeper.js';
