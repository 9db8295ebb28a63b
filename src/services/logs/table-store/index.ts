// The CloudWatch Logs event store in the database (PostgreSQL deployments with several API processes).
export { TableEventStore, type TableStoreOptions } from './store.js';
