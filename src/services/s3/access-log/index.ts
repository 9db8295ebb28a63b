// S3 server access logging: PutBucketLogging's checks, the record format, the recorder that takes records off the
// request path, and the delivery of log objects into target buckets.
export { validateLogging, policyAllowsLogging, keyFormatOf, LOGGING_SERVICE, type KeyFormat } from './config.js';
export { formatRecord, logObjectKey, logTime, operationField, lifecycleOperation, LIFECYCLE_OPERATIONS, type AccessRecord } from './format.js';
export { createAccessLogRecorder, toPending, type AccessLogRecorder, type LifecycleAction } from './recorder.js';
export { createAccessLogDelivery, type AccessLogDelivery } from './delivery.js';
export { createLoggingOperations } from './operations.js';
