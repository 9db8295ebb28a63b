export { createSift, type Sift, type SiftOptions } from './app.js';
export { credentialsFile, verifyMasterKey, type RootCredentials } from './bootstrap.js';
export { sealDataDir, loadMasterKey, masterKeyFile } from './data-dir.js';
export { consoleBuilt } from './console-files.js';
