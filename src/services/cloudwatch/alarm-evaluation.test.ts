import { describe, expect, it } from 'vitest';
import { decideAlarmState, javaDouble, reasonDate, type AlarmRule, type PeriodDatapoint } from './alarm-evaluation.js';

const T = Date.UTC(2026, 2, 4, 5, 6, 0);
const rule = (over: Partial<AlarmRule> = {}): AlarmRule => ({
  comparisonOperator: 'GreaterThanOrEqualToThreshold',
  threshold: 10,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  treatMissingData: 'missing',
  statistic: 'Average',
  period: 60,
  ...over,
});
/** Newest first; undefined = missing. */
const periods = (...values: Array<number | undefined>): PeriodDatapoint[] =>
  values.map((value, i) => (value === undefined ? { start: T - (i + 1) * 60_000 } : { start: T - (i + 1) * 60_000, value, sampleCount: 1 }));

describe('alarm state decisions', () => {
  it('formats numbers like Java and dates like CloudWatch', () => {
    expect([5, 0.5, -2, 0, 1e7, 12345678.5, 1e-4].map(javaDouble)).toEqual(['5.0', '0.5', '-2.0', '0.0', '1.0E7', '1.23456785E7', '1.0E-4']);
    expect(reasonDate(T)).toBe('04/03/26 05:06:00');
  });

  it('goes to ALARM at DatapointsToAlarm breaching datapoints out of EvaluationPeriods', () => {
    const d = decideAlarmState(rule(), periods(12, 3, 10), 'OK', T);
    expect(d.state).toBe('ALARM');
    expect(d.reason).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [12.0 (04/03/26 05:05:00), 10.0 (04/03/26 05:03:00)] were greater than or equal to the threshold (10.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
    expect(decideAlarmState(rule(), periods(12, 3, 9), 'OK', T).state).toBe('OK');
  });

  it('treats missing data as each TreatMissingData says', () => {
    const p = periods(12, undefined, undefined);
    expect(decideAlarmState(rule({ treatMissingData: 'missing' }), p, 'OK', T).state).toBe('OK');
    expect(decideAlarmState(rule({ treatMissingData: 'breaching' }), p, 'OK', T).state).toBe('ALARM');
    expect(decideAlarmState(rule({ treatMissingData: 'notBreaching' }), p, 'ALARM', T).state).toBe('OK');
    const none = periods(undefined, undefined, undefined);
    expect(decideAlarmState(rule({ treatMissingData: 'missing' }), none, 'OK', T)).toMatchObject({ state: 'INSUFFICIENT_DATA', reason: 'Insufficient Data: 3 datapoints were unknown.' });
    expect(decideAlarmState(rule({ treatMissingData: 'ignore' }), none, 'ALARM', T).state).toBeUndefined();
  });

  it('words single-datapoint alarms and compares with each operator', () => {
    const one = rule({ evaluationPeriods: 1, datapointsToAlarm: 1, comparisonOperator: 'LessThanThreshold', threshold: 0.5 });
    expect(decideAlarmState(one, periods(0.25), 'OK', T).reason).toBe('Threshold Crossed: 1 datapoint [0.25 (04/03/26 05:05:00)] was less than the threshold (0.5).');
    expect(decideAlarmState(one, periods(0.5), 'ALARM', T).reason).toBe('Threshold Crossed: 1 datapoint [0.5 (04/03/26 05:05:00)] was not less than the threshold (0.5).');
    expect(decideAlarmState({ ...one, comparisonOperator: 'LessThanOrEqualToThreshold' }, periods(0.5), 'OK', T).state).toBe('ALARM');
    expect(decideAlarmState({ ...one, comparisonOperator: 'GreaterThanThreshold' }, periods(0.5), 'OK', T).state).toBe('OK');
  });

  it('writes StateReasonData with evaluated datapoints newest first and recent ones oldest first', () => {
    const data = JSON.parse(decideAlarmState(rule({ unit: 'Count' }), periods(12, undefined, 11), 'OK', T).reasonData);
    expect(data).toEqual({
      version: '1.0',
      queryDate: '2026-03-04T05:06:00.000+0000',
      startDate: '2026-03-04T05:03:00.000+0000',
      unit: 'Count',
      statistic: 'Average',
      period: 60,
      recentDatapoints: [11, 12],
      threshold: 10,
      evaluatedDatapoints: [
        { timestamp: '2026-03-04T05:05:00.000+0000', sampleCount: 1, value: 12 },
        { timestamp: '2026-03-04T05:04:00.000+0000' },
        { timestamp: '2026-03-04T05:03:00.000+0000', sampleCount: 1, value: 11 },
      ],
    });
  });
});
