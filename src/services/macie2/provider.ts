// Amazon Macie (macie2): assembles the operation groups into one provider. Every operation other than
// EnableMacie fails with Macie's AccessDeniedException until Macie is enabled in the account and region.
import type { Macie2Api } from '../../models/macie2/index.js';
import { randomIds, systemClock } from '../../common/index.js';
import { AutomatedDiscovery, ClassificationJobs, createJobsQueue, type AutomatedDiscoveryOptions, logsJobEventSink, type JobEventSink, type JobLogsApi, type JobRoles, type JobsOptions, type QuotaBytesFor, type StorageForAccount } from '../../jobs/index.js';
import { WORKER_ID } from '../../queue/index.js';
import { leaseGuard } from '../../store/index.js';
import type { WorkQueue } from '../../queue/index.js';
import type { ObjectKms } from '../../storage/index.js';
import type { PlatformDeps, ServiceCalls, ServiceRegistration } from '../types.js';
import { MacieSessions } from './sessions.js';
import { notEnabled, sessionOps, suspended } from './ops/session.js';
import { macieServiceRole } from './ops/service-role.js';
import { macieAccountLifecycle } from './account-lifecycle.js';
import { tagOps } from './tags/index.js';
import { publicationOps } from './ops/publication.js';
import { identifierOps } from './ops/identifiers.js';
import { allowListOps, storageFromObjectStorage, storageFromS3Provider } from './ops/allow-lists.js';
import { findingOps } from './ops/findings.js';
import { discoveryResultsSink, exportConfigOps } from './ops/export-config.js';
import { PolicyMonitor } from './policy-findings.js';
import { jobDetectionResolver, jobOps, macieBucketAccessCheck } from './ops/jobs.js';
import { bucketOps } from './ops/buckets.js';
import { usageOps } from './ops/usage.js';
import { REVEAL_SAMPLES_TTL_MS, revealOps } from './ops/reveal.js';
import { createResultSigner } from './reveal/result-signature.js';
import { RevealRetrievals } from './reveal/retrievals.js';
import { MemberStore, followOrganizationMembership, jobAccounts, memberOps, macieOrganization } from './members/index.js';
import { ASSOCIATED } from './members/store.js';
import { automatedDiscoveryOps } from './ops/automated-discovery.js';
import { resourceProfileOps } from './ops/resource-profiles.js';
import { classifiabilityOf } from './inventory/index.js';
import type { AccountRegistry, OrganizationStore } from '../../iam/index.js';

const OPEN_OPERATIONS = new Set(['EnableMacie']);
/** Operations a suspended account (session PAUSED) is refused: it runs no jobs. */
const REFUSED_WHILE_SUSPENDED = new Set(['CreateClassificationJob']);

/** What classification jobs need beyond the platform: the sink for job events (the logs service), a queue. */
export interface Macie2JobsDeps {
  /** The logs service's internal API (`createLogsRegistration(deps).internal`): job events go to its log group. */
  logs?: JobLogsApi;
  /** Or any other sink for job events (tests); wins over `logs`. */
  events?: JobEventSink;
  /** Default: an in-process queue. */
  queue?: WorkQueue;
  /** Default: the platform's storage. */
  storage?: StorageForAccount;
  /** The monthly sensitive data discovery quota per account (default 5 TB). */
  quotaBytes?: QuotaBytesFor;
  options?: Partial<JobsOptions>;
  /** Automated sensitive data discovery: the interval between runs, the per-run byte budget, … */
  automated?: Partial<AutomatedDiscoveryOptions>;
  /** What this process does with jobs (an API-only process, a worker); default everything. */
  roles?: Partial<JobRoles>;
  /** Whether this process runs Macie's periodic passes (policy findings); default true. */
  background?: boolean;
}

export function createMacie2Registration(
  deps: Pick<PlatformDeps, 'store'> &
    Partial<Pick<PlatformDeps, 'ids' | 'providers' | 'storage' | 'clock' | 'logger' | 'dataDir' | 'masterKey'>> & {
      jobs?: Macie2JobsDeps;
      /** Calls Macie makes as an AWS service (revealing samples with ASSUME_ROLE), built by the gateway. */
      serviceCalls?: ServiceCalls;
      /** Accounts and organizations: Macie's administrator and member accounts. */
      organizations?: { orgs: OrganizationStore; accounts: AccountRegistry };
      /** KMS for results written with the export configuration's kmsKeyArn (absent: the key is not checked or used). */
      kms?: ObjectKms;
    },
): ServiceRegistration {
  const sessions = new MacieSessions(deps.store.db);
  const members = new MemberStore(deps.store.db);
  const organizationOf = (accountId: string, region: string) => macieOrganization(members, accountId, region);
  const ids = deps.ids ?? randomIds;
  const providers = deps.providers ?? {};
  const storageFor = deps.storage ? storageFromObjectStorage(deps.storage) : storageFromS3Provider(providers);
  const jobStorage = deps.jobs?.storage ?? deps.storage;
  // Discovery results are signed when written and checked when a reveal reads them back.
  const signer = createResultSigner(deps.dataDir, deps.masterKey?.secretBox('sift/macie/discovery-results-hmac'));
  const retrievals = new RevealRetrievals(deps.clock ?? systemClock, REVEAL_SAMPLES_TTL_MS);
  const runsJobs = deps.jobs && jobStorage && (deps.jobs.events || deps.jobs.logs) ? deps.jobs : undefined;
  const clock = deps.clock ?? systemClock;
  const detection = jobDetectionResolver(deps.store.db, storageFor);
  const accountsForJobs = deps.organizations ? jobAccounts({ members, sessions, accounts: deps.organizations.accounts }) : undefined;
  const results = deps.storage ? discoveryResultsSink({ db: deps.store.db, storage: deps.storage, signer, ...(deps.kms ? { kms: deps.kms } : {}), logger: deps.logger, now: () => clock.now() }) : undefined;
  const queue = runsJobs ? (runsJobs.queue ?? createJobsQueue(deps.logger)) : undefined;
  // Automated sensitive data discovery runs on the jobs' queue, workers and scheduler.
  const automated =
    runsJobs && queue && jobStorage
      ? new AutomatedDiscovery({
          store: deps.store, clock, ids, queue, storage: jobStorage, detection, bucketAccess: macieBucketAccessCheck(),
          ...(results ? { results } : {}), ...(accountsForJobs ? { accounts: accountsForJobs } : {}),
          classifiable: (key, storageClass) => classifiabilityOf(key, storageClass) === 'classifiable',
          logger: deps.logger,
          options: { ...(runsJobs.options?.scanLimits ? { scanLimits: runsJobs.options.scanLimits } : {}), ...runsJobs.automated },
        })
      : undefined;
  const jobs =
    runsJobs && queue && jobStorage
      ? new ClassificationJobs({
          store: deps.store,
          clock,
          ids,
          queue,
          storage: jobStorage,
          events: runsJobs.events ?? logsJobEventSink(runsJobs.logs!),
          detection,
          bucketAccess: macieBucketAccessCheck(),
          quotaBytes: runsJobs.quotaBytes,
          ...(accountsForJobs ? { accounts: accountsForJobs } : {}),
          ...(results ? { results } : {}),
          ...(automated ? { automated } : {}),
          logger: deps.logger,
          options: runsJobs.options,
          ...(runsJobs.roles ? { roles: runsJobs.roles } : {}),
        })
      : undefined;
  const memberAccounts = deps.organizations ? jobAccounts({ members, sessions, accounts: deps.organizations.accounts }).members : undefined;
  const lifecycle = macieAccountLifecycle({ db: deps.store.db, jobs });
  const currentAdmin = async (accountId: string, region: string) =>
    (await members.asMember(accountId, region)).find((m) => ASSOCIATED.includes(m.relationshipStatus))?.adminAccountId;
  const isMember = async (accountId: string, region: string) => (await currentAdmin(accountId, region)) !== undefined;
  const memberPaused = async (adminAccountId: string, region: string, accountId: string) =>
    (await members.get(adminAccountId, region, accountId))?.relationshipStatus === 'Paused' || (await sessions.get(accountId, region))?.status === 'PAUSED';
  const provider = {
    ...sessionOps({ sessions, onSuspend: lifecycle.onSuspend, onDisable: lifecycle.onDisable, ...(deps.serviceCalls ? { ensureServiceRole: macieServiceRole(deps.store.db, deps.serviceCalls) } : {}) }),
    ...identifierOps({ db: deps.store.db, ids }),
    ...allowListOps({ db: deps.store.db, ids, storageFor, ...(jobs ? { jobsUsingAllowList: (a: string, r: string, id: string) => jobs.jobsUsingAllowList(a, r, id) } : {}) }),
    ...findingOps({ store: deps.store, ids, ...(memberAccounts ? { memberAccounts } : {}) }),
    ...exportConfigOps({ db: deps.store.db, storage: deps.storage, ...(deps.kms ? { kms: deps.kms } : {}) }),
    ...(jobs ? jobOps({ jobs }) : {}),
    ...(deps.storage
      ? bucketOps({ storage: deps.storage, db: deps.store.db, clock: deps.clock ?? systemClock, organizationOf, ...(memberAccounts ? { memberAccounts, adminOf: currentAdmin } : {}) })
      : {}),
    ...(deps.storage && deps.serviceCalls
      ? revealOps({ store: deps.store, ids, storage: deps.storage, signer, serviceCalls: deps.serviceCalls, providers, retrievals, logger: deps.logger, scanLimits: deps.jobs?.options?.scanLimits, ...(deps.organizations ? { members } : {}) })
      : {}),
    ...tagOps({ db: deps.store.db }),
    ...publicationOps({ db: deps.store.db }),
    ...usageOps({ db: deps.store.db, clock: deps.clock ?? systemClock, sessions, quotaBytes: deps.jobs?.quotaBytes, ...(memberAccounts ? { memberAccounts } : {}) }),
    ...automatedDiscoveryOps({ db: deps.store.db, ids, detection, ...(automated ? { automated } : {}), ...(memberAccounts ? { memberAccounts, memberPaused, isMember } : {}) }),
    ...resourceProfileOps({ db: deps.store.db, ...(memberAccounts ? { memberAccounts, isMember } : {}) }),
    ...(deps.organizations ? memberOps({ members, sessions, ids, onSuspend: lifecycle.onSuspend, ...deps.organizations }) : {}),
  } satisfies Partial<Macie2Api>;
  if (deps.organizations) followOrganizationMembership({ members, sessions, orgs: deps.organizations.orgs }, () => (deps.clock ?? systemClock).now());
  // One process at a time evaluates policies (a pass counts what changed since the last; two would count twice).
  const policyMonitor =
    deps.storage && deps.jobs?.background !== false
      ? new PolicyMonitor({ store: deps.store, storage: deps.storage, ids, clock, logger: deps.logger, organizationOf, ...(deps.jobs?.roles?.shared === false ? {} : { mayRun: leaseGuard(deps.store.db, 'macie.policy-findings', 180_000, () => clock.nowMs(), WORKER_ID) }) })
      : undefined;
  const background = [jobs, policyMonitor].filter((b): b is NonNullable<typeof b> => b !== undefined);
  return {
    service: 'macie2',
    provider,
    ...(background.length
      ? {
          background: {
            start: () => background.forEach((b) => b.start()),
            stop: async () => void (await Promise.all(background.map((b) => b.stop()))),
          },
        }
      : {}),
    async precondition(operation, ctx) {
      if (OPEN_OPERATIONS.has(operation)) return;
      const session = await sessions.get(ctx.accountId, ctx.region);
      if (!session) throw notEnabled();
      if (session.status === 'PAUSED' && REFUSED_WHILE_SUSPENDED.has(operation)) throw suspended();
    },
  };
}
