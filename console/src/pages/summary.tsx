// Summary: findings by severity and by type, the buckets with the most findings, and this month's usage against
// the quota.
import type { Session } from '../api/call.js';
import { macie2 } from '../api/services.js';
import { Empty, PageHeader, States, bytes, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';

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
  return (
    <section>
      <PageHeader title="Summary">
        <button type="button" onClick={loaded.reload}>
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
