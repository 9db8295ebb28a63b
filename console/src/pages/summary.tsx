// Summary: findings by severity and by type (now, and per day over the last two weeks), the buckets with the most
// findings, and this month's usage against the quota.
import type { Session } from '../api/call.js';
import { macie2 } from '../api/services.js';
import { Empty, PageHeader, States, bytes, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';
import { StackedBars, type Series } from '../ui/chart.js';

const current = { findingCriteria: { criterion: { archived: { eq: ['false'] } } } };

export function Summary({ session }: { session: Session }) {
  const loaded = useLoad(async () => {
    const [bySeverity, byType, byBucket, usage] = await Promise.all([
      macie2.getFindingStatistics(session, { ...current, groupBy: 'severity.description' }),
      macie2.getFindingStatistics(session, { ...current, groupBy: 'type', sortCriteria: { attributeName: 'count', orderBy: 'DESC' } }),
      macie2.getFindingStatistics(session, { ...current, groupBy: 'resourcesAffected.s3Bucket.name', size: 5, sortCriteria: { attributeName: 'count', orderBy: 'DESC' } }),
      macie2.getUsageStatistics(session, { timeRange: 'MONTH_TO_DATE' }).catch(() => undefined),
    ]);
    return { bySeverity: bySeverity.countsByGroup ?? [], byType: byType.countsByGroup ?? [], byBucket: byBucket.countsByGroup ?? [], usage };
  }, []);
  const trend = useLoad(() => findingsByDay(session, 14), []);
  return (
    <section>
      <PageHeader title="Summary">
        <button type="button" onClick={() => (loaded.reload(), trend.reload())}>
          Refresh
        </button>
      </PageHeader>
      <States loaded={loaded} what="the summary">
        {(d) => (
          <div class="grid">
            <Bars title="Findings by severity" rows={order(d.bySeverity, ['High', 'Medium', 'Low'])} link={(k) => href(['findings'], { f: `severity.description|eq|${k}` })} />
            <Bars title="Findings by type" rows={d.byType} link={(k) => href(['findings'], { f: `type|eq|${k}` })} />
            <Bars title="Most sensitive buckets (most findings)" rows={d.byBucket} link={(k) => href(['findings'], { f: `resourcesAffected.s3Bucket.name|eq|${k}` })} />
            <section class="card" aria-labelledby="usage-title">
              <h2 id="usage-title">Usage this month</h2>
              {!d.usage ? (
                <p>Usage is not available to this user.</p>
              ) : (
                (d.usage.records ?? []).flatMap((r) =>
                  (r.usage ?? [])
                    .filter((u) => u.type === 'SENSITIVE_DATA_DISCOVERY')
                    .map((u) => {
                      const limit = u.serviceLimit;
                      const used = Number(u.estimatedCost ?? 0);
                      return (
                        <div key={r.accountId}>
                          <p>
                            Account {r.accountId}: sensitive data discovery estimated cost {used.toFixed(2)} {u.currency ?? 'USD'}
                          </p>
                          {limit?.isServiceLimited && limit.value ? (
                            <p>
                              Monthly quota: {limit.unit === 'TERABYTES' ? bytes(limit.value * 1024 ** 4) : `${limit.value} ${limit.unit ?? ''}`}
                            </p>
                          ) : (
                            <p>No monthly quota set.</p>
                          )}
                        </div>
                      );
                    }),
                )
              )}
            </section>
          </div>
        )}
      </States>
      <div class="grid">
        <States loaded={trend} what="findings over time">
          {(t) => (
            <>
              <StackedBars id="trend-severity" title="New findings per day, by severity (last 14 days)" labels={t.days} series={t.bySeverity} />
              <StackedBars id="trend-type" title="New findings per day, by type (last 14 days)" labels={t.days} series={t.byType} />
            </>
          )}
        </States>
      </div>
    </section>
  );
}

function order(rows: { groupKey?: string; count?: number }[], keys: string[]) {
  return keys.map((k) => ({ groupKey: k, count: rows.find((r) => r.groupKey === k)?.count ?? 0 }));
}

function Bars({ title, rows, link }: { title: string; rows: { groupKey?: string; count?: number }[]; link(k: string): string }) {
  const max = Math.max(1, ...rows.map((r) => r.count ?? 0));
  const id = title.replace(/\W+/g, '-').toLowerCase();
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {!rows.length || rows.every((r) => !r.count) ? (
        <Empty title="No findings yet">
          <p>
            <a href={href(['jobs', 'new'])}>Create a job</a> to look for sensitive data.
          </p>
        </Empty>
      ) : (
        <ul class="bars">
          {rows.map((r) => (
            <li key={r.groupKey}>
              <a href={link(r.groupKey ?? '')}>{r.groupKey}</a>
              <span class="bar" style={{ width: `${((r.count ?? 0) / max) * 100}%` }} aria-hidden="true" />
              <span class="count">{r.count}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const DAY = 86_400_000;

/** Current findings created on each of the last `n` UTC days, by severity and by type (the four commonest, then the rest). */
async function findingsByDay(session: Session, n: number): Promise<{ days: string[]; bySeverity: Series[]; byType: Series[] }> {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const starts = Array.from({ length: n }, (_, i) => today - (n - 1 - i) * DAY);
  const perDay = await Promise.all(
    starts.map(async (start) => {
      const findingCriteria = { criterion: { archived: { eq: ['false'] }, createdAt: { gte: start, lt: start + DAY } } };
      const [sev, type] = await Promise.all([
        macie2.getFindingStatistics(session, { findingCriteria, groupBy: 'severity.description' }),
        macie2.getFindingStatistics(session, { findingCriteria, groupBy: 'type' }),
      ]);
      return { sev: sev.countsByGroup ?? [], type: type.countsByGroup ?? [] };
    }),
  );
  const count = (rows: { groupKey?: string; count?: number }[], key: string) => rows.find((r) => r.groupKey === key)?.count ?? 0;
  const bySeverity = ['High', 'Medium', 'Low'].map((name) => ({ name, values: perDay.map((d) => count(d.sev, name)) }));
  const totals = new Map<string, number>();
  for (const d of perDay) for (const r of d.type) totals.set(r.groupKey ?? '', (totals.get(r.groupKey ?? '') ?? 0) + (r.count ?? 0));
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k]) => k);
  const byType: Series[] = top.map((name) => ({ name, values: perDay.map((d) => count(d.type, name)) }));
  if (totals.size > top.length) byType.push({ name: 'Other types', values: perDay.map((d) => d.type.filter((r) => !top.includes(r.groupKey ?? '')).reduce((a, r) => a + (r.count ?? 0), 0)) });
  return { days: starts.map((d) => new Date(d).toISOString().slice(0, 10)), bySeverity, byType };
}
