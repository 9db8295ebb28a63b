// Logs Insights language pieces end to end with @aws-sdk/client-cloudwatch-logs: bin() with calendar and long units,
// functions from AWS's tables (formatDate, parseDate, if/case, IP and string functions, queryTimeRange), dotted JSON
// fields in stats and filter, AWS's natural sort order, and diff refused as a MalformedQueryException.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetQueryResultsCommand,
  MalformedQueryException,
  PutLogEventsCommand,
  StartQueryCommand,
  type ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import { startServer, type TestServer } from '../harness.js';

let server: TestServer;
let logs: CloudWatchLogsClient;
const GROUP = '/sift/insights-language';
const t0 = Date.now() - 10_000;

beforeAll(async () => {
  server = await startServer();
  logs = new CloudWatchLogsClient(server.clientConfig());
  await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: 's' }));
  const rows = [
    { eventType: 'BUCKET_ACCESS_DENIED', ip: '10.0.0.7', name: 'item10', affectedResource: { type: 'S3_BUCKET_NAME', value: 'bucket-a' } },
    { eventType: 'BUCKET_ACCESS_DENIED', ip: '8.8.8.8', name: 'item9', affectedResource: { type: 'S3_BUCKET_NAME', value: 'bucket-b' } },
    { eventType: 'JOB_COMPLETED', ip: '127.0.0.1', name: 'Item2', affectedResource: { type: 'S3_BUCKET_NAME', value: 'bucket-a' } },
    { eventType: 'BUCKET_ACCESS_DENIED', ip: '192.168.1.1', name: '12', affectedResource: { type: 'S3_BUCKET_NAME', value: 'bucket-a' } },
  ];
  await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: 's', logEvents: rows.map((r, i) => ({ timestamp: t0 + i, message: JSON.stringify(r) })) }));
});
afterAll(async () => server?.close());

const asObject = (row: ResultField[]) => Object.fromEntries(row.filter((f) => f.field !== '@ptr').map((f) => [f.field!, f.value!]));
const startTime = () => Math.floor(t0 / 1000) - 60;
const endTime = () => Math.floor(Date.now() / 1000) + 60;

/** The rows of a query over the events' window (its start and end, epoch seconds, in `window`). */
let window = { start: 0, end: 0 };
async function query(queryString: string) {
  window = { start: startTime(), end: endTime() };
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: GROUP, startTime: window.start, endTime: window.end, queryString }));
  await server.sift.logsQueries.settled(queryId!);
  const out = await logs.send(new GetQueryResultsCommand({ queryId }));
  expect(out.status).toBe('Complete');
  return (out.results ?? []).map(asObject);
}

describe('Logs Insights language', () => {
  it('groups by bin() of a month, a quarter and a year (calendar periods)', async () => {
    const d = new Date(t0);
    const month = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const quarter = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1);
    const year = Date.UTC(d.getUTCFullYear(), 0, 1);
    const show = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    // Events put a few milliseconds apart may straddle a month's first millisecond only at midnight UTC on the 1st.
    const rows = await query('stats count(*) as n by bin(1mo) as m, bin(1q) as q, bin(1year) as y');
    expect(rows.reduce((a, r) => a + Number(r.n), 0)).toBe(4);
    if (rows.length === 1) expect(rows[0]).toEqual({ m: show(month), q: show(quarter), y: show(year), n: '4' });
  });

  it('reads dotted JSON fields in stats and filter', async () => {
    expect(await query('filter eventType = "BUCKET_ACCESS_DENIED" | stats count(*) as n by affectedResource.value | sort n desc')).toEqual([
      { 'affectedResource.value': 'bucket-a', n: '2' },
      { 'affectedResource.value': 'bucket-b', n: '1' },
    ]);
    expect(await query('filter affectedResource.value = "bucket-a" | stats count(*) as n')).toEqual([{ n: '3' }]);
  });

  it('evaluates functions from the AWS tables', async () => {
    const rows = await query(
      'filter ip = "8.8.8.8" | fields formatDate(@timestamp, "%Y", "UTC") as y, parseDate("2024-03-10T00:00:00Z", "yyyy-MM-dd\'T\'HH:mm:ssX") as p, ' +
        'if(isPublicIP(ip), "public", "private") as kind, case(ipv4ToNumber(ip) > 100, "big", "small") as size, startsWith(name, "item") as sw, ' +
        'regexReplace(name, "[0-9]+", "#") as masked, queryTimeRange() as range, round(toDouble("2.567"), 2) as r',
    );
    expect(rows).toEqual([
      { y: String(new Date(t0).getUTCFullYear()), p: String(Date.UTC(2024, 2, 10)), kind: 'public', size: 'big', sw: '1', masked: 'item#', range: String((window.end - window.start) * 1000 + 999), r: '2.57' },
    ]);
  });

  it('sorts in AWS natural order (non-numbers first, digit runs by length)', async () => {
    expect((await query('fields name | sort name asc')).map((r) => r.name)).toEqual(['Item2', 'item9', 'item10', '12']);
  });

  it('answers MalformedQueryException for diff and for an unsupported format directive', async () => {
    for (const queryString of ['fields @message | diff previousDay', 'fields formatDate(@timestamp, "%Q")']) {
      const err = await logs.send(new StartQueryCommand({ logGroupName: GROUP, startTime: startTime(), endTime: endTime(), queryString })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MalformedQueryException);
    }
  });
});
