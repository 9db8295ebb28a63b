import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutbound, ManualClock, parseOutboundAllow, sequentialIds, silentLogger, type RequestContext } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { ServiceError } from '../../common/index.js';
import { createCloudWatchProvider, createCloudWatchMetrics } from './provider.js';
import type { AlarmNotifier } from './alarm-actions.js';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
let store: Store;
let clock: ManualClock;

function ctxFor(accountId = '111122223333', region = 'us-east-1'): RequestContext {
  return {
    accountId,
    region,
    principal: { type: 'Root', accountId, arn: `arn:aws:iam::${accountId}:root`, principalId: accountId },
    requestId: 'r-1',
    clock,
    sourceIp: '127.0.0.1',
    userAgent: 'test',
  };
}

const notified: Array<{ alarm: string; state: string; old: string }> = [];
const recordingNotifier: AlarmNotifier = {
  async notify(alarm, oldState) {
    notified.push({ alarm: alarm.name, state: alarm.stateValue, old: oldState });
    return [];
  },
};

function make() {
  return createCloudWatchProvider({ store, clock, ids: sequentialIds(), logger: silentLogger }, { notifier: recordingNotifier, outbound: createOutbound({ allow: parseOutboundAllow('hooks.example') }) });
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return err.code;
    throw err;
  }
  return 'no error';
}

beforeEach(async () => {
  store = await openStore(':memory:');
  clock = new ManualClock(T0 + 10 * 60_000);
  notified.length = 0;
});
afterEach(async () => {
  await store.close();
});

describe('PutMetricData and GetMetricStatistics', () => {
  it('aggregates values, value lists with counts and statistic sets into periods', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    await cw.putMetricData(ctx, {
      Namespace: 'Sift/Test',
      MetricData: [
        { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'scan' }], Timestamp: new Date(T0 + 5_000), Value: 10, Unit: 'Milliseconds' },
        { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'scan' }], Timestamp: new Date(T0 + 20_000), Values: [20, 30], Counts: [2, 1], Unit: 'Milliseconds' },
        { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'scan' }], Timestamp: new Date(T0 + 65_000), StatisticValues: { SampleCount: 4, Sum: 8, Minimum: 1, Maximum: 3 }, Unit: 'Milliseconds' },
      ],
    });
    const res = await cw.getMetricStatistics(ctx, {
      Namespace: 'Sift/Test',
      MetricName: 'Latency',
      Dimensions: [{ Name: 'Api', Value: 'scan' }],
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 180_000),
      Period: 60,
      Statistics: ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'],
    });
    const byTime = [...res.Datapoints!].sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
    expect(res.Label).toBe('Latency');
    expect(byTime).toEqual([
      { Timestamp: new Date(T0), Unit: 'Milliseconds', SampleCount: 4, Sum: 80, Average: 20, Minimum: 10, Maximum: 30 },
      { Timestamp: new Date(T0 + 60_000), Unit: 'Milliseconds', SampleCount: 4, Sum: 8, Average: 2, Minimum: 1, Maximum: 3 },
    ]);
  });

  it('computes percentiles from raw values and leaves them out where only statistic sets exist', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    await cw.putMetricData(ctx, { Namespace: 'N', MetricData: [{ MetricName: 'M', Timestamp: new Date(T0), Values: Array.from({ length: 100 }, (_, i) => i + 1) }] });
    await cw.putMetricData(ctx, { Namespace: 'N', MetricData: [{ MetricName: 'M', Timestamp: new Date(T0 + 60_000), StatisticValues: { SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2 } }] });
    const res = await cw.getMetricStatistics(ctx, { Namespace: 'N', MetricName: 'M', StartTime: new Date(T0), EndTime: new Date(T0 + 120_000), Period: 60, ExtendedStatistics: ['p50', 'p99', 'p99.9'] });
    const byTime = [...res.Datapoints!].sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
    expect(byTime[0]!.ExtendedStatistics).toEqual({ p50: 50, p99: 99, 'p99.9': 100 });
    expect(byTime[1]!.ExtendedStatistics).toEqual({});
  });

  it('matches dimensions exactly, separates accounts and regions, and filters by unit', async () => {
    const { provider: cw } = make();
    await cw.putMetricData(ctxFor(), { Namespace: 'N', MetricData: [{ MetricName: 'M', Dimensions: [{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }], Timestamp: new Date(T0), Value: 1, Unit: 'Count' }] });
    const q = { Namespace: 'N', MetricName: 'M', StartTime: new Date(T0), EndTime: new Date(T0 + 60_000), Period: 60, Statistics: ['Sum' as const] };
    // dimension order does not matter, the set does
    expect((await cw.getMetricStatistics(ctxFor(), { ...q, Dimensions: [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }] })).Datapoints).toHaveLength(1);
    expect((await cw.getMetricStatistics(ctxFor(), { ...q, Dimensions: [{ Name: 'a', Value: '1' }] })).Datapoints).toHaveLength(0);
    const full = { ...q, Dimensions: [{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }] };
    expect((await cw.getMetricStatistics(ctxFor('444455556666'), full)).Datapoints).toHaveLength(0);
    expect((await cw.getMetricStatistics(ctxFor('111122223333', 'eu-west-1'), full)).Datapoints).toHaveLength(0);
    expect((await cw.getMetricStatistics(ctxFor(), { ...full, Unit: 'Bytes' })).Datapoints).toHaveLength(0);
    expect((await cw.getMetricStatistics(ctxFor(), { ...full, Unit: 'Count' })).Datapoints).toHaveLength(1);
  });

  it('rejects what CloudWatch rejects', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    const put = (datum: object, ns = 'N') => cw.putMetricData(ctx, { Namespace: ns, MetricData: [{ MetricName: 'M', ...datum }] });
    expect(await code(put({ Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }))).toBe('InvalidParameterCombination');
    expect(await code(put({ Values: [1, 2], Counts: [1] }))).toBe('InvalidParameterValue');
    expect(await code(put({ Value: NaN }))).toBe('InvalidParameterValue');
    expect(await code(put({}))).toBe('MissingParameter');
    expect(await code(put({ Value: 1, Timestamp: new Date(clock.nowMs() + 3 * 3_600_000) }))).toBe('InvalidParameterValue');
    expect(await code(put({ Value: 1, Timestamp: new Date(clock.nowMs() - 15 * 86_400_000) }))).toBe('InvalidParameterValue');
    expect(await code(put({ Value: 1, StorageResolution: 5 }))).toBe('InvalidParameterValue');
    expect(await code(put({ Value: 1, Dimensions: [{ Name: 'a', Value: '1' }, { Name: 'a', Value: '2' }] }))).toBe('InvalidParameterValue');
    expect(await code(put({ Value: 1 }, 'AWS/EC2'))).toBe('InvalidParameterValue');
    expect(await code(cw.putMetricData(ctx, { Namespace: 'N' }))).toBe('MissingParameter');
    const q = { Namespace: 'N', MetricName: 'M', StartTime: new Date(T0), EndTime: new Date(T0 + 60_000), Period: 60 };
    expect(await code(cw.getMetricStatistics(ctx, q))).toBe('InvalidParameterCombination');
    expect(await code(cw.getMetricStatistics(ctx, { ...q, Statistics: ['Sum'], ExtendedStatistics: ['p90'] }))).toBe('InvalidParameterCombination');
    expect(await code(cw.getMetricStatistics(ctx, { ...q, ExtendedStatistics: ['p101'] }))).toBe('InvalidParameterValue');
    expect(await code(cw.getMetricStatistics(ctx, { ...q, Statistics: ['Sum'], Period: 45 }))).toBe('InvalidParameterValue');
    expect(await code(cw.getMetricStatistics(ctx, { ...q, Statistics: ['Sum'], Period: 1, EndTime: new Date(T0 + 3_600_000) }))).toBe('InvalidParameterCombination');
    expect(await code(cw.getMetricStatistics(ctx, { ...q, Statistics: ['Sum'], EndTime: new Date(T0) }))).toBe('InvalidParameterValue');
  });
});

describe('ListMetrics and GetMetricData', () => {
  it('lists metrics with namespace, name and dimension filters, and pages through 500 at a time', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    const data = Array.from({ length: 600 }, (_, i) => ({ MetricName: 'Many', Dimensions: [{ Name: 'Shard', Value: String(i).padStart(3, '0') }], Value: 1 }));
    for (let i = 0; i < data.length; i += 150) await cw.putMetricData(ctx, { Namespace: 'Big', MetricData: data.slice(i, i + 150) });
    await cw.putMetricData(ctx, { Namespace: 'Small', MetricData: [{ MetricName: 'One', Dimensions: [{ Name: 'Env', Value: 'prod' }], Value: 1 }, { MetricName: 'Two', Value: 1 }] });
    const first = await cw.listMetrics(ctx, { Namespace: 'Big' });
    expect(first.Metrics).toHaveLength(500);
    const second = await cw.listMetrics(ctx, { Namespace: 'Big', NextToken: first.NextToken });
    expect(second.Metrics).toHaveLength(100);
    expect(second.NextToken).toBeUndefined();
    expect((await cw.listMetrics(ctx, { Namespace: 'Small', MetricName: 'Two' })).Metrics).toEqual([{ Namespace: 'Small', MetricName: 'Two', Dimensions: [] }]);
    expect((await cw.listMetrics(ctx, { Dimensions: [{ Name: 'Env' }] })).Metrics!.map((m) => m.MetricName)).toEqual(['One']);
    expect((await cw.listMetrics(ctx, { Dimensions: [{ Name: 'Env', Value: 'dev' }] })).Metrics).toEqual([]);
    expect((await cw.listMetrics(ctxFor('444455556666'), {})).Metrics).toEqual([]);
    expect(await code(cw.listMetrics(ctx, { NextToken: 'garbage' }))).toBe('InvalidParameterValue');
    clock.advance(4 * 3_600_000);
    expect((await cw.listMetrics(ctx, { RecentlyActive: 'PT3H' })).Metrics).toEqual([]);
  });

  it('answers MetricStat queries newest first by default, oldest first when asked, and skips ReturnData false', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    await cw.putMetricData(ctx, {
      Namespace: 'N',
      MetricData: [0, 1, 2].map((i) => ({ MetricName: 'Errors', Timestamp: new Date(T0 + i * 60_000 + 1000), Value: i + 1 })),
    });
    const stat = { Metric: { Namespace: 'N', MetricName: 'Errors' }, Period: 60, Stat: 'Sum' };
    const res = await cw.getMetricData(ctx, {
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 180_000),
      MetricDataQueries: [{ Id: 'e', MetricStat: stat }, { Id: 'hidden', MetricStat: stat, ReturnData: false }],
    });
    expect(res.MetricDataResults).toEqual([
      { Id: 'e', Label: 'Errors', StatusCode: 'Complete', Timestamps: [2, 1, 0].map((i) => new Date(T0 + i * 60_000)), Values: [3, 2, 1] },
    ]);
    const asc = await cw.getMetricData(ctx, { StartTime: new Date(T0), EndTime: new Date(T0 + 180_000), ScanBy: 'TimestampAscending', MetricDataQueries: [{ Id: 'e', Label: 'errs', MetricStat: stat }] });
    expect(asc.MetricDataResults![0]!.Values).toEqual([1, 2, 3]);
    expect(asc.MetricDataResults![0]!.Label).toBe('errs');
    expect(await code(cw.getMetricData(ctx, { StartTime: new Date(T0), EndTime: new Date(T0 + 60_000), MetricDataQueries: [{ Id: 'Upper', MetricStat: stat }] }))).toBe('InvalidParameterValue');
    expect(await code(cw.getMetricData(ctx, { StartTime: new Date(T0), EndTime: new Date(T0 + 60_000), MetricDataQueries: [{ Id: 'a', MetricStat: { ...stat, Stat: 'Bogus' } }] }))).toBe('InvalidParameterValue');
  });

  it('putMetricDataInternal publishes through the same rules, per account and region', async () => {
    const metrics = createCloudWatchMetrics({ store, clock });
    await metrics.putMetricDataInternal('999988887777', 'eu-west-1', 'LogMetrics', [{ MetricName: 'Matches', Value: 3, Unit: 'Count', Timestamp: new Date(T0) }]);
    const { provider: cw } = make();
    expect((await cw.listMetrics(ctxFor('999988887777', 'eu-west-1'), {})).Metrics).toEqual([{ Namespace: 'LogMetrics', MetricName: 'Matches', Dimensions: [] }]);
    await expect(metrics.putMetricDataInternal('999988887777', 'eu-west-1', 'LogMetrics', [{ MetricName: 'Bad', Value: Infinity }])).rejects.toThrow(ServiceError);
  });
});

describe('alarms', () => {
  const alarm = {
    AlarmName: 'errors-high',
    Namespace: 'Sift/Jobs',
    MetricName: 'Errors',
    Statistic: 'Sum' as const,
    Period: 60,
    EvaluationPeriods: 2,
    DatapointsToAlarm: 2,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanThreshold' as const,
  };

  it('creates alarms in INSUFFICIENT_DATA, describes them with filters and pages, and deletes them', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    for (const name of ['a1', 'a2', 'b1']) await cw.putMetricAlarm(ctx, { ...alarm, AlarmName: name, AlarmActions: name === 'b1' ? ['https://hooks.example/x'] : undefined });
    const all = await cw.describeAlarms(ctx, {});
    expect(all.MetricAlarms!.map((a) => a.AlarmName)).toEqual(['a1', 'a2', 'b1']);
    const a1 = all.MetricAlarms![0]!;
    expect(a1).toMatchObject({
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:a1',
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      ActionsEnabled: true,
      Threshold: 5,
      Dimensions: [],
    });
    expect((await cw.describeAlarms(ctx, { AlarmNamePrefix: 'a' })).MetricAlarms!.map((a) => a.AlarmName)).toEqual(['a1', 'a2']);
    expect((await cw.describeAlarms(ctx, { AlarmNames: ['b1', 'zz'] })).MetricAlarms!.map((a) => a.AlarmName)).toEqual(['b1']);
    expect((await cw.describeAlarms(ctx, { ActionPrefix: 'https://hooks' })).MetricAlarms!.map((a) => a.AlarmName)).toEqual(['b1']);
    expect((await cw.describeAlarms(ctx, { StateValue: 'ALARM' })).MetricAlarms).toEqual([]);
    expect((await cw.describeAlarms(ctx, { AlarmTypes: ['CompositeAlarm'] })).MetricAlarms).toEqual([]);
    const p1 = await cw.describeAlarms(ctx, { MaxRecords: 2 });
    const p2 = await cw.describeAlarms(ctx, { MaxRecords: 2, NextToken: p1.NextToken });
    expect([...p1.MetricAlarms!, ...p2.MetricAlarms!].map((a) => a.AlarmName)).toEqual(['a1', 'a2', 'b1']);
    expect(p2.NextToken).toBeUndefined();
    expect(await code(cw.describeAlarms(ctx, { NextToken: '!!' }))).toBe('InvalidNextToken');
    expect(await code(cw.describeAlarms(ctx, { AlarmNames: ['a1'], AlarmNamePrefix: 'a' }))).toBe('InvalidParameterCombination');
    expect((await cw.describeAlarms(ctxFor('444455556666'), {})).MetricAlarms).toEqual([]);
    expect(await code(cw.deleteAlarms(ctx, { AlarmNames: ['a1', 'nope'] }))).toBe('ResourceNotFound');
    expect((await cw.describeAlarms(ctx, {})).MetricAlarms).toHaveLength(3);
    await cw.deleteAlarms(ctx, { AlarmNames: ['a1', 'a2'] });
    expect((await cw.describeAlarms(ctx, {})).MetricAlarms!.map((a) => a.AlarmName)).toEqual(['b1']);
  });

  it('validates alarm configuration', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, Period: 45 }))).toBe('InvalidParameterValue');
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, Statistic: undefined }))).toBe('InvalidParameterCombination');
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, ExtendedStatistic: 'p90' }))).toBe('InvalidParameterCombination');
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, DatapointsToAlarm: 3 }))).toBe('InvalidParameterValue');
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, EvaluationPeriods: 1441 }))).toBe('InvalidParameterValue');
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, Threshold: undefined }))).toBe('MissingParameter');
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, TreatMissingData: 'sometimes' }))).toBe('InvalidParameterValue');
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, AlarmActions: ['not an action'] }))).toBe('InvalidParameterValue');
    expect(await code(cw.putMetricAlarm(ctx, { ...alarm, ComparisonOperator: 'LessThanLowerThreshold' }))).toBe('InvalidParameterValue');
  });

  it('EvaluateLowSampleCountPercentile ignore keeps a p50 alarm’s state below 20 samples; evaluate does not', async () => {
    const { provider: cw, engine } = make();
    const ctx = ctxFor();
    clock.set(T0);
    const p50 = { ...alarm, Statistic: undefined, ExtendedStatistic: 'p50', EvaluationPeriods: 1, DatapointsToAlarm: 1 };
    await cw.putMetricAlarm(ctx, { ...p50, AlarmName: 'ignoring', EvaluateLowSampleCountPercentile: 'ignore' });
    await cw.putMetricAlarm(ctx, { ...p50, AlarmName: 'evaluating', EvaluateLowSampleCountPercentile: 'evaluate' });
    const state = async (name: string) => (await cw.describeAlarms(ctx, { AlarmNames: [name] })).MetricAlarms![0]!.StateValue;
    clock.set(T0 + 10_000);
    await cw.putMetricData(ctx, { Namespace: 'Sift/Jobs', MetricData: [{ MetricName: 'Errors', Values: [9], Counts: [19] }] });
    clock.set(T0 + 60_000);
    await engine.evaluateDue();
    expect(await state('evaluating')).toBe('ALARM');
    expect(await state('ignoring')).toBe('INSUFFICIENT_DATA');
    clock.set(T0 + 70_000);
    await cw.putMetricData(ctx, { Namespace: 'Sift/Jobs', MetricData: [{ MetricName: 'Errors', Values: [9], Counts: [20] }] });
    clock.set(T0 + 120_000);
    await engine.evaluateDue();
    expect(await state('ignoring')).toBe('ALARM');
  });

  it('is evaluated on its period: INSUFFICIENT_DATA → ALARM → OK with CloudWatch reasons, history and actions', async () => {
    const { provider: cw, engine } = make();
    const ctx = ctxFor();
    clock.set(T0);
    await cw.putMetricAlarm(ctx, alarm);
    const put = (value: number) => cw.putMetricData(ctx, { Namespace: 'Sift/Jobs', MetricData: [{ MetricName: 'Errors', Value: value }] });
    const state = async () => (await cw.describeAlarms(ctx, { AlarmNames: ['errors-high'] })).MetricAlarms![0]!;

    expect(await engine.evaluateDue()).toBe(1);
    expect((await state()).StateValue).toBe('INSUFFICIENT_DATA');
    expect(await engine.evaluateDue()).toBe(0); // not due again before the next period boundary

    clock.set(T0 + 10_000);
    await put(4);
    await put(3); // minute 0: Sum 7
    clock.set(T0 + 70_000);
    await put(9); // minute 1: Sum 9
    clock.set(T0 + 120_000);
    expect(await engine.evaluateDue()).toBe(1);
    const inAlarm = await state();
    expect(inAlarm.StateValue).toBe('ALARM');
    expect(inAlarm.StateReason).toBe(
      'Threshold Crossed: 2 out of the last 2 datapoints [9.0 (01/01/26 00:01:00), 7.0 (01/01/26 00:00:00)] were greater than the threshold (5.0) ' +
        '(minimum 2 datapoints for INSUFFICIENT_DATA -> ALARM transition).',
    );
    expect(JSON.parse(inAlarm.StateReasonData!)).toMatchObject({
      version: '1.0',
      queryDate: '2026-01-01T00:02:00.000+0000',
      startDate: '2026-01-01T00:00:00.000+0000',
      statistic: 'Sum',
      period: 60,
      recentDatapoints: [7, 9],
      threshold: 5,
      evaluatedDatapoints: [
        { timestamp: '2026-01-01T00:01:00.000+0000', sampleCount: 1, value: 9 },
        { timestamp: '2026-01-01T00:00:00.000+0000', sampleCount: 2, value: 7 },
      ],
    });
    expect(inAlarm.StateUpdatedTimestamp).toEqual(new Date(T0 + 120_000));

    clock.set(T0 + 130_000);
    await put(1);
    clock.set(T0 + 190_000);
    await put(2);
    clock.set(T0 + 240_000);
    await engine.evaluateDue();
    const ok = await state();
    expect(ok.StateValue).toBe('OK');
    expect(ok.StateReason).toBe('Threshold Crossed: 2 datapoints were not greater than the threshold (5.0). The most recent datapoints: [2.0 (01/01/26 00:03:00), 1.0 (01/01/26 00:02:00)].');

    // no data at all for two periods: missing data → INSUFFICIENT_DATA
    clock.set(T0 + 360_000);
    await engine.evaluateDue();
    expect((await state()).StateReason).toBe('Insufficient Data: 2 datapoints were unknown.');

    expect(notified).toEqual([
      { alarm: 'errors-high', state: 'ALARM', old: 'INSUFFICIENT_DATA' },
      { alarm: 'errors-high', state: 'OK', old: 'ALARM' },
      { alarm: 'errors-high', state: 'INSUFFICIENT_DATA', old: 'OK' },
    ]);
    const history = await cw.describeAlarmHistory(ctx, { AlarmName: 'errors-high' });
    expect(history.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual([
      'Alarm updated from OK to INSUFFICIENT_DATA',
      'Alarm updated from ALARM to OK',
      'Alarm updated from INSUFFICIENT_DATA to ALARM',
      'Alarm "errors-high" created',
    ]);
    const stateItem = JSON.parse(history.AlarmHistoryItems![2]!.HistoryData!);
    expect(stateItem.oldState).toEqual({ stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation' });
    expect(stateItem.newState.stateValue).toBe('ALARM');
    const asc = await cw.describeAlarmHistory(ctx, { HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending', MaxRecords: 2 });
    expect(asc.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual(['Alarm updated from INSUFFICIENT_DATA to ALARM', 'Alarm updated from ALARM to OK']);
    const rest = await cw.describeAlarmHistory(ctx, { HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending', MaxRecords: 2, NextToken: asc.NextToken });
    expect(rest.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual(['Alarm updated from OK to INSUFFICIENT_DATA']);
    expect(rest.NextToken).toBeUndefined();
  });

  it('honours TreatMissingData breaching and notBreaching', async () => {
    const { provider: cw, engine } = make();
    const ctx = ctxFor();
    clock.set(T0);
    await cw.putMetricAlarm(ctx, { ...alarm, AlarmName: 'br', TreatMissingData: 'breaching' });
    await cw.putMetricAlarm(ctx, { ...alarm, AlarmName: 'nb', TreatMissingData: 'notBreaching' });
    await cw.putMetricAlarm(ctx, { ...alarm, AlarmName: 'ig', TreatMissingData: 'ignore' });
    clock.set(T0 + 120_000);
    await engine.evaluateDue();
    const states = Object.fromEntries((await cw.describeAlarms(ctx, {})).MetricAlarms!.map((a) => [a.AlarmName, [a.StateValue, a.StateReason]]));
    expect(states.br).toEqual(['ALARM', 'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].']);
    expect(states.nb).toEqual(['OK', 'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [NonBreaching].']);
    expect(states.ig![0]).toBe('INSUFFICIENT_DATA');
  });

  it('SetAlarmState changes state until the next evaluation, checks JSON, and needs an existing alarm', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    await cw.putMetricAlarm(ctx, { ...alarm, ActionsEnabled: false });
    await cw.setAlarmState(ctx, { AlarmName: 'errors-high', StateValue: 'ALARM', StateReason: 'testing', StateReasonData: '{"a":1}' });
    const a = (await cw.describeAlarms(ctx, {})).MetricAlarms![0]!;
    expect([a.StateValue, a.StateReason, a.StateReasonData]).toEqual(['ALARM', 'testing', '{"a":1}']);
    expect(notified).toEqual([{ alarm: 'errors-high', state: 'ALARM', old: 'INSUFFICIENT_DATA' }]);
    expect(await code(cw.setAlarmState(ctx, { AlarmName: 'errors-high', StateValue: 'OK', StateReason: 'x', StateReasonData: '{nope' }))).toBe('InvalidFormat');
    expect(await code(cw.setAlarmState(ctx, { AlarmName: 'missing', StateValue: 'OK', StateReason: 'x' }))).toBe('ResourceNotFound');
  });

  it('updating an alarm keeps its state and records a configuration update; tags are kept per alarm', async () => {
    const { provider: cw } = make();
    const ctx = ctxFor();
    await cw.putMetricAlarm(ctx, { ...alarm, Tags: [{ Key: 'team', Value: 'data' }] });
    await cw.setAlarmState(ctx, { AlarmName: 'errors-high', StateValue: 'ALARM', StateReason: 'manual' });
    await cw.putMetricAlarm(ctx, { ...alarm, Threshold: 50 });
    const a = (await cw.describeAlarms(ctx, {})).MetricAlarms![0]!;
    expect([a.StateValue, a.Threshold]).toEqual(['ALARM', 50]);
    const config = await cw.describeAlarmHistory(ctx, { HistoryItemType: 'ConfigurationUpdate' });
    expect(config.AlarmHistoryItems!.map((h) => h.HistorySummary)).toEqual(['Alarm "errors-high" updated', 'Alarm "errors-high" created']);
    expect(JSON.parse(config.AlarmHistoryItems![0]!.HistoryData!)).toMatchObject({ type: 'Update', originalAlarm: { Threshold: 5 }, updatedAlarm: { Threshold: 50 } });
    const arn = a.AlarmArn!;
    expect((await cw.listTagsForResource(ctx, { ResourceARN: arn })).Tags).toEqual([{ Key: 'team', Value: 'data' }]);
    await cw.tagResource(ctx, { ResourceARN: arn, Tags: [{ Key: 'env', Value: 'prod' }] });
    await cw.untagResource(ctx, { ResourceARN: arn, TagKeys: ['team'] });
    expect((await cw.listTagsForResource(ctx, { ResourceARN: arn })).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(await code(cw.listTagsForResource(ctx, { ResourceARN: arn.replace('errors-high', 'other') }))).toBe('ResourceNotFoundException');
  });
});
