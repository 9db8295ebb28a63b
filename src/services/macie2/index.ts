export { createMacie2Registration } from './provider.js';
export { MacieSessions } from './sessions.js';
