/**
 * Metric filters: their rows in the store, their compiled form (cached per group, dropped whenever a filter of the
 * group changes), and the turning of ingested events into CloudWatch metric data.
 *
 * Each PutLogEvents batch is matched against the group's filters; matches are aggregated per filter, per minute of
 * the event timestamps and per dimension set into one statistic set (SampleCount = matches, Sum/Min/Max of the
 * values), as CloudWatch Logs reports metric filter data every minute. A filter with a `defaultValue` reports it for
 * minutes of the batch in which events were ingested but none matched (a minute split over several batches can get
 * both a match and the default; with the usual default of 0 the Sum is unaffected).
 */
import type { Kysely } from 'kysely';
import type { Logger } from '../../common/index.js';
import type { MetricTransformation } from '../../models/logs/index.js';
import type { Database } from '../../store/index.js';
import type { CloudWatchMetrics, MetricDatum } from '../cloudwatch/index.js';
import { compileFilterPattern, parseMetricValue, type CompiledPattern, type MetricValueSpec } from './filter-pattern/index.js';
import type { InputEvent } from './engine/index.js';
import { invalidParameter } from './wire-errors.js';

export interface MetricFilterRecord {
  groupName: string;
  filterName: string;
  filterPattern: string;
  transformation: MetricTransformation;
  creationTime: number;
}

type Row = Database['logs_metric_filters'];

const toRecord = (r: Row): MetricFilterRecord => ({
  groupName: r.group_name,
  filterName: r.filter_name,
  filterPattern: r.filter_pattern,
  transformation: (JSON.parse(r.metric_transformations) as MetricTransformation[])[0]!,
  creationTime: Number(r.creation_time),
});

export interface ListFiltersQuery {
  groupName?: string;
  filterNamePrefix?: string;
  metricName?: string;
  metricNamespace?: string;
  /** Position after which to list: [group name, filter name]. */
  after?: [string, string];
  limit: number;
}

export class MetricFiltersRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async put(accountId: string, region: string, f: MetricFilterRecord): Promise<void> {
    const values = {
      account_id: accountId,
      region,
      group_name: f.groupName,
      filter_name: f.filterName,
      filter_pattern: f.filterPattern,
      metric_transformations: JSON.stringify([f.transformation]),
      creation_time: f.creationTime,
    };
    await this.db
      .insertInto('logs_metric_filters')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['account_id', 'region', 'group_name', 'filter_name']).doUpdateSet({ filter_pattern: values.filter_pattern, metric_transformations: values.metric_transformations }),
      )
      .execute();
  }

  async delete(accountId: string, region: string, groupName: string, filterName: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('logs_metric_filters')
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('group_name', '=', groupName)
      .where('filter_name', '=', filterName)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async forGroup(accountId: string, region: string, groupName: string): Promise<MetricFilterRecord[]> {
    const rows = await this.db
      .selectFrom('logs_metric_filters')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('group_name', '=', groupName)
      .orderBy('filter_name')
      .execute();
    return rows.map(toRecord);
  }

  /** Filters in (group, name) order; metric name and namespace are matched on the decoded transformation. */
  async list(accountId: string, region: string, q: ListFiltersQuery): Promise<MetricFilterRecord[]> {
    const out: MetricFilterRecord[] = [];
    let after = q.after;
    // Metric name/namespace live inside JSON, so those queries page through rows and keep the ones that fit.
    for (;;) {
      let sel = this.db.selectFrom('logs_metric_filters').selectAll().where('account_id', '=', accountId).where('region', '=', region);
      if (q.groupName !== undefined) sel = sel.where('group_name', '=', q.groupName);
      if (q.filterNamePrefix) sel = sel.where('filter_name', '>=', q.filterNamePrefix).where('filter_name', '<', q.filterNamePrefix + '\u{10FFFF}');
      if (after) {
        const [g, f] = after;
        sel = sel.where((eb) => eb.or([eb('group_name', '>', g), eb.and([eb('group_name', '=', g), eb('filter_name', '>', f)])]));
      }
      const batch = 200;
      const rows = await sel.orderBy('group_name').orderBy('filter_name').limit(batch).execute();
      for (const row of rows) {
        const rec = toRecord(row);
        if (!rec.filterName.startsWith(q.filterNamePrefix ?? '')) continue;
        if (q.metricName !== undefined && (rec.transformation.metricName !== q.metricName || rec.transformation.metricNamespace !== q.metricNamespace)) continue;
        out.push(rec);
        if (out.length >= q.limit) return out;
      }
      if (rows.length < batch) return out;
      const last = rows[rows.length - 1]!;
      after = [last.group_name, last.filter_name];
    }
  }

  /** Number of metric filters of each of the named groups. */
  async countByGroup(accountId: string, region: string, groupNames: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (groupNames.length === 0) return counts;
    const rows = await this.db
      .selectFrom('logs_metric_filters')
      .select(['group_name', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId)
      .where('region', '=', region)
      .where('group_name', 'in', groupNames)
      .groupBy('group_name')
      .execute();
    for (const r of rows) counts.set(r.group_name, Number(r.n));
    return counts;
  }
}

/** At most this many metric filters per log group (AWS: 100, not adjustable). */
export const MAX_METRIC_FILTERS_PER_GROUP = 100;
/** At most this many of a group's metric filter patterns may use regular expressions. */
export const MAX_REGEX_FILTERS_PER_GROUP = 5;
export const MAX_DIMENSIONS = 3;

export interface CompiledMetricFilter {
  record: MetricFilterRecord;
  pattern: CompiledPattern;
  value: MetricValueSpec;
}

/**
 * Compiles and checks a filter as PutMetricFilter must: a valid pattern, a numeric or field metricValue that the
 * pattern can extract, ≤3 dimensions only on JSON or space-delimited patterns, and not both dimensions and a default.
 * Throws InvalidParameterException with the parser's message.
 */
export function compileMetricFilter(record: MetricFilterRecord): CompiledMetricFilter {
  const t = record.transformation;
  let pattern: CompiledPattern;
  let value: MetricValueSpec;
  try {
    pattern = compileFilterPattern(record.filterPattern);
    value = parseMetricValue(t.metricValue);
    if (value.kind === 'selector') pattern.checkSelector(value.selector.text);
  } catch (err) {
    throw invalidParameter(err instanceof Error ? err.message : String(err));
  }
  const dimensions = Object.entries(t.dimensions ?? {});
  if (dimensions.length > 0) {
    if (dimensions.length > MAX_DIMENSIONS) throw invalidParameter(`A metric filter can have at most ${MAX_DIMENSIONS} dimensions.`);
    if (t.defaultValue !== undefined) throw invalidParameter('A metric filter with dimensions cannot have a default value.');
    if (pattern.kind !== 'json' && pattern.kind !== 'delimited') {
      throw invalidParameter('Dimensions can only be used with JSON or space-delimited filter patterns.');
    }
    for (const [name, ref] of dimensions) {
      try {
        pattern.checkSelector(ref);
      } catch (err) {
        throw invalidParameter(`Invalid dimension ${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return { record, pattern, value };
}

interface Aggregate {
  timestamp: number;
  dimensions: { Name: string; Value: string }[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

const MINUTE_MS = 60_000;

/** The metric data a batch of events produces for a group's filters, grouped by namespace. */
export function metricDataFor(filters: readonly CompiledMetricFilter[], events: readonly InputEvent[]): Map<string, MetricDatum[]> {
  const byNamespace = new Map<string, MetricDatum[]>();
  for (const f of filters) {
    const t = f.record.transformation;
    const dimensionRefs = t.dimensions && Object.keys(t.dimensions).length ? t.dimensions : undefined;
    const aggregates = new Map<string, Aggregate>();
    const minutes = new Set<number>();
    const matchedMinutes = new Set<number>();
    for (const e of events) {
      const minute = Math.floor(e.timestamp / MINUTE_MS) * MINUTE_MS;
      minutes.add(minute);
      if (!f.pattern.matches(e.message)) continue;
      let v: number;
      if (f.value.kind === 'constant') v = f.value.value;
      else {
        const raw = f.pattern.extract(e.message, f.value.selector.text);
        v = typeof raw === 'number' ? raw : raw === undefined || raw.trim() === '' ? NaN : Number(raw);
        // An event whose field is missing or not a number contributes nothing (AWS leaves this undocumented).
        if (!Number.isFinite(v)) continue;
      }
      matchedMinutes.add(minute);
      const dims = dimensionRefs
        ? Object.entries(f.pattern.extractDimensions(e.message, dimensionRefs))
            .map(([Name, Value]) => ({ Name, Value }))
            .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
        : [];
      const key = `${minute}\u0000${JSON.stringify(dims)}`;
      const agg = aggregates.get(key);
      if (agg) {
        agg.count++;
        agg.sum += v;
        agg.min = Math.min(agg.min, v);
        agg.max = Math.max(agg.max, v);
      } else {
        aggregates.set(key, { timestamp: minute, dimensions: dims, count: 1, sum: v, min: v, max: v });
      }
    }
    const data: MetricDatum[] = [];
    for (const a of aggregates.values()) {
      data.push({
        MetricName: t.metricName,
        Dimensions: a.dimensions.length ? a.dimensions : undefined,
        Timestamp: new Date(a.timestamp),
        StatisticValues: { SampleCount: a.count, Sum: a.sum, Minimum: a.min, Maximum: a.max },
        Unit: t.unit,
      });
    }
    if (t.defaultValue !== undefined && !dimensionRefs) {
      for (const minute of minutes) {
        if (matchedMinutes.has(minute)) continue;
        const d = t.defaultValue;
        data.push({ MetricName: t.metricName, Timestamp: new Date(minute), StatisticValues: { SampleCount: 1, Sum: d, Minimum: d, Maximum: d }, Unit: t.unit });
      }
    }
    if (data.length === 0) continue;
    const list = byNamespace.get(t.metricNamespace);
    if (list) list.push(...data);
    else byNamespace.set(t.metricNamespace, data);
  }
  return byNamespace;
}

/**
 * The compiled filters of each group, loaded on first use and dropped when a filter of the group changes, and the
 * publishing of a batch's metric data to CloudWatch. With several API processes a change made through another one
 * is not announced here: entries are reloaded after `ttlMs` (5 s), so a new or deleted filter applies everywhere
 * within that time (CloudWatch Logs applies a new filter to events ingested after it is created, not at once either).
 */
export class MetricFilterRuntime {
  private readonly cache = new Map<string, { at: number; filters: Promise<CompiledMetricFilter[]> }>();

  constructor(
    private readonly repo: MetricFiltersRepo,
    private readonly metrics: () => CloudWatchMetrics | undefined,
    private readonly logger: Logger,
    private readonly ttlMs = 5000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private key(accountId: string, region: string, group: string): string {
    return `${accountId}\u0000${region}\u0000${group}`;
  }

  invalidate(accountId: string, region: string, group: string): void {
    this.cache.delete(this.key(accountId, region, group));
  }

  filters(accountId: string, region: string, group: string): Promise<CompiledMetricFilter[]> {
    const key = this.key(accountId, region, group);
    const hit = this.cache.get(key);
    const now = this.now();
    if (hit && now - hit.at < this.ttlMs) return hit.filters;
    const pending = this.repo.forGroup(accountId, region, group).then((records) =>
      records.flatMap((r) => {
        try {
          return [compileMetricFilter(r)];
        } catch (err) {
          // A stored filter that no longer compiles (a parser change) must not stop ingestion.
          this.logger.warn('metric filter skipped: it does not compile', { group, filter: r.filterName, error: String((err as Error).message) });
          return [];
        }
      }),
    );
    this.cache.set(key, { at: now, filters: pending });
    pending.catch(() => this.cache.delete(key));
    return pending;
  }

  /**
   * Publishes what the events produce for the group's filters. Events are already stored when this runs, so a
   * failure to publish is logged, not thrown: the write was acknowledged and must stay so.
   */
  async publish(accountId: string, region: string, group: string, events: readonly InputEvent[]): Promise<void> {
    try {
      const filters = await this.filters(accountId, region, group);
      if (filters.length === 0 || events.length === 0) return;
      const metrics = this.metrics();
      if (!metrics) return;
      for (const [namespace, data] of metricDataFor(filters, events)) {
        for (let i = 0; i < data.length; i += 1000) {
          await metrics.putMetricDataInternal(accountId, region, namespace, data.slice(i, i + 1000));
        }
      }
    } catch (err) {
      this.logger.warn('metric filter data not published', { group, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
