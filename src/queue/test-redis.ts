// Redis for tests: SIFT_TEST_REDIS_URL (default redis://127.0.0.1:6379); suites that need it skip, saying so, when it
// does not answer.
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.SIFT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis server answers PING at `url` within a second (no retries: a missing server must not stall a suite). */
export async function redisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** Deletes every key matching `pattern` (a SCAN pattern such as `prefix:*`), so a run leaves a shared Redis as it was. */
export async function dropRedisKeys(pattern: string, url = TEST_REDIS_URL): Promise<void> {
  const r = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await r.quit();
  }
}
