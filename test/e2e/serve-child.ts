// A Sift server in a child process of its own, for tests that must kill it (SIGKILL) and start it again on the same
// data directory. Run with `node --import tsx test/e2e/serve-child.ts`; prints the endpoint when ready.
import { loadConfig, silentLogger } from '../../src/common/index.js';
import { createSift } from '../../src/gateway/index.js';

const sift = await createSift({ config: loadConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent' }), logger: silentLogger });
const endpoint = await sift.listen();
process.stdout.write(`READY ${endpoint}\n`);
