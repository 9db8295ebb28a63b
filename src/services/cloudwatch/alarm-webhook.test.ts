// The alarm evaluator driven by a ManualClock, with a real local HTTP server receiving the webhook calls.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutbound, ManualClock, parseOutboundAllow, sequentialIds, silentLogger, type RequestContext } from '../../common/index.js';
import { openStore, type Store } from '../../store/index.js';
import { createCloudWatchRegistration } from './provider.js';
import { parseActionUrls } from './alarm-actions.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

let store: Store;
let server: Server;
let base: string;
let received: Received[];
let status: number;

beforeEach(async () => {
  store = await openStore(':memory:');
  received = [];
  status = 200;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await store.close();
});

/** The operator allows the local hook server by default (SIFT_OUTBOUND_ALLOW=127.0.0.1:<port>). */
function setup(actionUrls: Record<string, string> = {}, allow = new URL(base).host) {
  const clock = new ManualClock(T0);
  const reg = createCloudWatchRegistration(
    { store, clock, ids: sequentialIds(), logger: silentLogger },
    { actionUrls, outbound: createOutbound({ allow: parseOutboundAllow(allow), timeoutMs: 2000 }) },
  );
  const ctx: RequestContext = {
    accountId: '123456789012',
    region: 'us-east-1',
    principal: { type: 'Root', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:root', principalId: '123456789012' },
    requestId: 'r',
    clock,
    sourceIp: '127.0.0.1',
    userAgent: 'test',
  };
  return { clock, reg, ctx, cw: reg.provider };
}

describe('alarm actions as webhooks', () => {
  it('posts SNS-style notifications on OK → ALARM → OK to a URL action and to an SNS ARN mapped to a URL', async () => {
    const topic = 'arn:aws:sns:us-east-1:123456789012:ops';
    const { clock, reg, ctx, cw } = setup({ [topic]: `${base}/sns/ops` });
    await cw.putMetricAlarm(ctx, {
      AlarmName: 'job-errors',
      AlarmDescription: 'Classification job errors',
      Namespace: 'Sift/Jobs',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'JobId', Value: 'j-1' }],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [`${base}/hook/alarm`, topic],
      OKActions: [`${base}/hook/ok`],
    });
    const put = (v: number) => cw.putMetricData(ctx, { Namespace: 'Sift/Jobs', MetricData: [{ MetricName: 'Errors', Dimensions: [{ Name: 'JobId', Value: 'j-1' }], Value: v }] });

    // First evaluation: no data treated as not breaching → OK, OK action called.
    clock.set(T0 + 60_000);
    await reg.background.evaluateDue();
    expect(received.map((r) => r.path)).toEqual(['/hook/ok']);

    clock.set(T0 + 75_000);
    await put(2);
    clock.set(T0 + 120_000);
    await reg.background.evaluateDue();
    expect(received.map((r) => r.path).sort()).toEqual(['/hook/alarm', '/hook/ok', '/sns/ops']);
    const toAlarm = received.find((r) => r.path === '/sns/ops')!;
    expect(toAlarm.headers['x-amz-sns-message-type']).toBe('Notification');
    expect(toAlarm.headers['x-amz-sns-topic-arn']).toBe(topic);
    expect(toAlarm.body).toMatchObject({ Type: 'Notification', TopicArn: topic, Subject: 'ALARM: "job-errors" in US East (N. Virginia)' });
    const message = JSON.parse(toAlarm.body.Message);
    expect(message).toMatchObject({
      AlarmName: 'job-errors',
      AlarmDescription: 'Classification job errors',
      AWSAccountId: '123456789012',
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      NewStateReason: 'Threshold Crossed: 1 datapoint [2.0 (01/01/26 12:01:00)] was greater than the threshold (0.0).',
      StateChangeTime: '2026-01-01T12:02:00.000+0000',
      Region: 'US East (N. Virginia)',
      AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:job-errors',
      Trigger: {
        MetricName: 'Errors',
        Namespace: 'Sift/Jobs',
        StatisticType: 'Statistic',
        Statistic: 'SUM',
        Dimensions: [{ value: 'j-1', name: 'JobId' }],
        Period: 60,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        TreatMissingData: 'notBreaching',
      },
    });

    // The next minute has no data: not breaching → back to OK.
    clock.set(T0 + 180_000);
    await reg.background.evaluateDue();
    expect(received.map((r) => r.path).filter((p) => p === '/hook/ok')).toHaveLength(2);
    const back = JSON.parse(received[received.length - 1]!.body.Message);
    expect([back.OldStateValue, back.NewStateValue]).toEqual(['ALARM', 'OK']);

    const actions = await cw.describeAlarmHistory(ctx, { AlarmName: 'job-errors', HistoryItemType: 'Action', ScanBy: 'TimestampAscending' });
    expect(actions.AlarmHistoryItems!.map((h) => h.HistorySummary).sort()).toEqual(
      [`Successfully executed action ${base}/hook/ok`, `Successfully executed action ${base}/hook/alarm`, `Successfully executed action ${topic}`, `Successfully executed action ${base}/hook/ok`].sort(),
    );
  });

  it('records failed actions: an unmapped ARN and a webhook that answers 500; disabled actions are not called', async () => {
    const { clock, reg, ctx, cw } = setup();
    status = 500;
    await cw.putMetricAlarm(ctx, {
      AlarmName: 'a',
      Namespace: 'N',
      MetricName: 'M',
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: ['arn:aws:sns:us-east-1:123456789012:unmapped', `${base}/fails`],
    });
    clock.set(T0 + 60_000);
    await reg.background.evaluateDue();
    const items = (await cw.describeAlarmHistory(ctx, { HistoryItemType: 'Action' })).AlarmHistoryItems!.map((h) => h.HistorySummary).sort();
    expect(items).toEqual([
      'Failed to execute action arn:aws:sns:us-east-1:123456789012:unmapped. Received error: "no webhook URL is configured for this action"',
      // What answered (the status, an error text, a body) is never told to the caller.
      `Failed to execute action ${base}/fails. Received error: "delivery failed"`,
    ]);
    expect(received).toHaveLength(1);

    await cw.disableAlarmActions(ctx, { AlarmNames: ['a'] });
    await cw.setAlarmState(ctx, { AlarmName: 'a', StateValue: 'OK', StateReason: 'reset' });
    await cw.setAlarmState(ctx, { AlarmName: 'a', StateValue: 'ALARM', StateReason: 'again' });
    expect(received).toHaveLength(1);
  });

  it('runs on its own with the real-time loop and stops cleanly', async () => {
    const { reg, ctx, cw } = setup();
    await cw.putMetricAlarm(ctx, {
      AlarmName: 'loop',
      Namespace: 'N',
      MetricName: 'M',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [`${base}/loop`],
    });
    const fast = createCloudWatchRegistration(
      { store, clock: (ctx.clock as ManualClock), ids: sequentialIds(), logger: silentLogger },
      { evaluatorTickMs: 10, outbound: createOutbound({ allow: parseOutboundAllow(new URL(base).host) }) },
    );
    (ctx.clock as ManualClock).advance(60_000);
    fast.background.start();
    const deadline = Date.now() + 5000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await fast.background.stop();
    await reg.background.stop();
    expect(received.map((r) => r.path)).toEqual(['/loop']);
  });
});

describe('alarm actions under SIFT_OUTBOUND_ALLOW', () => {
  const alarm = (name: string, actions: string[]) => ({
    AlarmName: name, Namespace: 'N', MetricName: 'M', Statistic: 'Maximum' as const, Period: 60, EvaluationPeriods: 1, Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const, TreatMissingData: 'breaching', AlarmActions: actions,
  });
  const refusal = async (p: Promise<unknown>) => p.then(() => undefined, (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`);

  it('refuses at PutMetricAlarm a raw URL whose host is not allowed, loopback and metadata included', async () => {
    const { cw, ctx } = setup({}, '');
    for (const url of [`${base}/x`, 'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://localhost:22/']) {
      expect(await refusal(cw.putMetricAlarm(ctx, alarm('scan', [url])))).toMatch(/^InvalidParameterValue: Invalid arn syntax: .*SIFT_OUTBOUND_ALLOW/);
    }
    // Even listed, a metadata address is never a destination.
    const listed = setup({}, '169.254.169.254');
    expect(await refusal(listed.cw.putMetricAlarm(listed.ctx, alarm('meta', ['http://169.254.169.254/'])))).toMatch(/InvalidParameterValue/);
    expect(received).toHaveLength(0);
  });

  it('an alarm whose URL the operator stopped allowing records "blocked by SIFT_OUTBOUND_ALLOW" and calls nothing', async () => {
    const first = setup();
    await first.cw.putMetricAlarm(first.ctx, alarm('was-allowed', [`${base}/x`]));
    const now = setup({}, '');
    now.clock.set(T0 + 60_000);
    await now.reg.background.evaluateDue();
    const items = (await now.cw.describeAlarmHistory(now.ctx, { HistoryItemType: 'Action' })).AlarmHistoryItems!.map((h) => h.HistorySummary);
    expect(items).toEqual([`Failed to execute action ${base}/x. Received error: "blocked by SIFT_OUTBOUND_ALLOW"`]);
    expect(received).toHaveLength(0);
  });
});

describe('parseActionUrls', () => {
  it('reads a JSON object of ARN to URL and rejects anything else with a clear message', () => {
    expect(parseActionUrls('{"arn:aws:sns:us-east-1:123456789012:ops":"https://hooks.example/ops"}')).toEqual({ 'arn:aws:sns:us-east-1:123456789012:ops': 'https://hooks.example/ops' });
    expect(() => parseActionUrls('[')).toThrow(/JSON object/);
    expect(() => parseActionUrls('["x"]')).toThrow(/JSON object/);
    expect(() => parseActionUrls('{"ops":"https://h/x"}')).toThrow(/not an ARN/);
    expect(() => parseActionUrls('{"arn:aws:sns:us-east-1:123456789012:ops":"ftp://h/x"}')).toThrow(/http\(s\) URL/);
  });
});
