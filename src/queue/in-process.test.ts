import { InProcessQueue } from './in-process.js';
import { describeQueueContract } from './queue.contract.js';

describeQueueContract('in-process', async (options) => new InProcessQueue(options));
