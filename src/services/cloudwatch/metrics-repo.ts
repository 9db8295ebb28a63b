// Metrics and their datapoints in the store, per account and region. A metric row exists once per identity
// (namespace, name, dimension set); each published datum is one datapoint row, already aggregated.
import type { Store } from '../../store/index.js';
import type { Dimension } from '../../models/cloudwatch/index.js';
import { metricIdOf, type MetricIdentity } from './metric-data.js';
import type { StoredDatapoint } from './statistics.js';

export interface MetricRow extends MetricIdentity {
  metricId: string;
  lastPublishedAt: number;
}

export interface ListMetricsFilter {
  namespace?: string;
  metricName?: string;
  /** Each must be present on the metric, with this value when one is given. */
  dimensions?: Array<{ Name: string; Value?: string }>;
  publishedSince?: number;
}

// SQLite allows at most 32766 bound parameters per statement; datapoints bind 10 each.
const INSERT_CHUNK = 500;

export function createMetricsRepo(store: Store) {
  const db = store.db;
  // SQLite has no GREATEST(); its two-argument MAX() is the same thing.
  const greatest = store.dialect === 'sqlite' ? 'max' : 'greatest';
  return {
    /** Records datapoints for metrics of one namespace, creating the metrics that are new. */
    async publish(accountId: string, region: string, items: Array<{ identity: MetricIdentity; point: StoredDatapoint }>): Promise<void> {
      if (items.length === 0) return;
      const metrics = new Map<string, { identity: MetricIdentity; last: number }>();
      const rows = items.map(({ identity, point }) => {
        const metricId = metricIdOf(accountId, region, identity);
        const known = metrics.get(metricId);
        if (!known || known.last < point.timestamp) metrics.set(metricId, { identity, last: Math.max(point.timestamp, known?.last ?? 0) });
        return {
          metric_id: metricId,
          timestamp: point.timestamp,
          unit: point.unit,
          storage_resolution: point.storageResolution ?? 60,
          sample_count: point.sampleCount,
          sum: point.sum,
          minimum: point.minimum,
          maximum: point.maximum,
          distribution: point.distribution ? JSON.stringify(point.distribution) : null,
        };
      });
      await db.transaction().execute(async (tx) => {
        for (const [metricId, { identity, last }] of metrics) {
          await tx
            .insertInto('cw_metrics')
            .values({
              metric_id: metricId,
              account_id: accountId,
              region,
              namespace: identity.namespace,
              metric_name: identity.metricName,
              dimensions: JSON.stringify(identity.dimensions),
              last_published_at: last,
            })
            .onConflict((oc) =>
              oc.column('metric_id').doUpdateSet((eb) => ({ last_published_at: eb.fn<number>(greatest, [eb.ref('cw_metrics.last_published_at'), eb.ref('excluded.last_published_at')]) })),
            )
            .execute();
        }
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) await tx.insertInto('cw_datapoints').values(rows.slice(i, i + INSERT_CHUNK)).execute();
      });
    },

    async getMetric(accountId: string, region: string, identity: MetricIdentity): Promise<MetricRow | undefined> {
      const metricId = metricIdOf(accountId, region, identity);
      const row = await db.selectFrom('cw_metrics').selectAll().where('metric_id', '=', metricId).executeTakeFirst();
      return row ? toMetric(row) : undefined;
    },

    /** Metrics matching the filter, ordered by namespace, name and dimensions. */
    async listMetrics(accountId: string, region: string, filter: ListMetricsFilter): Promise<MetricRow[]> {
      let q = db.selectFrom('cw_metrics').selectAll().where('account_id', '=', accountId).where('region', '=', region);
      if (filter.namespace !== undefined) q = q.where('namespace', '=', filter.namespace);
      if (filter.metricName !== undefined) q = q.where('metric_name', '=', filter.metricName);
      if (filter.publishedSince !== undefined) q = q.where('last_published_at', '>=', filter.publishedSince);
      const rows = await q.orderBy('namespace').orderBy('metric_name').orderBy('dimensions').execute();
      const wanted = filter.dimensions ?? [];
      return rows
        .map(toMetric)
        .filter((m) => wanted.every((f) => m.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))));
    },

    /**
     * Datapoints of one metric with startMs ≤ timestamp < endMs, optionally of one unit. Raw value distributions are
     * read only when asked for (percentiles need them; the other statistics do not).
     */
    async datapoints(metricId: string, startMs: number, endMs: number, unit?: string, withDistribution = true): Promise<StoredDatapoint[]> {
      let q = db
        .selectFrom('cw_datapoints')
        .select(['timestamp', 'unit', 'storage_resolution', 'sample_count', 'sum', 'minimum', 'maximum'])
        .$if(withDistribution, (qb) => qb.select('distribution'))
        .where('metric_id', '=', metricId).where('timestamp', '>=', startMs).where('timestamp', '<', endMs);
      if (unit !== undefined) q = q.where('unit', '=', unit);
      const rows = await q.orderBy('timestamp').execute();
      return rows.map((r) => ({
        timestamp: Number(r.timestamp),
        unit: r.unit,
        storageResolution: r.storage_resolution,
        sampleCount: Number(r.sample_count),
        sum: Number(r.sum),
        minimum: Number(r.minimum),
        maximum: Number(r.maximum),
        distribution: r.distribution ? (JSON.parse(r.distribution) as Array<[number, number]>) : null,
      }));
    },

    /** Drops datapoints older than `beforeMs` (CloudWatch keeps data for 15 months). */
    async expire(beforeMs: number): Promise<number> {
      const res = await db.deleteFrom('cw_datapoints').where('timestamp', '<', beforeMs).executeTakeFirst();
      return Number(res.numDeletedRows ?? 0);
    },
  };
}

export type MetricsRepo = ReturnType<typeof createMetricsRepo>;

function toMetric(row: { metric_id: string; namespace: string; metric_name: string; dimensions: string; last_published_at: number }): MetricRow {
  return {
    metricId: row.metric_id,
    namespace: row.namespace,
    metricName: row.metric_name,
    dimensions: JSON.parse(row.dimensions) as Dimension[],
    lastPublishedAt: Number(row.last_published_at),
  };
}
