export * from './providers.js';
export * from './web-identity.js';
export * from './jwks.js';
