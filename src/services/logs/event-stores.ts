/**
 * One event store per account and region. Two backends with one contract (`EventStore`):
 * - segment files under `<dataDir>/logs/<account>/<region>/` (engine/), the embedded single-process default: one
 *   writer per group, fastest;
 * - the database (table-store/), chosen with PostgreSQL: every API and worker process reads and writes the same
 *   events, so several API processes can share a balancer.
 * Stores are opened on first use and closed together on shutdown.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import { defaultEngineOptions, LogEventStore, type EngineOptions } from './engine/index.js';
import { TableEventStore } from './table-store/index.js';

/** What the Logs operations, Insights, exports and retention use of an event store, whatever its backend. */
export type EventStore = Omit<LogEventStore, 'root'>;

/** `files`: segment files in the data directory. `database`: the store's database (PostgreSQL). */
export type EventBackend = 'files' | 'database';

export interface EventStoresOptions {
  backend?: EventBackend;
  /** Required for the database backend. */
  db?: Kysely<Database>;
  postgres?: boolean;
  engine?: Partial<EngineOptions>;
}

export class EventStores {
  private readonly open = new Map<string, Promise<EventStore>>();
  private closed = false;
  readonly backend: EventBackend;

  constructor(
    private readonly root: string,
    private readonly options: EventStoresOptions = {},
  ) {
    this.backend = options.backend ?? 'files';
    if (this.backend === 'database' && !options.db) throw new Error('the database log event store needs a database');
  }

  /** The store of an account and region. Account ids are 12 digits and regions `[a-z0-9-]`, so they are safe paths. */
  get(accountId: string, region: string): Promise<EventStore> {
    if (this.closed) return Promise.reject(new Error('log event stores are closed'));
    if (!/^\d{12}$/.test(accountId) || !/^[a-z0-9-]{1,32}$/.test(region)) {
      return Promise.reject(new Error(`invalid account or region for log storage: ${accountId}/${region}`));
    }
    const key = `${accountId}/${region}`;
    let store = this.open.get(key);
    if (!store) {
      store =
        this.backend === 'database'
          ? Promise.resolve(
              new TableEventStore(this.options.db as Kysely<Database>, this.options.postgres === true, accountId, region, {
                maxScanEventsPerPage: this.options.engine?.maxScanEventsPerPage ?? defaultEngineOptions.maxScanEventsPerPage,
              }),
            )
          : LogEventStore.open(join(this.root, accountId, region), this.options.engine);
      this.open.set(key, store);
      store.catch(() => this.open.delete(key));
    }
    return store;
  }

  async close(): Promise<void> {
    this.closed = true;
    const stores = [...this.open.values()];
    this.open.clear();
    for (const s of stores) await s.then((x) => x.close(), () => undefined);
  }
}
