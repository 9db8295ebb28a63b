// One validated configuration object, from flags, the environment (SIFT_*) and defaults.
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseOutboundAllow } from './outbound.js';

export const configSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4599),
  dataDir: z.string().default('.sift'),
  /** postgres://… for PostgreSQL; otherwise the SQLite file in the data dir. */
  databaseUrl: z.string().optional(),
  redisUrl: z.string().optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/).default('us-east-1'),
  accountId: z.string().regex(/^\d{12}$/, 'SIFT_ACCOUNT_ID must be 12 digits').optional(),
  rootAccessKeyId: z.string().min(16).max(128).optional(),
  rootSecretAccessKey: z.string().min(16).max(128).optional(),
  /** Base64 of 32 bytes; when absent, `<dataDir>/master.key` (created on first start). */
  masterKey: z.string().optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Monthly sensitive data discovery quota per account, in bytes (Macie's default: 5 TB). */
  macieMonthlyQuotaBytes: z.coerce.number().int().positive().default(5 * 1024 ** 4),
  /** Hosts API callers may name in raw URLs (alarm actions): comma-separated host[:port] patterns; none by default. */
  outboundAllow: z.string().default(''),
  /** PEM file of CAs trusted, besides Node's roots, for OIDC identity providers' HTTPS (AssumeRoleWithWebIdentity). */
  oidcCaBundle: z.string().optional(),
  /** CloudTrail trails: seconds between log file deliveries (CloudTrail: about every 5 minutes). */
  trailDeliverySeconds: z.coerce.number().positive().default(300),
  /** CloudTrail trails: seconds between digest files (CloudTrail: hourly). */
  trailDigestSeconds: z.coerce.number().positive().default(3600),
  /** Bearer token Prometheus must send to /metrics; without one, /metrics answers loopback clients only. */
  metricsToken: z.string().min(16, 'SIFT_METRICS_TOKEN must be at least 16 characters').optional(),
  /** SIGTERM: longest wait for in-flight calls to finish before their connections are closed. */
  drainSeconds: z.coerce.number().min(0).default(30),
  /** Macie automated sensitive data discovery: seconds between two runs of an account (Macie: daily). */
  automatedDiscoverySeconds: z.coerce.number().positive().default(86400),
  /** Bytes one automated discovery run of an account may analyse, shared evenly by its buckets (default 1 GiB). */
  automatedDiscoveryRunBytes: z.coerce.number().int().positive().default(1024 ** 3),
  /** Redis key prefix of the shared work queue (one per deployment sharing a Redis). */
  redisPrefix: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'SIFT_REDIS_PREFIX: letters, digits, _ . - (at most 64)').default('sift'),
  /** A worker's lease on a work item: another worker takes the item over this long after its worker died. */
  workLeaseMs: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** How often each process looks for due scheduled runs, lost work and job events to publish. */
  jobsTickMs: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  /** Where CloudWatch Logs events live: `files` (segment files, one process) or `database` (default with PostgreSQL). */
  logsEventStore: z.enum(['files', 'database']).optional(),
});

export type SiftConfig = z.infer<typeof configSchema>;

/** Builds the config: explicit values (CLI flags) win over the environment, which wins over defaults. */
export function loadConfig(flags: Partial<Record<keyof SiftConfig, unknown>> = {}, env: NodeJS.ProcessEnv = process.env): SiftConfig {
  const fromEnv = {
    host: env.SIFT_HOST,
    port: env.SIFT_PORT,
    dataDir: env.SIFT_DATA_DIR,
    databaseUrl: env.SIFT_DATABASE_URL,
    redisUrl: env.SIFT_REDIS_URL,
    region: env.SIFT_REGION,
    accountId: env.SIFT_ACCOUNT_ID,
    rootAccessKeyId: env.SIFT_ROOT_ACCESS_KEY_ID,
    rootSecretAccessKey: env.SIFT_ROOT_SECRET_ACCESS_KEY,
    masterKey: env.SIFT_MASTER_KEY,
    logLevel: env.SIFT_LOG_LEVEL,
    macieMonthlyQuotaBytes: env.SIFT_MACIE_MONTHLY_QUOTA_BYTES,
    outboundAllow: env.SIFT_OUTBOUND_ALLOW,
    oidcCaBundle: env.SIFT_OIDC_CA_BUNDLE,
    trailDeliverySeconds: env.SIFT_TRAIL_DELIVERY_SECONDS,
    trailDigestSeconds: env.SIFT_TRAIL_DIGEST_SECONDS,
    metricsToken: env.SIFT_METRICS_TOKEN,
    drainSeconds: env.SIFT_DRAIN_SECONDS,
    automatedDiscoverySeconds: env.SIFT_AUTOMATED_DISCOVERY_SECONDS,
    automatedDiscoveryRunBytes: env.SIFT_AUTOMATED_DISCOVERY_RUN_BYTES,
    redisPrefix: env.SIFT_REDIS_PREFIX,
    workLeaseMs: env.SIFT_WORK_LEASE_MS,
    jobsTickMs: env.SIFT_JOBS_TICK_MS,
    logsEventStore: env.SIFT_LOGS_EVENT_STORE,
  };
  const merged: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fromEnv)) if (v !== undefined && v !== '') merged[k] = v;
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) merged[k] = v;
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const config = parsed.data;
  if (Boolean(config.rootAccessKeyId) !== Boolean(config.rootSecretAccessKey)) {
    throw new Error('invalid configuration: SIFT_ROOT_ACCESS_KEY_ID and SIFT_ROOT_SECRET_ACCESS_KEY must be set together');
  }
  parseOutboundAllow(config.outboundAllow); // refuse a bad pattern at start, not at the first alarm
  return { ...config, dataDir: resolve(config.dataDir) };
}
