// Amazon EventBridge: the pattern language (shared with SNS filter policies).
export * from './pattern/index.js';
