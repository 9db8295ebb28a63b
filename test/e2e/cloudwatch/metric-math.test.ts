// GetMetricData metric math end to end: the real @aws-sdk/client-cloudwatch (awsJson1_0, CBOR and awsQuery) and the
// aws CLI ask for expressions over metrics put with PutMetricData, on a server whose clock the test sets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { ManualClock } from '../../../src/common/index.js';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

const MINUTE = 60_000;
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const clock = new ManualClock(now);
const T0 = now - 10 * MINUTE;
let server: TestServer;

const json = () => new CloudWatchClient(server.clientConfig());
const cbor = () => new CloudWatchClient({ ...server.clientConfig(), protocol: AwsSmithyRpcV2CborProtocol as any });
const query = () => new CloudWatchClient({ ...server.clientConfig(), protocol: AwsQueryProtocol as any });

const metric = (Id: string, MetricName: string, ReturnData = false): MetricDataQuery => ({
  Id,
  ReturnData,
  MetricStat: { Metric: { Namespace: 'E2E/Math', MetricName, Dimensions: [{ Name: 'Api', Value: 'a' }] }, Period: 60, Stat: 'Sum' },
});
const range = { StartTime: new Date(T0), EndTime: new Date(T0 + 5 * MINUTE), ScanBy: 'TimestampAscending' as const };
const at = (...minutes: number[]) => minutes.map((m) => new Date(T0 + m * MINUTE));

beforeAll(async () => {
  server = await startServer({ clock });
  // Errors at minutes 1 and 3; Requests at minutes 0–3.
  const put = (MetricName: string, values: Array<[number, number]>) =>
    json().send(new PutMetricDataCommand({ Namespace: 'E2E/Math', MetricData: values.map(([m, Value]) => ({ MetricName, Value, Timestamp: new Date(T0 + m * MINUTE), Dimensions: [{ Name: 'Api', Value: 'a' }] })) }));
  await put('Errors', [[1, 10], [3, 30]]);
  await put('Requests', [[0, 100], [1, 200], [2, 100], [3, 300]]);
});
afterAll(() => server?.close());

describe('GetMetricData metric math', () => {
  for (const [name, client] of [['awsJson1_0', json], ['CBOR', cbor], ['awsQuery', query]] as const) {
    it(`evaluates arithmetic, FILL, IF, METRICS() and Id references (${name})`, async () => {
      const out = await client().send(
        new GetMetricDataCommand({
          ...range,
          MetricDataQueries: [
            metric('errors', 'Errors'),
            metric('requests', 'Requests'),
            { Id: 'rate', Label: 'Error rate', Expression: '100 * FILL(errors, 0) / requests' },
            { Id: 'repeat', Expression: 'FILL(errors, REPEAT)' },
            { Id: 'linear', Expression: 'FILL(errors, LINEAR)' },
            { Id: 'high', Expression: 'IF(errors > 15, 1, 0)' },
            { Id: 'total', Expression: 'SUM(METRICS())' },
            { Id: 'share', Expression: 'total / SUM(requests)' },
            { Id: 'change', Expression: 'DIFF(requests)' },
          ],
        }),
      );
      const byId = Object.fromEntries(out.MetricDataResults!.map((r) => [r.Id, r]));
      expect(Object.keys(byId)).toEqual(['rate', 'repeat', 'linear', 'high', 'total', 'share', 'change']);
      expect(byId.rate).toMatchObject({ Label: 'Error rate', Timestamps: at(0, 1, 2, 3), Values: [0, 5, 0, 10], StatusCode: 'Complete' });
      expect(byId.repeat).toMatchObject({ Timestamps: at(1, 2, 3, 4), Values: [10, 10, 30, 30] });
      expect(byId.linear).toMatchObject({ Timestamps: at(1, 2, 3), Values: [10, 20, 30] });
      expect(byId.high).toMatchObject({ Timestamps: at(1, 3), Values: [0, 1] });
      expect(byId.total).toMatchObject({ Timestamps: at(0, 1, 2, 3), Values: [100, 210, 100, 330] });
      expect(byId.share).toMatchObject({ Values: [100 / 700, 210 / 700, 100 / 700, 330 / 700] });
      expect(byId.change).toMatchObject({ Timestamps: at(1, 2, 3), Values: [100, -100, 200] });
    });
  }

  it('returns one result per member of an array, labelled with the expression and the metric', async () => {
    const out = await json().send(
      new GetMetricDataCommand({ ...range, MetricDataQueries: [metric('errors', 'Errors'), { ...metric('requests', 'Requests'), Label: 'Requests' }, { Id: 'scaled', Label: 'Per 100', Expression: 'METRICS()/100' }] }),
    );
    expect(out.MetricDataResults!.map((r) => [r.Id, r.Label, r.Values])).toEqual([
      ['scaled', 'Per 100 Errors', [0.1, 0.3]],
      ['scaled', 'Per 100 Requests', [1, 2, 1, 3]],
    ]);
  });

  it('answers ValidationError for a wrong expression and NotImplemented for a function Sift lacks', async () => {
    const ask = (Expression: string) => json().send(new GetMetricDataCommand({ ...range, MetricDataQueries: [metric('m1', 'Errors'), { Id: 'e1', Expression }] }));
    // The SDK names a ValidationError ValidationException; the wire code stays AWS's (`Code`).
    for (const client of [json, cbor, query]) {
      await expect(client().send(new GetMetricDataCommand({ ...range, MetricDataQueries: [metric('m1', 'Errors'), { Id: 'e1', Expression: 'm1 +' }] }))).rejects.toMatchObject({
        Code: 'ValidationError',
        message: 'Error in expression e1: Unexpected end of expression.',
        $metadata: { httpStatusCode: 400 },
      });
    }
    await expect(ask('AVG(m1)')).rejects.toMatchObject({ Code: 'ValidationError', message: expect.stringContaining('not a single number') });
    await expect(ask('m2 * 2')).rejects.toMatchObject({ Code: 'ValidationError', message: expect.stringContaining("Unrecognized identifier 'm2'") });
    await expect(ask('e1 + 1')).rejects.toMatchObject({ Code: 'ValidationError', message: expect.stringContaining('Circular dependency') });
    await expect(ask('SORT(METRICS(), AVG, DESC)')).rejects.toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
  });

  it.skipIf(!awsCliAvailable)('the aws CLI gets an expression\'s values and prints a bad expression\'s error', async () => {
    const queries = [metric('errors', 'Errors'), metric('requests', 'Requests'), { Id: 'rate', Expression: 'FILL(errors, 0) / requests * 100' }];
    const args = ['cloudwatch', 'get-metric-data', '--start-time', new Date(T0).toISOString(), '--end-time', new Date(T0 + 5 * MINUTE).toISOString(), '--scan-by', 'TimestampAscending'];
    const r = await aws(server.cliEnv(), [...args, '--metric-data-queries', JSON.stringify(queries)]);
    expect(r.stderr).toBe('');
    expect(r.json.MetricDataResults).toEqual([{ Id: 'rate', Label: 'rate', Timestamps: at(0, 1, 2, 3).map((d) => d.getTime() / 1000), Values: [0, 5, 0, 10], StatusCode: 'Complete' }]);
    const bad = await aws(server.cliEnv(), [...args, '--metric-data-queries', JSON.stringify([...queries.slice(0, 2), { Id: 'rate', Expression: 'errors / / requests' }])]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("An error occurred (ValidationError) when calling the GetMetricData operation: Error in expression rate: Unexpected '/' at column 10.");
  });
});
