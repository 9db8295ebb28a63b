// CloudTrail event history: LookupEvents by one lookup attribute and a time range (the last 90 days at most), each
// record's JSON on demand, and the account's trails.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { cloudtrail } from '../api/services.js';
import { formatTime } from '../api/wire.js';
import { Empty, Json, PageHeader, States, TableWrap, errorText, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';

const ATTRIBUTES = ['EventName', 'EventSource', 'Username', 'ResourceType', 'ResourceName', 'EventId', 'ReadOnly', 'AccessKeyId'] as const;
type AttributeKey = (typeof ATTRIBUTES)[number];

/** A datetime-local input's value (local time) as epoch seconds, which awsJson carries timestamps in. */
function localToEpoch(v: string | null): number | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : Math.floor(d.getTime() / 1000);
}

export function EventHistory({ session, params }: { session: Session; params: URLSearchParams }) {
  const key = (params.get('key') ?? 'EventName') as AttributeKey;
  const value = params.get('value') ?? '';
  const start = params.get('start');
  const end = params.get('end');
  const [tokens, setTokens] = useState<string[]>([]);
  const token = tokens[tokens.length - 1];
  const loaded = useLoad(
    () =>
      cloudtrail.lookupEvents(session, {
        MaxResults: 50,
        ...(value && { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] }),
        ...(localToEpoch(start) !== undefined && { StartTime: localToEpoch(start) }),
        ...(localToEpoch(end) !== undefined && { EndTime: localToEpoch(end) }),
        ...(token && { NextToken: token }),
      }),
    [key, value, start, end, token],
  );
  const [open, setOpen] = useState<string>();
  const submit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    setTokens([]);
    window.location.hash = href(['events'], {
      key: String(f.get('key') ?? 'EventName'),
      value: String(f.get('value') ?? '').trim(),
      start: String(f.get('start') ?? ''),
      end: String(f.get('end') ?? ''),
    });
  };
  return (
    <section>
      <PageHeader title="Event history">
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>
      </PageHeader>
      <form class="toolbar" role="search" aria-label="Look up events" onSubmit={submit}>
        <label>
          Lookup attribute{' '}
          <select name="key" defaultValue={key}>
            {ATTRIBUTES.map((a) => (
              <option key={a} value={a}>
                {a.replace(/([a-z])([A-Z])/g, '$1 $2')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Value <input name="value" defaultValue={value} placeholder="e.g. CreateClassificationJob" />
        </label>
        <label>
          From <input type="datetime-local" name="start" defaultValue={start ?? ''} />
        </label>
        <label>
          To <input type="datetime-local" name="end" defaultValue={end ?? ''} />
        </label>
        <button type="submit">Look up events</button>
      </form>
      <States loaded={loaded} what="events">
        {(d) =>
          !d.Events?.length ? (
            <Empty title="No events match">
              <p>Event history keeps management events of the last 90 days. Change the attribute, its value or the time range.</p>
            </Empty>
          ) : (
            <>
              <TableWrap label="Events">
                <table>
                  <caption class="sr-only">CloudTrail events, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Event name</th>
                      <th scope="col">Event time</th>
                      <th scope="col">User name</th>
                      <th scope="col">Event source</th>
                      <th scope="col">Resources</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.Events.map((ev) => (
                      <Fragment key={ev.EventId}>
                        <tr>
                          <td>
                            <button type="button" class="link" aria-expanded={open === ev.EventId} onClick={() => setOpen(open === ev.EventId ? undefined : ev.EventId)}>
                              {ev.EventName}
                            </button>
                          </td>
                          <td class="nowrap">{formatTime(ev.EventTime, 's')}</td>
                          <td>{ev.Username ?? '—'}</td>
                          <td>{ev.EventSource}</td>
                          <td class="wrap">{(ev.Resources ?? []).map((r) => r.ResourceName).join(', ') || '—'}</td>
                        </tr>
                        {open === ev.EventId && (
                          <tr key={`${ev.EventId}-record`}>
                            <td colSpan={5}>
                              <Json value={ev.CloudTrailEvent ?? ''} label={`Event record ${ev.EventName}`} />
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              {d.NextToken && (
                <button type="button" onClick={() => setTokens([...tokens, d.NextToken!])}>
                  Next page of events
                </button>
              )}
            </>
          )
        }
      </States>
      <h2>Trails</h2>
      <Trails session={session} />
    </section>
  );
}

/** The account's trails (DescribeTrails) with whether each is logging and its latest delivery (GetTrailStatus). */
function Trails({ session }: { session: Session }) {
  const trails = useLoad(async () => {
    const list = (await cloudtrail.describeTrails(session)).trailList ?? [];
    return Promise.all(list.map(async (t) => ({ t, status: await cloudtrail.getTrailStatus(session, { Name: t.TrailARN! }).catch((error: unknown) => ({ error })) })));
  }, []);
  return (
    <States loaded={trails} what="trails">
      {(rows) =>
        !rows.length ? (
          <p>No trails. Event history keeps 90 days; a trail (aws cloudtrail create-trail) keeps records in an S3 bucket for longer.</p>
        ) : (
          <TableWrap label="Trails">
            <table>
              <caption class="sr-only">Trails</caption>
              <thead>
                <tr>
                  <th scope="col">Trail</th>
                  <th scope="col">Logging</th>
                  <th scope="col">Destination</th>
                  <th scope="col">Multi-Region</th>
                  <th scope="col">Latest delivery</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ t, status }) => (
                  <tr key={t.TrailARN}>
                    <td>{t.Name}</td>
                    <td>{'error' in status ? <span class="status s-CANCELLED">{errorText(status.error)}</span> : status.IsLogging ? <span class="status s-COMPLETE">Logging</span> : 'Stopped'}</td>
                    <td class="wrap">
                      s3://{t.S3BucketName}/{t.S3KeyPrefix ?? ''}
                      {t.CloudWatchLogsLogGroupArn ? ` and ${t.CloudWatchLogsLogGroupArn}` : ''}
                    </td>
                    <td>{t.IsMultiRegionTrail ? 'Yes' : 'No'}</td>
                    <td class="wrap">
                      {'error' in status ? '—' : status.LatestDeliveryError ? `Error: ${status.LatestDeliveryError}` : formatTime(status.LatestDeliveryTime, 's')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )
      }
    </States>
  );
}
