export * from './schema.js';
export * from './dialects.js';
