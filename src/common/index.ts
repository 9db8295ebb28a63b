export * from './clock.js';
export * from './ids.js';
export * from './errors.js';
export * from './log.js';
export * from './limits.js';
export * from "./context.js";
export * from "./config.js";
export * from "./sealing.js";
