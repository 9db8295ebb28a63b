export { createMacie2Registration } from './provider.js';
export { MacieSessions } from './sessions.js';
// What the jobs part needs to build a run's scanner: the account's custom identifiers and allow lists.
export { loadCustomDataIdentifiers } from './ops/identifiers.js';
export { loadAllowLists, readWordsList, storageFromObjectStorage } from './ops/allow-lists.js';
