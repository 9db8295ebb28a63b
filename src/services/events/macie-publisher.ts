// Macie's findings on the default event bus, as Macie publishes them: an event (source aws.macie, detail-type
// "Macie Finding", detail = the finding as GetFindings returns it) for every new finding at once, and for each later
// occurrence of an existing policy finding at the account's findingPublishingFrequency (FIFTEEN_MINUTES, ONE_HOUR,
// SIX_HOURS, from UpdateMacieSession). Findings archived by a suppression rule when recorded are not published.
// New findings are found by the findings table's insertion sequence (a cursor in the kv table); updates by
// updatedAt since the account's last update pass. Cursors move only after the events are queued in the outbox, so a
// crash publishes some events twice rather than never (EventBridge delivers at least once too).
import type { Clock, Logger } from '../../common/index.js';
import type { Store } from '../../store/index.js';
import type { BusEvent, EventsInternal } from './provider.js';
import { eventTime } from './provider.js';

const NAMESPACE = 'events';
const SEQ_KEY = 'macie/finding-seq';
const BATCH = 500;

export const PUBLISHING_FREQUENCY_MS: Record<string, number> = {
  FIFTEEN_MINUTES: 15 * 60_000,
  ONE_HOUR: 60 * 60_000,
  SIX_HOURS: 6 * 60 * 60_000,
};

interface FindingRow {
  seq: number;
  account_id: string;
  region: string;
  finding: string;
  archived: number;
  count: number;
  updated_at: number;
}

export interface MaciePublisher {
  /** One pass: new findings, then the update passes that are due. Resolves with the events queued. */
  publishDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

function findingEvent(r: FindingRow, at: number): Omit<BusEvent, 'version' | 'id' | 'account' | 'region'> {
  const finding = { ...(JSON.parse(r.finding) as Record<string, unknown>), archived: Number(r.archived) === 1, count: Number(r.count), updatedAt: new Date(Number(r.updated_at)).toISOString() };
  return { 'detail-type': 'Macie Finding', source: 'aws.macie', time: eventTime(at), resources: [], detail: finding };
}

export function createMaciePublisher(deps: { store: Store; clock: Clock; logger: Logger; events: EventsInternal }, options: { tickMs?: number } = {}): MaciePublisher {
  const db = deps.store.db;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function getKv(key: string): Promise<string | undefined> {
    return (await db.selectFrom('kv').select('value').where('namespace', '=', NAMESPACE).where('key', '=', key).executeTakeFirst())?.value;
  }
  async function putKv(key: string, value: string): Promise<void> {
    await db.insertInto('kv').values({ namespace: NAMESPACE, key, value }).onConflict((oc) => oc.columns(['namespace', 'key']).doUpdateSet({ value })).execute();
  }

  async function publish(rows: FindingRow[]): Promise<number> {
    const at = deps.clock.nowMs();
    const groups = new Map<string, FindingRow[]>();
    for (const r of rows) {
      if (Number(r.archived) === 1) continue;
      const k = `${r.account_id}/${r.region}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    let n = 0;
    for (const [k, list] of groups) {
      const [accountId, region] = k.split('/') as [string, string];
      await deps.events.putAwsEvents(accountId, region, list.map((r) => findingEvent(r, at)));
      n += list.length;
    }
    return n;
  }

  async function newFindings(): Promise<number> {
    let cursor = await getKv(SEQ_KEY);
    if (cursor === undefined) {
      // First start: findings recorded before events existed are not published now.
      const max = await db.selectFrom('macie_findings').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
      cursor = String(Number(max?.m ?? 0));
      await putKv(SEQ_KEY, cursor);
    }
    let n = 0;
    for (;;) {
      const rows = (await db
        .selectFrom('macie_findings')
        .select(['seq', 'account_id', 'region', 'finding', 'archived', 'count', 'updated_at'])
        .where('seq', '>', Number(cursor))
        .orderBy('seq')
        .limit(BATCH)
        .execute()) as FindingRow[];
      if (rows.length === 0) return n;
      n += await publish(rows);
      cursor = String(Number(rows[rows.length - 1]!.seq));
      await putKv(SEQ_KEY, cursor);
      if (rows.length < BATCH) return n;
    }
  }

  async function updates(): Promise<number> {
    const now = deps.clock.nowMs();
    const sessions = await db.selectFrom('macie_sessions').select(['account_id', 'region', 'finding_publishing_frequency']).where('status', '=', 'ENABLED').execute();
    let n = 0;
    for (const s of sessions) {
      const key = `macie/updates/${s.account_id}/${s.region}`;
      const last = await getKv(key);
      if (last === undefined) {
        await putKv(key, String(now));
        continue;
      }
      const every = PUBLISHING_FREQUENCY_MS[s.finding_publishing_frequency] ?? PUBLISHING_FREQUENCY_MS.FIFTEEN_MINUTES!;
      if (now - Number(last) < every) continue;
      const rows = (await db
        .selectFrom('macie_findings')
        .select(['seq', 'account_id', 'region', 'finding', 'archived', 'count', 'updated_at'])
        .where('account_id', '=', s.account_id)
        .where('region', '=', s.region)
        .where('updated_at', '>', Number(last))
        .where('updated_at', '<=', now)
        .whereRef('updated_at', '>', 'created_at')
        .execute()) as FindingRow[];
      n += await publish(rows);
      await putKv(key, String(now));
    }
    return n;
  }

  const publisher: MaciePublisher = {
    async publishDue() {
      while (running) await running.catch(() => 0);
      running = (async () => (await newFindings()) + (await updates()))();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    start() {
      if (timer) return;
      timer = setInterval(() => void publisher.publishDue().catch((err) => deps.logger.warn('Macie findings publication failed', { error: String(err) })), options.tickMs ?? 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => 0);
    },
  };
  return publisher;
}
