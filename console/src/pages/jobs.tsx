// Jobs: every classification job with its status, type, creation time and progress; newest first.
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { macie2 } from '../api/services.js';
import { formatTime } from '../api/wire.js';
import { Empty, PageHeader, States, TableWrap, useLoad } from '../ui/common.js';
import { usePoll } from '../ui/poll.js';
import { href } from '../ui/router.js';

export const STATUS_LABEL: Record<string, string> = {
  RUNNING: 'Running',
  PAUSED: 'Paused (quota)',
  USER_PAUSED: 'Paused',
  CANCELLED: 'Cancelled',
  COMPLETE: 'Complete',
  IDLE: 'Idle',
};

export function Jobs({ session }: { session: Session }) {
  const [token, setToken] = useState<string>();
  const [tokens, setTokens] = useState<string[]>([]);
  const loaded = useLoad(
    () => macie2.listClassificationJobs(session, { maxResults: 50, sortCriteria: { attributeName: 'createdAt', orderBy: 'DESC' }, ...(token && { nextToken: token }) }),
    [token],
  );
  usePoll((loaded.data?.items ?? []).some((j) => j.jobStatus === 'RUNNING'), loaded.reload);
  return (
    <section>
      <PageHeader title="Jobs">
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>
        <a class="button primary" href={href(['jobs', 'new'])}>
          Create job
        </a>
      </PageHeader>
      <States loaded={loaded} what="jobs">
        {(data) =>
          !data.items?.length ? (
            <Empty title="No jobs yet">
              <p>
                A job analyses the objects of S3 buckets for sensitive data. <a href={href(['jobs', 'new'])}>Create a job</a> to start.
              </p>
            </Empty>
          ) : (
            <>
              <TableWrap label="Jobs">
                <table>
                  <caption class="sr-only">Classification jobs, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Status</th>
                      <th scope="col">Type</th>
                      <th scope="col">Created</th>
                      <th scope="col">Buckets</th>
                      <th scope="col">Last run</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((j) => (
                      <tr key={j.jobId}>
                        <td>
                          <a href={href(['jobs', j.jobId!])}>{j.name || j.jobId}</a>
                        </td>
                        <td>
                          <span class={`status s-${j.jobStatus}`}>{STATUS_LABEL[j.jobStatus ?? ''] ?? j.jobStatus}</span>
                        </td>
                        <td>{j.jobType === 'SCHEDULED' ? 'Scheduled' : 'One-time'}</td>
                        <td>{formatTime(j.createdAt)}</td>
                        <td>{j.bucketDefinitions?.flatMap((d) => d.buckets ?? []).join(', ') || (j.bucketCriteria ? 'By criteria' : '—')}</td>
                        <td>{j.lastRunErrorStatus?.code === 'ERROR' ? 'With errors' : j.jobStatus === 'RUNNING' ? 'In progress' : 'No errors'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pager
                hasPrev={tokens.length > 0}
                hasNext={!!data.nextToken}
                onPrev={() => {
                  const prev = tokens.slice(0, -1);
                  setTokens(prev);
                  setToken(prev[prev.length - 1]);
                }}
                onNext={() => {
                  setTokens([...tokens, data.nextToken!]);
                  setToken(data.nextToken!);
                }}
              />
            </>
          )
        }
      </States>
    </section>
  );
}

export function Pager({ hasPrev, hasNext, onPrev, onNext }: { hasPrev: boolean; hasNext: boolean; onPrev(): void; onNext(): void }) {
  if (!hasPrev && !hasNext) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={!hasPrev} onClick={onPrev}>
        Previous page
      </button>
      <button type="button" disabled={!hasNext} onClick={onNext}>
        Next page
      </button>
    </nav>
  );
}
