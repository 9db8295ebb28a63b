export * from './schema.js';
export * from './dialects.js';
export { acquireLease, releaseLease, leaseHolder, leaseGuard, type LeaseOptions } from './leases.js';
export { swapColumn } from './column-swap.js';
export { int4Array, int8Array, textArray } from './pg-binary-arrays.js';
export { runPrepared } from './pg-prepared.js';
