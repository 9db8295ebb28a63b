// `npm run compatibility`: writes docs/compatibility.md (see render.ts). test/compatibility.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { COMPATIBILITY_DOC, renderCompatibility } from './render.js';

writeFileSync(COMPATIBILITY_DOC, await renderCompatibility());
console.log(`wrote ${COMPATIBILITY_DOC}`);
