// The default metrics' event-loop-lag monitor must not wake an idle server 100 times a second (prom-client's
// default resolution, 10 ms), and /metrics must still carry the lag metric.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

describe('metrics registry', () => {
  it('samples event-loop lag at 100 ms or coarser, and still exports it', async () => {
    // prom-client is CommonJS and reads perf_hooks.monitorEventLoopDelay when collectDefaultMetrics runs.
    const perfHooks = createRequire(import.meta.url)('node:perf_hooks') as typeof import('node:perf_hooks');
    const real = perfHooks.monitorEventLoopDelay;
    const resolutions: number[] = [];
    perfHooks.monitorEventLoopDelay = (options) => {
      resolutions.push(options?.resolution ?? 10);
      return real(options);
    };
    try {
      vi.resetModules();
      const { metricsText } = await import('./metrics.js');
      expect(resolutions.length).toBeGreaterThan(0);
      for (const r of resolutions) expect(r).toBeGreaterThanOrEqual(100);
      const { body } = await metricsText();
      expect(body).toMatch(/^sift_nodejs_eventloop_lag_seconds /m);
      expect(body).toMatch(/^sift_nodejs_eventloop_lag_p99_seconds /m);
    } finally {
      perfHooks.monitorEventLoopDelay = real;
    }
  });
});
