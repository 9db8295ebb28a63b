// CloudWatch Logs: the log groups, and one group's streams (newest first) with a name filter, its retention and
// metric filters, and "Search all log streams".
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { cloudwatch, logs } from '../api/services.js';
import { formatTime } from '../api/wire.js';
import { Empty, ErrorBox, PageHeader, States, TableWrap, bytes, errorText, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';
import { Pager } from './jobs.js';

export function LogGroups({ session }: { session: Session }) {
  const [prefix, setPrefix] = useState('');
  const loaded = useLoad(() => logs.describeLogGroups(session, { limit: 50, ...(prefix && { logGroupNamePrefix: prefix }) }), [prefix]);
  return (
    <section>
      <PageHeader title="Log groups">
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>
      </PageHeader>
      <form class="toolbar" role="search" aria-label="Filter log groups" onSubmit={(e) => (e.preventDefault(), setPrefix(String(new FormData(e.target as HTMLFormElement).get('prefix') ?? '').trim()))}>
        <label>
          Log group name starts with <input name="prefix" defaultValue={prefix} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <States loaded={loaded} what="log groups">
        {(d) =>
          !d.logGroups?.length ? (
            <Empty title="No log groups">
              <p>Classification jobs write their events to /aws/macie/classificationjobs once a job runs.</p>
            </Empty>
          ) : (
            <TableWrap label="Log groups">
              <table>
                <caption class="sr-only">Log groups</caption>
                <thead>
                  <tr>
                    <th scope="col">Log group</th>
                    <th scope="col">Retention</th>
                    <th scope="col">Metric filters</th>
                    <th scope="col">Stored</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {d.logGroups.map((g) => (
                    <tr key={g.logGroupName}>
                      <td>
                        <a href={href(['logs', g.logGroupName!])}>{g.logGroupName}</a>
                      </td>
                      <td>{g.retentionInDays ? `${g.retentionInDays} days` : 'Never expire'}</td>
                      <td>{g.metricFilterCount ?? 0}</td>
                      <td>{bytes(g.storedBytes)}</td>
                      <td>{formatTime(g.creationTime)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </States>
    </section>
  );
}

export function LogGroup({ session, group }: { session: Session; group: string }) {
  const [prefix, setPrefix] = useState('');
  const [tokens, setTokens] = useState<string[]>([]);
  const token = tokens[tokens.length - 1];
  // Streams by name prefix, or (without one) newest event first, as the CloudWatch console lists them.
  const streams = useLoad(
    () =>
      logs.describeLogStreams(session, {
        logGroupName: group,
        limit: 50,
        ...(prefix ? { logStreamNamePrefix: prefix } : { orderBy: 'LastEventTime', descending: true }),
        ...(token && { nextToken: token }),
      }),
    [prefix, token],
  );
  const filters = useLoad(() => logs.describeMetricFilters(session, { logGroupName: group }), []);
  const info = useLoad(() => logs.describeLogGroups(session, { logGroupNamePrefix: group, limit: 1 }).then((r) => r.logGroups?.find((g) => g.logGroupName === group)), []);
  return (
    <section>
      <PageHeader title={`Log group: ${group}`}>
        <a class="button primary" href={href(['logs', group, 'events'])}>
          Search all log streams
        </a>
      </PageHeader>
      <p>
        <a href={href(['logs'])}>← All log groups</a>
      </p>
      <h2>Retention</h2>
      {info.error !== undefined ? (
        <ErrorBox error={info.error} onRetry={info.reload} />
      ) : !info.data && info.loading ? (
        <p role="status">Loading retention…</p>
      ) : (
        <Retention session={session} group={group} days={info.data?.retentionInDays} onSaved={info.reload} />
      )}
      <h2>Log streams</h2>
      <form
        class="toolbar"
        role="search"
        aria-label="Filter log streams"
        onSubmit={(e) => {
          e.preventDefault();
          setTokens([]);
          setPrefix(String(new FormData(e.target as HTMLFormElement).get('streamPrefix') ?? '').trim());
        }}
      >
        <label>
          Log stream name starts with <input name="streamPrefix" defaultValue={prefix} />
        </label>
        <button type="submit">Filter streams</button>
      </form>
      <States loaded={streams} what="log streams">
        {(d) =>
          !d.logStreams?.length ? (
            <Empty title="No log streams">{prefix ? <p>No stream name starts with “{prefix}”.</p> : <p>Nothing has written to this group yet.</p>}</Empty>
          ) : (
            <>
              <TableWrap label="Log streams">
                <table>
                  <caption class="sr-only">Log streams of {group}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Log stream</th>
                      <th scope="col">Last event</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.logStreams.map((s) => (
                      <tr key={s.logStreamName}>
                        <td>
                          <a href={href(['logs', group, 'events'], { stream: s.logStreamName })}>{s.logStreamName}</a>
                        </td>
                        <td>{formatTime(s.lastEventTimestamp)}</td>
                        <td>{formatTime(s.creationTime)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pager hasPrev={tokens.length > 0} hasNext={!!d.nextToken} onPrev={() => setTokens(tokens.slice(0, -1))} onNext={() => setTokens([...tokens, d.nextToken!])} />
            </>
          )
        }
      </States>
      <h2>Metric filters</h2>
      {filters.error !== undefined ? (
        <ErrorBox error={filters.error} />
      ) : !filters.data ? (
        <p role="status">Loading metric filters…</p>
      ) : !filters.data.metricFilters?.length ? (
        <p>No metric filters. Create one with aws logs put-metric-filter.</p>
      ) : (
        <ul>
          {filters.data.metricFilters.map((m) => (
            <li key={m.filterName}>
              <strong>{m.filterName}</strong>: <code>{m.filterPattern || '(all events)'}</code> →{' '}
              {(m.metricTransformations ?? []).map((t) => (
                <span key={`${t.metricNamespace}/${t.metricName}`}>
                  {t.metricNamespace}/{t.metricName} <MetricAlarms session={session} namespace={t.metricNamespace!} name={t.metricName!} />
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The values PutRetentionPolicy accepts (CloudWatch Logs' API reference). */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function Retention({ session, group, days, onSaved }: { session: Session; group: string; days: number | undefined; onSaved(): void }) {
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    const value = String(new FormData(e.target as HTMLFormElement).get('retention') ?? '');
    setBusy(true);
    setError(undefined);
    setSaved('');
    try {
      if (value === 'never') await logs.deleteRetentionPolicy(session, { logGroupName: group });
      else await logs.putRetentionPolicy(session, { logGroupName: group, retentionInDays: Number(value) });
      setSaved(value === 'never' ? 'Events never expire.' : `Events expire after ${value} days.`);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="toolbar" aria-label="Retention" onSubmit={save}>
      <p>Current: {days ? `${days} days` : 'Never expire'}</p>
      <label>
        Expire events after{' '}
        <select name="retention" defaultValue={days ? String(days) : 'never'}>
          <option value="never">Never expire</option>
          {RETENTION_DAYS.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        Save retention
      </button>
      <p role="status">{saved}</p>
      {error !== undefined && <ErrorBox error={error} />}
    </form>
  );
}

/** The alarms watching a metric filter's metric (DescribeAlarmsForMetric), each linked to its state history. */
function MetricAlarms({ session, namespace, name }: { session: Session; namespace: string; name: string }) {
  const alarms = useLoad(() => cloudwatch.describeAlarmsForMetric(session, { Namespace: namespace, MetricName: name }), [namespace, name]);
  if (alarms.error !== undefined) return <span class="hint">(alarms: {errorText(alarms.error)})</span>;
  if (!alarms.data) return null;
  const list = alarms.data.MetricAlarms ?? [];
  if (!list.length) return <span class="hint">(no alarm)</span>;
  return (
    <span>
      (alarms:{' '}
      {list.map((a, i) => (
        <span key={a.AlarmName}>
          {i > 0 && ', '}
          <a href={href(['alarms', a.AlarmName!])}>{a.AlarmName}</a> <span class={`status alarm-${a.StateValue}`}>{a.StateValue}</span>
        </span>
      ))}
      )
    </span>
  );
}
