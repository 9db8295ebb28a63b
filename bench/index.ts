// `npm run bench`: the platform benchmark (gateway cost against a bare server). The other benchmarks have their
// own scripts: bench:detect, bench:logs, bench:jobs.
import { benchGateway, printGateway } from './gateway.js';

printGateway(await benchGateway());
