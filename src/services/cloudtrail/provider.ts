// AWS CloudTrail: event history (LookupEvents) over Sift's audit trail, and trails (trail-ops.ts) whose delivery of
// log files, digests and log group events runs as this registration's background work. Operations not here answer
// the gateway's not-implemented error.
import { createSigningKeys, createTrailDelivery, type AuditTrail, type TrailDelivery } from '../../audit/index.js';
import type { IamDirectory } from '../../iam/index.js';
import type { CloudTrailApi } from '../../models/cloudtrail/index.js';
import type { LogsInternalApi } from '../logs/index.js';
import type { PlatformDeps, ServiceRegistration } from '../types.js';
import { trailLogGroupSink, trailObjectWriter } from './delivery-targets.js';
import { createHistoryRetention } from './history-retention.js';
import { lookupEvents } from './lookup-events.js';
import { createNextTokenCodec } from './next-token.js';
import { trailOps } from './trail-ops.js';

export type CloudTrailDeps = Pick<PlatformDeps, 'store' | 'ids'> & { audit: AuditTrail };

/** Event history alone (LookupEvents). */
export function createCloudTrailProvider(deps: CloudTrailDeps) {
  const tokens = createNextTokenCodec(deps.store, deps.ids);
  return {
    async lookupEvents(ctx, input) {
      return lookupEvents(deps.audit, tokens, ctx, input ?? {});
    },
  } satisfies Partial<CloudTrailApi>;
}

export interface CloudTrailRegistrationDeps extends Pick<PlatformDeps, 'store' | 'ids' | 'clock' | 'logger' | 'storage' | 'dataDir' | 'masterKey'> {
  audit: AuditTrail;
  directory: IamDirectory;
  logs: LogsInternalApi;
  trailDeliverySeconds: number;
  trailDigestSeconds: number;
}

export function createCloudTrailRegistration(deps: CloudTrailRegistrationDeps): ServiceRegistration & { delivery: TrailDelivery } {
  const keys = createSigningKeys(deps.dataDir, deps.clock, deps.masterKey?.secretBox('sift/cloudtrail/digest-signing-keys'));
  const retention = createHistoryRetention(deps);
  const delivery = createTrailDelivery(
    {
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      keys,
      writer: trailObjectWriter(deps.storage, deps.clock),
      logGroups: trailLogGroupSink(deps.logs, deps.directory, deps.clock),
      flushAudit: () => deps.audit.flush(),
    },
    { deliveryMs: deps.trailDeliverySeconds * 1000, digestMs: deps.trailDigestSeconds * 1000 },
  );
  return {
    service: 'cloudtrail',
    provider: { ...createCloudTrailProvider(deps), ...trailOps({ ...deps, keys }) } satisfies Partial<CloudTrailApi>,
    actionOf: (operation) => `cloudtrail:${operation}`,
    background: {
      start() {
        retention.start();
        delivery.start();
      },
      async stop() {
        await retention.stop();
        await delivery.stop();
      },
    },
    delivery,
  };
}
