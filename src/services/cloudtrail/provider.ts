// AWS CloudTrail: event history (LookupEvents) over Sift's audit trail. Operations not here answer the gateway's
// not-implemented error.
import type { AuditTrail } from '../../audit/index.js';
import type { CloudTrailApi } from '../../models/cloudtrail/index.js';
import type { PlatformDeps, ServiceRegistration } from '../types.js';
import { createHistoryRetention } from './history-retention.js';
import { lookupEvents } from './lookup-events.js';
import { createNextTokenCodec } from './next-token.js';

export type CloudTrailDeps = Pick<PlatformDeps, 'store' | 'ids'> & { audit: AuditTrail };

export function createCloudTrailProvider(deps: CloudTrailDeps) {
  const tokens = createNextTokenCodec(deps.store, deps.ids);
  return {
    async lookupEvents(ctx, input) {
      return lookupEvents(deps.audit, tokens, ctx, input ?? {});
    },
  } satisfies Partial<CloudTrailApi>;
}

export function createCloudTrailRegistration(deps: Pick<PlatformDeps, 'store' | 'ids' | 'clock' | 'logger'> & { audit: AuditTrail }): ServiceRegistration {
  return {
    service: 'cloudtrail',
    provider: createCloudTrailProvider(deps),
    actionOf: (operation) => `cloudtrail:${operation}`,
    background: createHistoryRetention(deps),
  };
}
