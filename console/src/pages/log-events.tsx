// Log events of one stream or of all streams of a group, with the filter pattern box (the whole CloudWatch Logs
// pattern language, evaluated by the service) and rows that expand to their JSON.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { logs } from '../api/services.js';
import { formatTime } from '../api/wire.js';
import { Empty, Json, PageHeader, States, TableWrap, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';

export function LogEvents({ session, group, params }: { session: Session; group: string; params: URLSearchParams }) {
  const stream = params.get('stream') ?? undefined;
  const pattern = params.get('pattern') ?? '';
  const [pages, setPages] = useState<string[]>([]);
  const token = pages[pages.length - 1];
  const loaded = useLoad(
    () =>
      logs.filterLogEvents(session, {
        logGroupName: group,
        limit: 100,
        ...(stream && { logStreamNames: [stream] }),
        ...(pattern && { filterPattern: pattern }),
        ...(token && { nextToken: token }),
      }),
    [stream, pattern, token],
  );
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };
  const search = (e: Event) => {
    e.preventDefault();
    const p = String(new FormData(e.target as HTMLFormElement).get('pattern') ?? '').trim();
    setPages([]);
    window.location.hash = href(['logs', group, 'events'], { stream, pattern: p });
  };
  return (
    <section>
      <PageHeader title={stream ? `Log events: ${stream}` : `Log events: all streams of ${group}`} />
      <p>
        <a href={href(['logs', group])}>← Log group {group}</a>
        {stream && (
          <>
            {' · '}
            <a href={href(['logs', group, 'events'], { pattern })}>Search all log streams</a>
          </>
        )}
      </p>
      <form class="toolbar" role="search" aria-label="Filter log events" onSubmit={search}>
        <label for="pattern">Filter pattern</label>
        <input id="pattern" name="pattern" class="wide" defaultValue={pattern} placeholder='e.g. ERROR, or { $.eventType = "JOB_COMPLETED" }' spellcheck={false} />
        <button type="submit">Search</button>
      </form>
      <States loaded={loaded} what="log events">
        {(d) =>
          !d.events?.length ? (
            <Empty title="No events match">
              <p>{pattern ? 'No event matches this filter pattern. Try another pattern or clear it.' : 'This stream has no events yet.'}</p>
            </Empty>
          ) : (
            <>
              <TableWrap label="Log events">
                <table class="events">
                  <caption class="sr-only">Log events</caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        <span class="sr-only">Expand</span>
                      </th>
                      <th scope="col">Timestamp</th>
                      {!stream && <th scope="col">Log stream</th>}
                      <th scope="col">Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.events.map((ev) => {
                      const id = ev.eventId ?? `${ev.timestamp}-${ev.message}`;
                      const isOpen = open.has(id);
                      return (
                        <Fragment key={id}>
                          <tr>
                            <td>
                              <button type="button" class="icon" aria-expanded={isOpen} aria-label={isOpen ? 'Collapse event' : 'Expand event'} onClick={() => toggle(id)}>
                                {isOpen ? '▾' : '▸'}
                              </button>
                            </td>
                            <td class="nowrap">{formatTime(ev.timestamp)}</td>
                            {!stream && <td>{ev.logStreamName}</td>}
                            <td class="message">{ev.message}</td>
                          </tr>
                          {isOpen && (
                            <tr key={`${id}-json`}>
                              <td colSpan={stream ? 3 : 4}>
                                <Json value={ev.message ?? ''} label="Event message" />
                              </td>
                            </tr>
                          )}
                        </Fragment>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
              {d.nextToken && (
                <button type="button" onClick={() => setPages([...pages, d.nextToken!])}>
                  Next page of events
                </button>
              )}
            </>
          )
        }
      </States>
    </section>
  );
}
