// Totals of the scan path as plain numbers: scanning never loads prom-client (a fifth of `sift scan`'s start-up CPU);
// metrics.ts reports them when /metrics is scraped.
export const scanCounters = { objects: 0, bytes: 0 };
