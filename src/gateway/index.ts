export { createSift, type Sift, type SiftOptions } from './app.js';
export { credentialsFile, type RootCredentials } from './bootstrap.js';
