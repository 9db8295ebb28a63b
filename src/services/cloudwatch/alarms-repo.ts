// Metric alarms and their history in the store, per account and region. The evaluator claims due alarms with a
// compare-and-set on next_evaluation_at so that, with several processes on one database, each evaluation runs once.
import type { Store } from '../../store/index.js';
import { swapColumn } from '../../store/index.js';
import type { HistoryItemType, PutMetricAlarmInput, StateValue, Tag } from '../../models/cloudwatch/index.js';

/** An alarm's configuration: PutMetricAlarm's input without Tags. */
export type AlarmConfig = Omit<PutMetricAlarmInput, 'Tags'>;

export interface AlarmRecord {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  config: AlarmConfig;
  tags: Tag[];
  stateValue: StateValue;
  stateReason: string;
  stateReasonData?: string;
  stateUpdatedAt: number;
  stateTransitionedAt: number;
  configUpdatedAt: number;
  nextEvaluationAt: number;
}

export interface HistoryRecord {
  accountId: string;
  region: string;
  alarmName: string;
  alarmType: 'MetricAlarm' | 'CompositeAlarm';
  timestamp: number;
  itemType: HistoryItemType;
  summary: string;
  data: string;
}

export interface HistoryQuery {
  alarmName?: string;
  itemType?: string;
  startMs?: number;
  endMs?: number;
  ascending: boolean;
  /** Continue after this history sequence number. */
  afterSeq?: number;
  limit: number;
}

type AlarmRow = {
  account_id: string;
  region: string;
  alarm_name: string;
  alarm_arn: string;
  config: string;
  tags: string;
  state_value: string;
  state_reason: string;
  state_reason_data: string | null;
  state_updated_at: number;
  state_transitioned_at: number;
  config_updated_at: number;
  next_evaluation_at: number;
};

function toRecord(r: AlarmRow): AlarmRecord {
  return {
    accountId: r.account_id,
    region: r.region,
    name: r.alarm_name,
    arn: r.alarm_arn,
    config: JSON.parse(r.config) as AlarmConfig,
    tags: JSON.parse(r.tags) as Tag[],
    stateValue: r.state_value as StateValue,
    stateReason: r.state_reason,
    stateReasonData: r.state_reason_data ?? undefined,
    stateUpdatedAt: Number(r.state_updated_at),
    stateTransitionedAt: Number(r.state_transitioned_at),
    configUpdatedAt: Number(r.config_updated_at),
    nextEvaluationAt: Number(r.next_evaluation_at),
  };
}

function toRow(a: AlarmRecord): AlarmRow {
  return {
    account_id: a.accountId,
    region: a.region,
    alarm_name: a.name,
    alarm_arn: a.arn,
    config: JSON.stringify(a.config),
    tags: JSON.stringify(a.tags),
    state_value: a.stateValue,
    state_reason: a.stateReason,
    state_reason_data: a.stateReasonData ?? null,
    state_updated_at: a.stateUpdatedAt,
    state_transitioned_at: a.stateTransitionedAt,
    config_updated_at: a.configUpdatedAt,
    next_evaluation_at: a.nextEvaluationAt,
  };
}

export function createAlarmsRepo(store: Store) {
  const db = store.db;
  const key = (accountId: string, region: string) =>
    db.selectFrom('cw_alarms').selectAll().where('account_id', '=', accountId).where('region', '=', region);
  return {
    async get(accountId: string, region: string, name: string): Promise<AlarmRecord | undefined> {
      const row = await key(accountId, region).where('alarm_name', '=', name).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    /** All alarms of an account and region, by name. */
    async list(accountId: string, region: string, opts: { names?: string[]; prefix?: string; state?: string; afterName?: string } = {}): Promise<AlarmRecord[]> {
      let q = key(accountId, region);
      if (opts.names) q = opts.names.length ? q.where('alarm_name', 'in', opts.names) : q.where('alarm_name', '=', '\u0000');
      if (opts.state) q = q.where('state_value', '=', opts.state);
      if (opts.afterName !== undefined) q = q.where('alarm_name', '>', opts.afterName);
      const rows = await q.orderBy('alarm_name').execute();
      // Prefix matching in code: LIKE would treat % and _ in alarm names as wildcards.
      return rows.map(toRecord).filter((a) => opts.prefix === undefined || a.name.startsWith(opts.prefix));
    },

    async put(alarm: AlarmRecord): Promise<void> {
      const row = toRow(alarm);
      await db
        .insertInto('cw_alarms')
        .values(row)
        .onConflict((oc) => oc.columns(['account_id', 'region', 'alarm_name']).doUpdateSet(row))
        .execute();
    },

    /**
     * Saves configuration and schedule only (PutMetricAlarm replaces the whole configuration), leaving the state to
     * the evaluator and SetAlarmState and the tags to changeTags.
     */
    async saveConfig(alarm: AlarmRecord): Promise<void> {
      await db
        .updateTable('cw_alarms')
        .set({ config: JSON.stringify(alarm.config), config_updated_at: alarm.configUpdatedAt, next_evaluation_at: alarm.nextEvaluationAt })
        .where('account_id', '=', alarm.accountId)
        .where('region', '=', alarm.region)
        .where('alarm_name', '=', alarm.name)
        .execute();
    },

    /** Changes the tags without losing a concurrent change of other keys (see swapColumn); false: no such alarm. */
    async changeTags(accountId: string, region: string, name: string, change: (tags: Tag[]) => Tag[]): Promise<boolean> {
      return swapColumn(db, 'cw_alarms', 'tags', { account_id: accountId, region, alarm_name: name }, (text) => JSON.stringify(change(text ? (JSON.parse(text) as Tag[]) : [])));
    },

    /** Changes part of the configuration (ActionsEnabled) without undoing a concurrent change; false: no such alarm. */
    async changeConfig(accountId: string, region: string, name: string, change: (config: AlarmConfig) => AlarmConfig): Promise<boolean> {
      return swapColumn(db, 'cw_alarms', 'config', { account_id: accountId, region, alarm_name: name }, (text) => JSON.stringify(change(JSON.parse(text!) as AlarmConfig)));
    },

    async delete(accountId: string, region: string, names: string[]): Promise<void> {
      if (names.length === 0) return;
      await db.deleteFrom('cw_alarms').where('account_id', '=', accountId).where('region', '=', region).where('alarm_name', 'in', names).execute();
    },

    /** Saves a new state, only if the alarm still has the state it was read with; false when it changed meanwhile. */
    async saveState(alarm: AlarmRecord, expected: { stateValue: string; stateUpdatedAt: number }): Promise<boolean> {
      const res = await db
        .updateTable('cw_alarms')
        .set({
          state_value: alarm.stateValue,
          state_reason: alarm.stateReason,
          state_reason_data: alarm.stateReasonData ?? null,
          state_updated_at: alarm.stateUpdatedAt,
          state_transitioned_at: alarm.stateTransitionedAt,
        })
        .where('account_id', '=', alarm.accountId)
        .where('region', '=', alarm.region)
        .where('alarm_name', '=', alarm.name)
        .where('state_value', '=', expected.stateValue)
        .where('state_updated_at', '=', expected.stateUpdatedAt)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Alarms of every account and region whose evaluation is due. */
    async due(nowMs: number, limit = 500): Promise<AlarmRecord[]> {
      const rows = await db.selectFrom('cw_alarms').selectAll().where('next_evaluation_at', '<=', nowMs).orderBy('next_evaluation_at').limit(limit).execute();
      return rows.map(toRecord);
    },

    /** Moves an alarm's next evaluation from `from` to `to`; false when another evaluator claimed it first. */
    async claim(alarm: AlarmRecord, from: number, to: number): Promise<boolean> {
      const res = await db
        .updateTable('cw_alarms')
        .set({ next_evaluation_at: to })
        .where('account_id', '=', alarm.accountId)
        .where('region', '=', alarm.region)
        .where('alarm_name', '=', alarm.name)
        .where('next_evaluation_at', '=', from)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async addHistory(items: HistoryRecord[]): Promise<void> {
      if (items.length === 0) return;
      await db
        .insertInto('cw_alarm_history')
        .values(
          items.map((h) => ({
            account_id: h.accountId,
            region: h.region,
            alarm_name: h.alarmName,
            alarm_type: h.alarmType,
            timestamp: h.timestamp,
            item_type: h.itemType,
            summary: h.summary,
            data: h.data,
          })),
        )
        .execute();
    },

    async history(accountId: string, region: string, q: HistoryQuery): Promise<Array<HistoryRecord & { seq: number }>> {
      let sel = db.selectFrom('cw_alarm_history').selectAll().where('account_id', '=', accountId).where('region', '=', region);
      if (q.alarmName !== undefined) sel = sel.where('alarm_name', '=', q.alarmName);
      if (q.itemType !== undefined) sel = sel.where('item_type', '=', q.itemType);
      if (q.startMs !== undefined) sel = sel.where('timestamp', '>=', q.startMs);
      if (q.endMs !== undefined) sel = sel.where('timestamp', '<=', q.endMs);
      if (q.afterSeq !== undefined) sel = sel.where('seq', q.ascending ? '>' : '<', q.afterSeq);
      const rows = await sel.orderBy('seq', q.ascending ? 'asc' : 'desc').limit(q.limit).execute();
      return rows.map((r) => ({
        seq: Number(r.seq),
        accountId: r.account_id,
        region: r.region,
        alarmName: r.alarm_name,
        alarmType: r.alarm_type as 'MetricAlarm',
        timestamp: Number(r.timestamp),
        itemType: r.item_type as HistoryItemType,
        summary: r.summary,
        data: r.data,
      }));
    },
  };
}

export type AlarmsRepo = ReturnType<typeof createAlarmsRepo>;
