// Amazon CloudWatch Logs: the registration the gateway serves, and the internal API other parts write events through.
export { createLogsRegistration, createLogsProvider, type LogsRegistration, type LogsProvider, type LogsOptions, type LogsDeps } from './provider.js';
export type { LogsInternalApi, PutEventsResult } from './internal-api.js';
export { exportDestinationFromStorage, exportDestinationFromS3Provider, type ExportDestination } from './export-destination.js';
export { RETENTION_DAYS } from './ops/groups.js';
export type { QueriesWork } from './insights/queries.js';
