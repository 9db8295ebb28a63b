// The composition root: builds the store, IAM, audit trail and every service provider, and serves them all on
// one HTTP port. `createSift` is what `sift serve`, the e2e tests and the benchmarks start.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  createLogger,
  createOutbound,
  createTlsFetcher,
  defaultHttpLimits,
  parseOutboundAllow,
  randomIds,
  registerGauge,
  registerLabelledGauge,
  systemClock,
  type Clock,
  type HttpLimits,
  type IdSource,
  type Logger,
  type SiftConfig,
} from '../common/index.js';
import { AccountAliases, AccountFacts, AccountRegistry, CredentialCache, CredentialReports, IamVersion, IamDirectory, IamGroups, IdentityProviders, InstanceProfiles, KeyUsageRecorder, LoginProfiles, ManagedPolicies, MfaDevices, OrganizationStore, OrgTree, ServerCertificates, ServiceLinkedRoleTasks, SessionStore, UserCredentials, WebIdentityVerifier, createJwksSource, resolveCredential } from '../iam/index.js';
import { schemas } from '../models/index.js';
import { openStore, pendingMigrations, type Store } from '../store/index.js';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { insightsWork, jobsWork, leasedBackground, workStats, type WorkStats } from '../services/work/index.js';
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
import { createSnsRegistration } from '../services/sns/index.js';
import { createEventsRegistration, createMaciePublisher } from '../services/events/index.js';
import { handleSnsPublicUrls } from './sns-public.js';
import { createStorage } from '../storage/index.js';
import { createChain } from './chain.js';
import { createServiceCalls } from './service-calls.js';
import { protocolTable } from './protocols.js';
import { ensureRootCredentials, verifyMasterKey, type RootCredentials } from './bootstrap.js';
import { loadMasterKey, sealDataDir } from './data-dir.js';
import { createOpsHandler, type ReadinessCheck } from './health.js';
import { createConsoleFiles } from './console-files.js';

export interface SiftOptions {
  config: SiftConfig;
  clock?: Clock;
  ids?: IdSource;
  logger?: Logger;
  limits?: Partial<HttpLimits>;
  /** Where the built web console is (default: dist/console of this package). */
  consoleDir?: string;
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
  /** SNS deliveries, EventBridge target invocations and Macie findings publication, run on demand (tests with a ManualClock). */
  readonly notifications: { snsDeliverDue(): Promise<number>; eventsDeliverDue(): Promise<number>; publishMacieFindings(): Promise<number> };
  /** Trail delivery (tests and benchmarks deliver on demand). */
  readonly trails: TrailDelivery;
  /** Writes pending access key last-use records now (they are otherwise batched every few seconds). */
  readonly keyUsage: { flush(): Promise<void> };
  /** Logs Insights queries (tests and benchmarks await a query's end with `settled(queryId)`). */
  readonly logsQueries: { settled(queryId: string): Promise<void> };
  endpoint(): string;
  /** Adds a dependency /ready must find usable (the worker's queue, an external store). */
  addReadinessCheck(check: ReadinessCheck): void;
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
  // Cached credentials follow IAM's change counter in the store, so a change made by any process sharing the
  // database takes effect on the next call everywhere; this process's own writes also drop them at once.
  const iamVersion = new IamVersion(store.db);
  const credentialCache = new CredentialCache(iamVersion);
  const iamChanged = async () => {
    credentialCache.invalidate();
    await iamVersion.bump();
  };
  const directory = new IamDirectory(store.db, clock, ids, masterKey.secretBox('sift/iam/access-key-secrets'), iamChanged);
  const sessions = new SessionStore(store.db, clock, ids, masterKey.secretBox('sift/sts/session-secrets'), iamChanged);
  await directory.sealStoredSecrets();
  await sessions.sealStoredSecrets();
  const managed = new ManagedPolicies(store.db, clock, ids, iamChanged);
  const mfa = new MfaDevices(store.db, clock, iamChanged, masterKey.secretBox('sift/iam/mfa-seeds'));
  await mfa.sealStoredSecrets();
  const groups = new IamGroups(store.db, clock, ids, iamChanged);
  const profiles = new InstanceProfiles(store.db, clock, ids);
  const identityProviders = new IdentityProviders(store.db, clock);
  const webIdentity = new WebIdentityVerifier(identityProviders, createJwksSource(createTlsFetcher({ allow: parseOutboundAllow(config.outboundAllow), ...(config.oidcCaBundle ? { extraCa: readFileSync(config.oidcCaBundle, 'utf8') } : {}) })));
  const keyUsage = new KeyUsageRecorder(directory, clock, logger);
  // A closed account's credentials no longer authenticate (AWS: no access to services after closure); an isolated
  // account's still identify the caller, and every call is refused (authorize step).
  const resolve = (accessKeyId: string) =>
    credentialCache.get(accessKeyId, async () => {
      const credential = await resolveCredential({ directory, sessions, managed, groups }, undefined, accessKeyId);
      if (!credential) return undefined;
      const standing = await accounts.standing(credential.principal.accountId);
      if (standing === 'closed') return undefined;
      return standing === 'isolated' ? { ...credential, accountIsolated: true } : credential;
    });
  const serverCertificates = new ServerCertificates(store.db, clock);
  const pathOf = async (accountId: string, kind: string, name: string) => {
    if (kind === 'user') return (await directory.getUser(accountId, name))?.path;
    if (kind === 'role') return (await directory.getRole(accountId, name))?.path;
    if (kind === 'group') return (await groups.get(accountId, name))?.path;
    if (kind === 'instance-profile') return (await profiles.get(accountId, name))?.path;
    if (kind === 'server-certificate') return (await serverCertificates.get(accountId, name))?.path;
    return undefined;
  };
  const root = await ensureRootCredentials(config, directory, ids);
  const accounts = new AccountRegistry(store.db, directory, clock, ids, iamChanged);
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
  const logs = createLogsRegistration(deps, {
    kms: s3Kms,
    inlineWork: (options.role ?? 'all') === 'all',
    ...(config.logsEventStore ? { eventStore: config.logsEventStore } : {}),
    // Insights queries are queue work units: on the workers when the events are shared, else in this process.
    insightsWork: ({ sharedEvents }) => insightsWork(config, options.role ?? 'all', sharedEvents, logger),
  });
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
  // SNS topics (alarm actions and EventBridge targets publish to them) and EventBridge (Macie's findings go to its default bus).
  const outbound = createOutbound({ allow: parseOutboundAllow(config.outboundAllow) });
  const sns = createSnsRegistration({ ...deps, outbound, endpointUrl: () => deps.endpointUrl });
  let maciePublisher: ReturnType<typeof createMaciePublisher> | undefined;
  const events = createEventsRegistration({ ...deps, outbound, sns: sns.internal, logs: logs.internal }, { background: { start: () => maciePublisher?.start(), stop: async () => maciePublisher?.stop() } });
  maciePublisher = createMaciePublisher({ ...deps, events: events.internal });
  const registrations: ServiceRegistration[] = [
    createStsRegistration({
      directory,
      sessions,
      managed,
      mfa,
      webIdentity,
      providers: identityProviders,
      callerCredential: async (ctx) => (ctx.principal.accessKeyId ? resolve(ctx.principal.accessKeyId) : undefined),
    }),
    createIamRegistration({
      directory, managed, mfa, groups, providers: identityProviders, profiles, serviceLinkedTasks: new ServiceLinkedRoleTasks(store.db, clock, ids), clock, ids,
      logins: new LoginProfiles(store.db, clock), credentials: new UserCredentials(store.db, clock), aliases: new AccountAliases(store.db, clock), reports: new CredentialReports(store.db), facts: new AccountFacts(store.db), serverCertificates,
    }),
    createMacie2Registration({
      ...deps, serviceCalls, kms: s3Kms, organizations: { orgs, accounts },
      jobs: {
        logs: logs.internal,
        quotaBytes: async () => config.macieMonthlyQuotaBytes,
        automated: { intervalMs: config.automatedDiscoverySeconds * 1000, runBudgetBytes: config.automatedDiscoveryRunBytes },
        ...jobsWork(config, options.role ?? 'all', logger),
      },
    }),
    trails,
    createCloudWatchRegistration(deps, { outbound, sns: sns.internal }),
    logs,
    createS3Registration(deps, storage.embedded, s3Kms, {
      // Replication acts as the configuration's role: its inline and attached policies.
      async policiesOf(accountId, roleName) {
        const role = await directory.getRole(accountId, roleName);
        if (!role) return undefined;
        const inline = (await directory.listPolicies(accountId, 'role', roleName)).map((p) => p.document);
        const attached = (await managed.attached(accountId, 'role', roleName)).map((p) => p.document);
        return { role, policies: [...inline, ...attached] };
      },
    }),
    kms,
    createOrganizationsRegistration({ accounts, orgs, directory, tree: new OrgTree(store.db, clock, ids) }),
    createAccountRegistration({ accounts, orgs }),
    sns,
    events,
  ];
  for (const reg of registrations) {
    services[reg.service] = reg;
    providers[reg.service] = reg.provider;
  }

  const handle = createChain({
    schemas,
    protocols: protocolTable(['localhost', 's3.localhost', config.host]),
    s3Domains: ['localhost', 's3.localhost', config.host],
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

  // Operations: readiness checks, the audit backlog gauge, and the drain state SIGTERM sets.
  const checks: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await sql`select 1`.execute(store.db)) },
    {
      name: 'migrations',
      check: async () => {
        const pending = await pendingMigrations(store.db);
        if (pending.length > 0) throw new Error(`migrations not applied: ${pending.join(', ')}`);
      },
    },
  ];
  // With Redis configured the queue lives there: it must answer. (Without it the queue is in this process.)
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 }) : undefined;
  if (redis) {
    redis.on('error', () => undefined); // reported by the readiness check, not as an unhandled event
    checks.push({ name: 'queue', check: async () => void (await redis.ping()) });
  }
  registerGauge('sift_audit_backlog', 'Audit records built but not yet committed to the database.', () => audit.backlog());
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  registerGauge('sift_requests_in_flight', 'API calls received and not yet answered.', () => inFlight.size);
  // The work queue as this process sees it: workStats() is async, so a snapshot refreshed every few seconds feeds the gauges.
  let work: WorkStats | undefined;
  const refreshWork = () => void workStats().then((w) => void (work = w)).catch(() => undefined);
  refreshWork();
  const workTimer = setInterval(refreshWork, 5000);
  workTimer.unref();
  registerGauge('sift_queue_depth', 'Work items waiting in the queue (the whole shared queue with Redis).', () => work?.queueDepth ?? 0);
  registerGauge('sift_queue_active', 'Work items running, as the queue reports them (every process with Redis).', () => work?.queueActive ?? 0);
  registerGauge('sift_work_in_flight', 'Work items this process is running now.', () => work?.inFlight ?? 0);
  registerLabelledGauge('sift_work_done', 'Work items this process has finished, by work item name.', ['name'], () => Object.entries(work?.done ?? {}).map(([name, value]) => ({ labels: { name }, value })));
  let idle: (() => void) | undefined;
  const handleOps = createOpsHandler({ checks, draining: () => draining, metricsToken: config.metricsToken, logger });

  const handleConsole = createConsoleFiles(options.consoleDir);
  // One listener for every response (a closure per call was garbage on the request path).
  function responseClosed(this: ServerResponse): void {
    inFlight.delete(this);
    if (inFlight.size === 0) idle?.();
  }
  const server: Server = createServer({ keepAlive: true, requestTimeout: 0, headersTimeout: 60_000 }, (req, res) => {
    if (handleOps(req, res)) return;
    if (handleConsole(req, res)) return;
    if (handleSnsPublicUrls(req, res, sns.internal)) return;
    // Draining: finish this call, then close its connection so the client reconnects to another instance.
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', responseClosed);
    handle(req, res).catch((err) => {
      logger.error('unhandled request failure', { error: err instanceof Error ? err.stack : String(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  /** Registrations whose background was started (a worker starts Macie's only, and stops only what it started). */
  const started: ServiceRegistration[] = [];
  // With the Logs events in the database every process can write them, so the background work that is not Macie's
  // (trail delivery, alarms, log retention and exports, outboxes, history retention) leaves the API processes for
  // the workers, where each task runs in one worker at a time under a lease (services/work/singletons.ts).
  const backgroundOnWorkers = (options.role ?? 'all') !== 'all' && logs.sharedEvents;
  const singletons = backgroundOnWorkers
    ? registrations.filter((reg) => reg.background && reg.service !== 'macie2').map((reg) => ({ service: reg.service, task: leasedBackground(reg.service, reg.background!, { db: store.db, logger, ttlMs: config.workLeaseMs }) }))
    : [];

  return {
    root,
    store,
    audit,
    directory,
    accounts,
    deps,
    trails: trails.delivery,
    notifications: { snsDeliverDue: () => sns.internal.deliverDue(), eventsDeliverDue: () => events.internal.deliverDue(), publishMacieFindings: () => maciePublisher!.publishDue() },
    keyUsage,
    logsQueries: logs.queries,
    endpoint: () => endpointUrl,
    addReadinessCheck: (check) => void checks.push(check),
    startWorker() {
      // Macie's work, and with the Logs events in the database every other background task under its lease; with
      // the Logs events in files, trails, log retention and alarms stay with the API process (docs/scaling.md).
      if (services.macie2) started.push(services.macie2);
      services.macie2?.background?.start();
      for (const s of singletons) s.task.start();
      // Every worker runs Logs Insights queries (not one at a time: they are queue units, like job units).
      logs.queries.startWork();
    },
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      endpointUrl = `http://${config.host}:${port}`;
      deps.endpointUrl = endpointUrl;
      const here = backgroundOnWorkers ? registrations.filter((reg) => reg.service === 'macie2') : registrations;
      for (const reg of here) reg.background?.start();
      started.push(...here);
      logs.queries.startWork(); // a no-op in an API tier whose queries run on workers
      keyUsage.start();
      return endpointUrl;
    },
    async close() {
      // Graceful drain: stop accepting, let in-flight calls finish (up to drainSeconds), then flush the audit trail.
      draining = true;
      logger.info('draining', { inFlight: inFlight.size, drainSeconds: config.drainSeconds });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      if (inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          const timer = setTimeout(() => {
            logger.warn('drain timed out; closing the remaining connections', { inFlight: inFlight.size });
            resolve();
          }, config.drainSeconds * 1000);
          timer.unref();
        });
      }
      server.closeAllConnections();
      await closed;
      logger.info('drained: no call in flight');
      clearInterval(workTimer);
      // Queries running here stop first and hand their leases back (another worker takes them at once).
      await logs.queries.close();
      for (const reg of started) await reg.background?.stop();
      for (const s of singletons) await s.task.stop();
      for (const reg of registrations) await reg.background?.close?.();
      for (const reg of registrations) await reg.flushServed?.();
      redis?.disconnect();
      await audit.close();
      await keyUsage.stop();
      await store.close();
    },
  };
}
