// What every service provider is built from. Providers are plain objects of operation methods, typed by the
// generated API interfaces (`satisfies Partial<Macie2Api>`); the gateway dispatches to them by operation name.
import type { Clock, IdSource, Logger } from '../common/index.js';
import type { Store } from '../store/index.js';

export interface PlatformDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** The embedded data directory (database, objects, keys). */
  dataDir: string;
  /** The address clients use to reach this server (for AWS_ENDPOINT_URL lines, presigned URLs, console links). */
  endpointUrl: string;
  /** Other services' providers, for service-to-service calls (never HTTP to ourselves). Filled after construction. */
  providers: ProviderRegistry;
}

/** A provider: operation methods keyed by lowerCamel operation name. */
export type Provider = Record<string, (ctx: import('../common/context.js').RequestContext, input: any) => Promise<unknown>>;

export type ProviderRegistry = Record<string, Provider>;

/** Something with background work (retention sweeps, alarm evaluation, schedulers) that must stop on shutdown. */
export interface Background {
  start(): void;
  stop(): Promise<void>;
}
