export * from './directory.js';
export * from './sessions.js';
export * from './identity.js';
export * from './ids.js';
export * from './authorize.js';
export * from './credential-cache.js';
export * from './service-write.js';
