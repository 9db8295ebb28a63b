// CloudWatch alarms: every metric alarm with its state (DescribeAlarms), and one alarm's settings and state history
// (DescribeAlarmHistory), newest first, as the CloudWatch console shows them.
import type { Session } from '../api/call.js';
import { cloudwatch } from '../api/services.js';
import { formatTime } from '../api/wire.js';
import { Empty, Json, PageHeader, States, TableWrap, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';

const STATE_LABEL: Record<string, string> = { OK: 'OK', ALARM: 'In alarm', INSUFFICIENT_DATA: 'Insufficient data' };

function State({ value }: { value: string | undefined }) {
  return <span class={`status alarm-${value ?? 'none'}`}>{STATE_LABEL[value ?? ''] ?? value ?? '—'}</span>;
}

export function Alarms({ session }: { session: Session }) {
  const loaded = useLoad(() => cloudwatch.describeAlarms(session, { MaxRecords: 100, AlarmTypes: ['MetricAlarm'] }), []);
  return (
    <section>
      <PageHeader title="Alarms">
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>
      </PageHeader>
      <States loaded={loaded} what="alarms">
        {(d) =>
          !d.MetricAlarms?.length ? (
            <Empty title="No alarms">
              <p>Create one with aws cloudwatch put-metric-alarm, for example on a metric filter of a log group.</p>
            </Empty>
          ) : (
            <TableWrap label="Alarms">
              <table>
                <caption class="sr-only">Metric alarms</caption>
                <thead>
                  <tr>
                    <th scope="col">Alarm</th>
                    <th scope="col">State</th>
                    <th scope="col">Metric</th>
                    <th scope="col">Condition</th>
                    <th scope="col">State updated</th>
                  </tr>
                </thead>
                <tbody>
                  {d.MetricAlarms.map((a) => (
                    <tr key={a.AlarmArn}>
                      <td>
                        <a href={href(['alarms', a.AlarmName!])}>{a.AlarmName}</a>
                      </td>
                      <td>
                        <State value={a.StateValue} />
                      </td>
                      <td class="wrap">{a.MetricName ? `${a.Namespace}/${a.MetricName}` : 'Metric math'}</td>
                      <td>{condition(a)}</td>
                      <td class="nowrap">{formatTime(a.StateUpdatedTimestamp, 's')}</td>
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

const OPERATOR: Record<string, string> = { GreaterThanOrEqualToThreshold: '>=', GreaterThanThreshold: '>', LessThanThreshold: '<', LessThanOrEqualToThreshold: '<=' };

function condition(a: { Statistic?: string; ExtendedStatistic?: string; ComparisonOperator?: string; Threshold?: number; EvaluationPeriods?: number; DatapointsToAlarm?: number; Period?: number }): string {
  const stat = a.Statistic ?? a.ExtendedStatistic ?? '';
  const op = OPERATOR[a.ComparisonOperator ?? ''] ?? a.ComparisonOperator ?? '';
  const points = a.DatapointsToAlarm && a.DatapointsToAlarm !== a.EvaluationPeriods ? `${a.DatapointsToAlarm} of ${a.EvaluationPeriods}` : `${a.EvaluationPeriods ?? 1}`;
  return `${stat} ${op} ${a.Threshold ?? ''} for ${points} period(s) of ${a.Period ?? '—'} s`.trim();
}

export function AlarmDetail({ session, name }: { session: Session; name: string }) {
  const loaded = useLoad(async () => {
    const [alarms, history] = await Promise.all([
      cloudwatch.describeAlarms(session, { AlarmNames: [name] }),
      cloudwatch.describeAlarmHistory(session, { AlarmName: name, HistoryItemType: 'StateUpdate', MaxRecords: 100, ScanBy: 'TimestampDescending' }),
    ]);
    return { alarm: alarms.MetricAlarms?.[0], history: history.AlarmHistoryItems ?? [] };
  }, [name]);
  return (
    <section>
      <PageHeader title={`Alarm: ${name}`}>
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>
      </PageHeader>
      <p>
        <a href={href(['alarms'])}>← All alarms</a>
      </p>
      <States loaded={loaded} what="the alarm">
        {({ alarm, history }) =>
          !alarm ? (
            <Empty title="This alarm does not exist (anymore)" />
          ) : (
            <>
              <dl class="facts">
                <dt>State</dt>
                <dd>
                  <State value={alarm.StateValue} />
                </dd>
                <dt>Reason</dt>
                <dd>{alarm.StateReason ?? '—'}</dd>
                <dt>Metric</dt>
                <dd>{alarm.MetricName ? `${alarm.Namespace}/${alarm.MetricName}` : 'Metric math'}</dd>
                <dt>Condition</dt>
                <dd>{condition(alarm)}</dd>
                <dt>Missing data</dt>
                <dd>{alarm.TreatMissingData ?? 'missing'}</dd>
                <dt>Actions</dt>
                <dd>{alarm.ActionsEnabled === false ? 'Disabled' : [...(alarm.AlarmActions ?? []), ...(alarm.OKActions ?? [])].join(', ') || 'None'}</dd>
              </dl>
              <h2>State history</h2>
              {!history.length ? (
                <p>The alarm has not changed state yet.</p>
              ) : (
                <TableWrap label="State history">
                  <table>
                    <caption class="sr-only">State history of {name}, newest first</caption>
                    <thead>
                      <tr>
                        <th scope="col">Time</th>
                        <th scope="col">Change</th>
                        <th scope="col">Reason</th>
                      </tr>
                    </thead>
                    <tbody>
                      {history.map((h, i) => {
                        const data = parse(h.HistoryData);
                        return (
                          <tr key={i}>
                            <td class="nowrap">{formatTime(h.Timestamp, 's')}</td>
                            <td>{data ? `${STATE_LABEL[data.oldState?.stateValue ?? ''] ?? '—'} → ${STATE_LABEL[data.newState?.stateValue ?? ''] ?? '—'}` : h.HistorySummary}</td>
                            <td class="wrap">{data?.newState?.stateReason ?? h.HistorySummary}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </TableWrap>
              )}
              <details>
                <summary>Alarm (JSON)</summary>
                <Json value={alarm} label="Alarm JSON" />
              </details>
            </>
          )
        }
      </States>
    </section>
  );
}

interface StateChange {
  oldState?: { stateValue?: string };
  newState?: { stateValue?: string; stateReason?: string };
}

function parse(text: string | undefined): StateChange | undefined {
  try {
    return text ? (JSON.parse(text) as StateChange) : undefined;
  } catch {
    return undefined;
  }
}
