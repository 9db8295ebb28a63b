// Prometheus metrics for the whole process (API server and workers alike), on one prom-client registry. Counters
// that deep code increments (bytes scanned, findings written) are module-level so no dependency has to be threaded
// through the scanner; the gateway adds request metrics; anything else (audit backlog, queue depth, units in
// flight) registers a gauge whose value is read when /metrics is scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { scanCounters } from './scan-counters.js';

export const metricsRegistry = new Registry();
// The event-loop-lag metric samples through a libuv timer at this resolution. prom-client's default, 10 ms, wakes an
// idle loop 100 times a second forever (an epoll wake-up, timers, a microtask checkpoint each time: ~6 ms of CPU per
// second on an idle server); 100 ms keeps the metric (its min, max, mean and percentiles) at a tenth of the wake-ups.
export const EVENT_LOOP_MONITORING_PRECISION_MS = 100;
collectDefaultMetrics({ register: metricsRegistry, prefix: 'sift_', eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });

export const requestsTotal = new Counter({
  name: 'sift_requests_total',
  help: 'API calls answered, by service, operation and HTTP status.',
  labelNames: ['service', 'operation', 'status'] as const,
  registers: [metricsRegistry],
});

export const requestSeconds = new Histogram({
  name: 'sift_request_duration_seconds',
  help: 'Time from the first byte of a request to its response being handed to the socket, by service and operation.',
  labelNames: ['service', 'operation'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

/** A counter the scan path keeps in scan-counters.ts, read at scrape time. */
function scanCounter(name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [metricsRegistry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}
scanCounter('sift_scan_bytes_total', 'Object bytes read by sensitive data discovery.', () => scanCounters.bytes);
scanCounter('sift_scan_objects_total', 'Objects analysed by sensitive data discovery.', () => scanCounters.objects);
export const findingsWritten = new Counter({ name: 'sift_findings_written_total', help: 'Macie findings stored (new or updated).', registers: [metricsRegistry] });

/**
 * A gauge read at scrape time (`() => number`). Registering a name again replaces the earlier reader (a server
 * restarted in the same process, tests). Names must be Prometheus names (`sift_queue_depth`).
 */
export function registerGauge(name: string, help: string, read: () => number): void {
  if (metricsRegistry.getSingleMetric(name)) metricsRegistry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    registers: [metricsRegistry],
    collect() {
      this.set(read());
    },
  });
}

/** A gauge with labels, read at scrape time: `read` returns one value per label set. */
export function registerLabelledGauge(name: string, help: string, labelNames: readonly string[], read: () => Array<{ labels: Record<string, string>; value: number }>): void {
  if (metricsRegistry.getSingleMetric(name)) metricsRegistry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    collect() {
      this.reset();
      for (const { labels, value } of read()) this.set(labels, value);
    },
  });
}

/** The exposition text (Prometheus text format 0.0.4) and its content type. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
