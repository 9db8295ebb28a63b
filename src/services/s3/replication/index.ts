export { createReplicationOperations, replicationNotFound } from './operations.js';
export { createReplicator, MAX_ATTEMPTS, type Replicator, type ReplicationJob } from './replicator.js';
export { validateReplicationConfiguration, storedRules, targetsFor, bucketOfArn, MAX_REPLICATION_RULES, type StoredRule, type ReplicationTarget } from './config.js';
export { replicationSession, S3_SERVICE_PRINCIPAL, type ReplicationRoles } from './role.js';
