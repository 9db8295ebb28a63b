/**
 * One event store per account and region, under `<dataDir>/logs/<account>/<region>/` (each group a folder of its
 * own inside, see engine/), opened on first use and closed together on shutdown.
 */
import { join } from 'node:path';
import { LogEventStore, type EngineOptions } from './engine/index.js';

export class EventStores {
  private readonly open = new Map<string, Promise<LogEventStore>>();
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly options: Partial<EngineOptions> = {},
  ) {}

  /** The store of an account and region. Account ids are 12 digits and regions `[a-z0-9-]`, so they are safe paths. */
  get(accountId: string, region: string): Promise<LogEventStore> {
    if (this.closed) return Promise.reject(new Error('log event stores are closed'));
    if (!/^\d{12}$/.test(accountId) || !/^[a-z0-9-]{1,32}$/.test(region)) {
      return Promise.reject(new Error(`invalid account or region for log storage: ${accountId}/${region}`));
    }
    const key = `${accountId}/${region}`;
    let store = this.open.get(key);
    if (!store) {
      store = LogEventStore.open(join(this.root, accountId, region), this.options);
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
