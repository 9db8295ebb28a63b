export * from './passwords.js';
export * from './login-profiles.js';
export * from './user-credentials.js';
export * from './account-aliases.js';
export * from './credential-reports.js';
export * from './key-material.js';
export * from './account-facts.js';
export * from './report-csv.js';
