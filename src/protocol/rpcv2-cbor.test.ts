// SDK as oracle: the real @aws-sdk/client-cloudwatch serializes requests (CBOR, awsJson1_0 and awsQuery) through a
// capturing request handler; our protocol modules parse them, and our responses go back through the client's
// deserializer. No network.
import { describe, expect, it } from 'vitest';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  GetMetricWidgetImageCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsJson1_0Protocol, AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { HttpResponse, type HttpRequest } from '@smithy/core/protocols';
import { schemas } from '../models/index.js';
import { errors as cw } from '../models/cloudwatch/index.js';
import { ServiceError } from '../common/errors.js';
import { assertValidInput } from './shapes.js';
import { awsJson } from './aws-json.js';
import { awsQuery } from './aws-query.js';
import { protocolFor } from './route.js';
import { decodeCborBody, encodeCbor, rpcV2Cbor } from './rpcv2-cbor.js';
import type { Protocol, ProtocolName, WireRequest } from './types.js';

const schema = schemas.cloudwatch!;
const byName: Partial<Record<ProtocolName, Protocol>> = { json: awsJson, query: awsQuery, 'smithy-rpc-v2-cbor': rpcV2Cbor };

type Handler = (operation: string, input: any) => unknown;
interface Seen {
  protocol: ProtocolName;
  operation: string;
  input: any;
  request: WireRequest;
}

function toBuffer(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error(`unexpected request body ${typeof body}`);
}

/** A CloudWatch client whose requests are served in-process by our protocol modules and `handler`. */
function clientWith(protocol: typeof AwsSmithyRpcV2CborProtocol | typeof AwsJson1_0Protocol | typeof AwsQueryProtocol, handler: Handler) {
  const seen: Seen[] = [];
  const client = new CloudWatchClient({
    region: 'us-east-1',
    endpoint: 'http://localhost:4599',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    protocol: protocol as any,
    maxAttempts: 1,
    requestHandler: {
      async handle(req: HttpRequest) {
        const query = new URLSearchParams(Object.entries(req.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]));
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const wire: WireRequest = { method: req.method, path: req.path, rawQuery: query.toString(), query, headers, body: toBuffer(req.body) };
        const name = protocolFor(schema, headers, req.path);
        const proto = byName[name]!;
        const requestId = 'req-1';
        let res;
        try {
          const operation = proto.operationOf(schema, wire);
          const input = proto.parseInput(schema, operation, wire);
          seen.push({ protocol: name, operation, input, request: wire });
          assertValidInput(schema, schema.operations[operation]!.input?.shape, input);
          res = proto.serializeOutput(schema, operation, await handler(operation, input), requestId);
        } catch (err) {
          if (!(err instanceof ServiceError)) throw err;
          res = proto.serializeError(schema, err, requestId);
        }
        const body = res.body === undefined ? new Uint8Array() : typeof res.body === 'string' ? Buffer.from(res.body) : (res.body as Buffer);
        return { response: new HttpResponse({ statusCode: res.status, headers: res.headers, body }) };
      },
    } as any,
  });
  return { client, seen };
}

const protocols = [
  ['smithy-rpc-v2-cbor', AwsSmithyRpcV2CborProtocol],
  ['json', AwsJson1_0Protocol],
  ['query', AwsQueryProtocol],
] as const;

const putInput = {
  Namespace: 'Sift/Jobs',
  MetricData: [
    {
      MetricName: 'ObjectsScanned',
      Dimensions: [
        { Name: 'JobId', Value: 'j-1' },
        { Name: 'Stage', Value: 'scan' },
      ],
      Timestamp: new Date('2026-01-01T00:00:30.250Z'),
      Value: 12.5,
      Unit: 'Count' as const,
      StorageResolution: 1,
    },
    { MetricName: 'Latency', Values: [1, 2.5, 1e12], Counts: [3, 1, 1], Unit: 'Milliseconds' as const },
    { MetricName: 'Bytes', StatisticValues: { SampleCount: 4, Sum: 100, Minimum: 0, Maximum: 60 }, Unit: 'Bytes' as const },
  ],
};

describe('rpcV2Cbor with the real CloudWatch client', () => {
  it('sends CBOR to /service/…/operation/<Op> and is routed to this protocol', async () => {
    const { client, seen } = clientWith(AwsSmithyRpcV2CborProtocol, () => undefined);
    await client.send(new PutMetricDataCommand(putInput));
    expect(seen[0]!.protocol).toBe('smithy-rpc-v2-cbor');
    expect(seen[0]!.request.path).toBe('/service/GraniteServiceVersion20100801/operation/PutMetricData');
    expect(seen[0]!.request.headers['smithy-protocol']).toBe('rpc-v2-cbor');
    expect(seen[0]!.input).toEqual(putInput);
    expect(seen[0]!.input.MetricData[0].Timestamp).toBeInstanceOf(Date);
  });

  it('decodes the same typed input from CBOR, awsJson1_0 and awsQuery requests', async () => {
    const inputs: unknown[] = [];
    for (const [name, proto] of protocols) {
      const { client, seen } = clientWith(proto, () => undefined);
      await client.send(new PutMetricDataCommand(putInput));
      expect(seen[0]!.protocol).toBe(name);
      inputs.push(seen[0]!.input);
    }
    expect(inputs[0]).toEqual(putInput);
    expect(inputs[1]).toEqual(inputs[0]);
    expect(inputs[2]).toEqual(inputs[0]);
  });

  it('round-trips a PutMetricAlarm with every kind of member through all three protocols', async () => {
    const alarm = {
      AlarmName: 'errors-high',
      AlarmDescription: 'too many errors',
      ActionsEnabled: false,
      AlarmActions: ['https://hooks.example/alarm'],
      OKActions: [],
      MetricName: 'Errors',
      Namespace: 'Sift/Jobs',
      Statistic: 'Sum' as const,
      Dimensions: [{ Name: 'JobId', Value: 'j-1' }],
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 0.5,
      ComparisonOperator: 'GreaterThanThreshold' as const,
      TreatMissingData: 'notBreaching',
      Tags: [{ Key: 'team', Value: 'data' }],
    };
    const inputs: any[] = [];
    for (const [, proto] of protocols) {
      const { client, seen } = clientWith(proto, () => undefined);
      await client.send(new PutMetricAlarmCommand(alarm));
      inputs.push(seen[0]!.input);
    }
    const { OKActions: _empty, ...withoutEmpty } = alarm;
    expect(inputs[0]).toEqual(alarm);
    expect(inputs[1]).toEqual(alarm);
    // awsQuery writes an empty list as `OKActions=`, which decodes back to []
    expect({ ...inputs[2], OKActions: undefined }).toEqual({ ...withoutEmpty, OKActions: undefined });
  });

  it('serializes outputs that the client decodes: timestamps (tag 1, fractional seconds), doubles, maps', async () => {
    const t0 = new Date('2026-01-01T00:01:00.000Z');
    const t1 = new Date('2026-01-01T00:02:00.500Z');
    const output = {
      Label: 'Latency',
      Datapoints: [
        { Timestamp: t0, SampleCount: 3, Average: 1.5, Sum: 4.5, Minimum: 1, Maximum: 2, Unit: 'Milliseconds', ExtendedStatistics: { p99: 1.98 } },
        { Timestamp: t1, SampleCount: 1, Average: 1e300, Sum: 1e300, Minimum: -0.25, Maximum: 1e300, Unit: 'Milliseconds' },
      ],
    };
    for (const [, proto] of protocols) {
      const { client } = clientWith(proto, (op) => (op === 'GetMetricStatistics' ? output : undefined));
      const res = await client.send(
        new GetMetricStatisticsCommand({ Namespace: 'n', MetricName: 'Latency', StartTime: t0, EndTime: t1, Period: 60, ExtendedStatistics: ['p99'] }),
      );
      expect(res.Label).toBe('Latency');
      expect(res.Datapoints).toEqual(output.Datapoints);
    }
  });

  it('round-trips GetMetricData timestamps and values lists and DescribeAlarms structures', async () => {
    const ts = [new Date('2026-01-01T00:03:00Z'), new Date('2026-01-01T00:02:00Z')];
    const { client } = clientWith(AwsSmithyRpcV2CborProtocol, (op) => {
      if (op === 'GetMetricData') return { MetricDataResults: [{ Id: 'm1', Label: 'Errors', Timestamps: ts, Values: [3, 0.125], StatusCode: 'Complete' }], Messages: [] };
      return {
        MetricAlarms: [
          {
            AlarmName: 'a',
            AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a',
            StateValue: 'ALARM',
            StateReason: 'Threshold Crossed',
            StateUpdatedTimestamp: ts[0],
            ActionsEnabled: true,
            AlarmActions: ['https://h/x'],
            Dimensions: [{ Name: 'd', Value: 'v' }],
            Period: 60,
            Threshold: 1,
          },
        ],
        CompositeAlarms: [],
        NextToken: 'tok',
      };
    });
    const data = await client.send(
      new GetMetricDataCommand({
        StartTime: ts[1],
        EndTime: ts[0],
        MetricDataQueries: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'n', MetricName: 'Errors' }, Period: 60, Stat: 'Sum' } }],
      }),
    );
    expect(data.MetricDataResults).toEqual([{ Id: 'm1', Label: 'Errors', Timestamps: ts, Values: [3, 0.125], StatusCode: 'Complete' }]);
    const alarms = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'a' }));
    expect(alarms.NextToken).toBe('tok');
    expect(alarms.MetricAlarms![0]!.StateUpdatedTimestamp).toEqual(ts[0]);
    expect(alarms.MetricAlarms![0]!.ActionsEnabled).toBe(true);
    expect(alarms.MetricAlarms![0]!.Dimensions).toEqual([{ Name: 'd', Value: 'v' }]);
  });

  it('sends blobs as CBOR byte strings', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 1]);
    const { client } = clientWith(AwsSmithyRpcV2CborProtocol, () => ({ MetricWidgetImage: png }));
    const res = await client.send(new GetMetricWidgetImageCommand({ MetricWidget: '{}' }));
    expect(Buffer.from(res.MetricWidgetImage!)).toEqual(png);
  });

  it('serializes modelled errors with __type, status and x-amzn-query-error that the client maps to its error', async () => {
    for (const [, proto] of protocols) {
      const { client } = clientWith(proto, () => {
        throw new cw.ResourceNotFound('Alarm nope does not exist');
      });
      const err = await client.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'r' })).catch((e) => e);
      expect(err.name).toBe('ResourceNotFound');
      expect(err.message).toBe('Alarm nope does not exist');
      expect(err.$metadata.httpStatusCode).toBe(404);
      expect(err.$fault).toBe('client');
    }
  });

  it('reports model validation failures as InvalidParameterValue in every protocol', async () => {
    for (const [name, proto] of protocols) {
      const { client } = clientWith(proto, () => undefined);
      const err = await client.send(new PutMetricDataCommand({ Namespace: '', MetricData: [] })).catch((e) => e);
      expect(err.name).toBe('InvalidParameterValueException');
      expect(err.Code).toBe('InvalidParameterValue');
      if (name !== 'query') expect(err.__type).toMatch(/InvalidParameterValue/);
      expect(err.message).toMatch(/validation error/);
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
  });

  it('answers unknown-operation and server errors in CBOR with the protocol header', async () => {
    const { client } = clientWith(AwsSmithyRpcV2CborProtocol, () => {
      throw new cw.InternalServiceFault('boom');
    });
    const err = await client.send(new PutMetricDataCommand(putInput)).catch((e) => e);
    expect(err.name).toBe('InternalServiceFault');
    expect(err.Code).toBe('InternalServiceError');
    expect(err.$fault).toBe('server');
    expect(err.$metadata.httpStatusCode).toBe(500);
  });
});

describe('rpcV2Cbor request handling', () => {
  const base = (path: string, body: Buffer, headers: Record<string, string> = {}): WireRequest => ({
    method: 'POST',
    path,
    rawQuery: '',
    query: new URLSearchParams(),
    headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', ...headers },
    body,
  });
  const path = (op: string) => `/service/GraniteServiceVersion20100801/operation/${op}`;

  it('names the operation from the path and rejects unknown services, operations and methods', () => {
    expect(rpcV2Cbor.operationOf(schema, base(path('ListMetrics'), Buffer.alloc(0)))).toBe('ListMetrics');
    expect(rpcV2Cbor.operationOf(schema, base('/prefix' + path('ListMetrics'), Buffer.alloc(0)))).toBe('ListMetrics');
    expect(() => rpcV2Cbor.operationOf(schema, base(path('Nope'), Buffer.alloc(0)))).toThrow(/Unknown operation/);
    expect(() => rpcV2Cbor.operationOf(schema, base('/service/Other/operation/ListMetrics', Buffer.alloc(0)))).toThrow(/Unknown operation/);
    expect(() => rpcV2Cbor.operationOf(schema, { ...base(path('ListMetrics'), Buffer.alloc(0)), method: 'GET' })).toThrow(/Unknown operation/);
    expect(() => rpcV2Cbor.operationOf(schema, base(path('ListMetrics'), Buffer.alloc(0), { 'smithy-protocol': 'rpc-v2-json' }))).toThrow(ServiceError);
  });

  it('turns malformed or non-map bodies into SerializationException, never a crash', () => {
    for (const body of [Buffer.from([0xbf, 0x61]), Buffer.from([0x1c]), encodeCbor([1, 2]), encodeCbor('text'), Buffer.from([0xff])]) {
      let caught: unknown;
      try {
        rpcV2Cbor.parseInput(schema, 'ListMetrics', base(path('ListMetrics'), body));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ServiceError);
      expect((caught as ServiceError).code).toBe('SerializationException');
    }
  });

  it('accepts an empty body as the empty input, integer and float epoch timestamps, and indefinite-length maps', () => {
    expect(rpcV2Cbor.parseInput(schema, 'ListMetrics', base(path('ListMetrics'), Buffer.alloc(0)))).toEqual({});
    // { "StartTime": 1(1767225600), "EndTime": 1(1767225660.5) } built by hand: tag 1 = 0xc1
    const hand = Buffer.concat([
      Buffer.from([0xbf]),
      encodeCbor('StartTime'),
      Buffer.from([0xc1, 0x1a]),
      Buffer.from([0x69, 0x55, 0xb9, 0x00]),
      encodeCbor('EndTime'),
      Buffer.from([0xc1, 0xfb]),
      (() => {
        const b = Buffer.alloc(8);
        b.writeDoubleBE(1767225660.5);
        return b;
      })(),
      Buffer.from([0xff]),
    ]);
    const input = rpcV2Cbor.parseInput(schema, 'GetMetricData', base(path('GetMetricData'), hand)) as any;
    expect(input.StartTime).toEqual(new Date(1767225600_000));
    expect(input.EndTime).toEqual(new Date(1767225660_500));
  });

  it('writes error bodies with the shape id and the response protocol header', () => {
    const res = rpcV2Cbor.serializeError(schema, new cw.InvalidParameterValueException('bad'), 'rid');
    expect(res.status).toBe(400);
    expect(res.headers['smithy-protocol']).toBe('rpc-v2-cbor');
    expect(res.headers['x-amzn-query-error']).toBe('InvalidParameterValue;Sender');
    expect(decodeCborBody(res.body as Buffer)).toEqual({ __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException', message: 'bad' });
  });
});
