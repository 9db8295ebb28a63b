// The composition root: builds the store, IAM, audit trail and every service provider, and serves them all on
// one HTTP port. `createSift` is what `sift serve`, the e2e tests and the benchmarks start.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  createLogger,
  createOutbound,
  defaultHttpLimits,
  parseOutboundAllow,
  randomIds,
  systemClock,
  type Clock,
  type HttpLimits,
  type IdSource,
  type Logger,
  type SiftConfig,
} from '../common/index.js';
import { AccountRegistry, CredentialCache, IamDirectory, IamGroups, KeyUsageRecorder, ManagedPolicies, MfaDevices, OrganizationStore, SessionStore, resolveCredential } from '../iam/index.js';
import { schemas } from '../models/index.js';
import { openStore, type Store } from '../store/index.js';
import { createAuditTrail, type AuditTrail, type TrailDelivery } from '../audit/index.js';
import type { PlatformDeps, ProviderRegistry, ServiceRegistration } from '../services/types.js';
import { createStsRegistration } from '../services/sts/index.js';
import { createIamRegistration } from '../services/iam/index.js';
import { createMacie2Registration } from '../services/macie2/index.js';
import { createCloudTrailRegistration } from '../services/cloudtrail/index.js';
import { createCloudWatchRegistration } from '../services/cloudwatch/index.js';
import { createS3Registration } from '../services/s3/index.js';
import { createLogsRegistration } from '../services/logs/index.js';
import { createOrganizationsRegistration } from '../services/organizations/index.js';
import { createAccountRegistration } from '../services/account/index.js';
import { createKmsRegistration, objectKms } from '../services/kms/index.js';
import { createStorage } from '../storage/index.js';
import { createChain } from './chain.js';
import { createServiceCalls } from './service-calls.js';
import { protocolTable } from './protocols.js';
import { ensureRootCredentials, verifyMasterKey, type RootCredentials } from './bootstrap.js';
import { loadMasterKey, sealDataDir } from './data-dir.js';
import { handleHealth } from './health.js';
import { jobsWork } from '../jobs/work-roles.js';

export interface SiftOptions {
  config: SiftConfig;
  clock?: Clock;
  ids?: IdSource;
  logger?: Logger;
  limits?: Partial<HttpLimits>;
  /** Internal, for the benchmark only: store new objects in clear (they then report no encryption). */
  encryptAtRest?: boolean;
  /**
   * 'all' (default): requests and work in this process. 'api' (`sift serve --no-workers`): requests only; work goes
   * to the shared queue. 'worker' (`sift worker`): work only, started with `startWorker()`, no HTTP.
   */
  role?: SiftRole;
}

export interface Sift {
  /** Listens on the configured host and port (0 picks a free port); resolves with the endpoint URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
  readonly root: RootCredentials;
  readonly store: Store;
  readonly audit: AuditTrail;
  /** The server's IAM directory (its secrets sealed under this server's master key), for operator tooling and tests. */
  readonly directory: IamDirectory;
  /** Accounts' profiles and states (operator commands: `sift accounts create`, `sift accounts isolate`). */
  readonly accounts: AccountRegistry;
  readonly deps: PlatformDeps;
  /** Trail delivery (tests and benchmarks deliver on demand). */
  readonly trails: TrailDelivery;
  /** Writes pending access key last-use records now (they are otherwise batched every few seconds). */
  readonly keyUsage: { flush(): Promise<void> };
  endpoint(): string;
  /** `sift worker`: starts taking work items (and the leased periodic passes) without serving requests. */
  startWorker(): void;
}

export type SiftRole = 'all' | 'api' | 'worker';

export async function createSift(options: SiftOptions): Promise<Sift> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? createLogger(config.logLevel);
  // Files and directories Sift or its libraries create are private to this user; what is already there is checked.
  process.umask(0o077);
  sealDataDir(config.dataDir);
  const masterKey = loadMasterKey(config.dataDir, config.masterKey);
  const store = await openStore(config.databaseUrl ?? join(config.dataDir, 'sift.db'));
  await verifyMasterKey(store.db, masterKey);
  const credentialCache = new CredentialCache(clock);
  const directory = new IamDirectory(store.db, clock, ids, masterKey.secretBox('sift/iam/access-key-secrets'), () => credentialCache.invalidate());
  const sessions = new SessionStore(store.db, clock, ids, masterKey.secretBox('sift/sts/session-secrets'), () => credentialCache.invalidate());
  await directory.sealStoredSecrets();
  await sessions.sealStoredSecrets();
  const managed = new ManagedPolicies(store.db, clock, ids, () => credentialCache.invalidate());
  const mfa = new MfaDevices(store.db, clock, () => credentialCache.invalidate(), masterKey.secretBox('sift/iam/mfa-seeds'));
  await mfa.sealStoredSecrets();
  const groups = new IamGroups(store.db, clock, ids, () => credentialCache.invalidate());
  const keyUsage = new KeyUsageRecorder(directory, clock, logger);
  const resolve = (accessKeyId: string) => credentialCache.get(accessKeyId, () => resolveCredential({ directory, sessions, managed, groups }, undefined, accessKeyId));
  const pathOf = async (accountId: string, kind: string, name: string) => {
    if (kind === 'user') return (await directory.getUser(accountId, name))?.path;
    if (kind === 'role') return (await directory.getRole(accountId, name))?.path;
    if (kind === 'group') return (await groups.get(accountId, name))?.path;
    return undefined;
  };
  const root = await ensureRootCredentials(config, directory, ids);
  const accounts = new AccountRegistry(store.db, directory, clock, ids);
  const orgs = new OrganizationStore(store.db, clock, ids);
  // Audit records are written in batches: a longer interval means fewer, larger transactions on the request path.
  const audit = createAuditTrail({ store, ids, clock, logger }, { flushIntervalMs: 50, maxBatch: 500 });

  let endpointUrl = `http://${config.host}:${config.port}`;
  const providers: ProviderRegistry = {};
  const storage = await createStorage({ store, clock, ids, dataDir: config.dataDir, masterKey, encryptAtRest: options.encryptAtRest });
  const deps: PlatformDeps = { store, storage, clock, ids, logger, dataDir: config.dataDir, endpointUrl, providers, masterKey };
  // Classification jobs publish their events through the Logs service's internal API.
  // Keys S3, Logs and Macie encrypt with (always authorized against their key policies).
  const kms = createKmsRegistration({ ...deps, masterKey });
  const s3Kms = objectKms(kms.internal);
  storage.useKms(s3Kms);
  const logs = createLogsRegistration(deps, { kms: s3Kms });
  // Filled once the registrations exist: calls a service makes as an AWS service go through the others' providers.
  const services: Record<string, ServiceRegistration> = {};
  const serviceCalls = createServiceCalls({ schemas, services, resolveCredential: resolve, audit, clock, ids });
  // Trails deliver log files, digests and log group events in the background (stopped, after a last delivery, on close).
  const trails = createCloudTrailRegistration({
    ...deps,
    audit,
    directory,
    logs: logs.internal,
    trailDeliverySeconds: config.trailDeliverySeconds,
    trailDigestSeconds: config.trailDigestSeconds,
  });
  const registrations: ServiceRegistration[] = [
    createStsRegistration({
      directory,
      sessions,
      managed,
      mfa,
      callerCredential: async (ctx) => (ctx.principal.accessKeyId ? resolve(ctx.principal.accessKeyId) : undefined),
    }),
    createIamRegistration({ directory, managed, mfa, groups }),
    createMacie2Registration({ ...deps, serviceCalls, kms: s3Kms, organizations: { orgs, accounts }, jobs: { logs: logs.internal, quotaBytes: async () => config.macieMonthlyQuotaBytes, ...jobsWork(config, options.role ?? 'all', logger) } }),
    trails,
    createCloudWatchRegistration(deps, { outbound: createOutbound({ allow: parseOutboundAllow(config.outboundAllow) }) }),
    logs,
    createS3Registration(deps, storage.embedded, s3Kms),
    kms,
    createOrganizationsRegistration({ accounts, orgs, directory }),
    createAccountRegistration({ accounts, orgs }),
  ];
  for (const reg of registrations) {
    services[reg.service] = reg;
    providers[reg.service] = reg.provider;
  }

  const handle = createChain({
    schemas,
    protocols: protocolTable(['localhost', 's3.localhost', config.host]),
    services,
    resolveCredential: resolve,
    pathOf,
    keyUsage,
    audit,
    clock,
    ids,
    logger,
    limits: { ...defaultHttpLimits, ...options.limits },
    region: config.region,
  });

  const server: Server = createServer({ keepAlive: true, requestTimeout: 0, headersTimeout: 60_000 }, (req, res) => {
    if (handleHealth(req, res)) return;
    handle(req, res).catch((err) => {
      logger.error('unhandled request failure', { error: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  /** Registrations whose background was started (a worker starts Macie's only, and stops only what it started). */
  const started: ServiceRegistration[] = [];

  return {
    root,
    store,
    audit,
    directory,
    accounts,
    deps,
    trails: trails.delivery,
    keyUsage,
    endpoint: () => endpointUrl,
    startWorker() {
      // Only Macie's work runs in a worker: trails, log retention and alarms stay with the API process, which owns
      // the CloudWatch Logs store (docs/scaling.md).
      if (services.macie2) started.push(services.macie2);
      services.macie2?.background?.start();
    },
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      endpointUrl = `http://${config.host}:${port}`;
      deps.endpointUrl = endpointUrl;
      for (const reg of registrations) reg.background?.start();
      started.push(...registrations);
      keyUsage.start();
      return endpointUrl;
    },
    async close() {
      for (const reg of started) await reg.background?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await audit.close();
      await keyUsage.stop();
      await store.close();
    },
  };
}
