// The queue contract on BullMQ. Needs a Redis server: SIFT_TEST_REDIS_URL, else redis://127.0.0.1:6379; the suite
// is skipped with a message when none answers.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import { BullMqQueue } from './bullmq.js';
import { describeQueueContract } from './queue.contract.js';
import { dropRedisKeys, redisReachable, TEST_REDIS_URL } from './test-redis.js';

const url = TEST_REDIS_URL;

const available = await redisReachable();

if (available) {
  // Leave nothing behind in a shared Redis.
  afterAll(() => dropRedisKeys('sift-test:contract-*', url));
  describeQueueContract('bullmq', async (options) => new BullMqQueue({ ...options, url, name: `contract-${randomUUID()}`, prefix: 'sift-test' }));
} else {
  describe('WorkQueue contract: bullmq', () => {
    it.skip(`needs a Redis server at ${url} (set SIFT_TEST_REDIS_URL)`, () => undefined);
  });
}
