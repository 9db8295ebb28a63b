export * from './schema.js';
export * from './dialects.js';
export { acquireLease, releaseLease, leaseHolder, leaseGuard, type LeaseOptions } from './leases.js';
export { swapColumn } from './column-swap.js';
