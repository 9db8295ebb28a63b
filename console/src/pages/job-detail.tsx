// One job: its settings and statistics, pause/resume/cancel, and the links to its findings and its log stream.
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { macie2 } from '../api/services.js';
import { formatTime } from '../api/wire.js';
import { ErrorBox, Json, PageHeader, States, useLoad } from '../ui/common.js';
import { usePoll } from '../ui/poll.js';
import { href } from '../ui/router.js';
import { STATUS_LABEL } from './jobs.js';

export const JOB_LOG_GROUP = '/aws/macie/classificationjobs';

export function JobDetail({ session, jobId }: { session: Session; jobId: string }) {
  const loaded = useLoad(() => macie2.describeClassificationJob(session, jobId), [jobId]);
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  usePoll(loaded.data?.jobStatus === 'RUNNING', loaded.reload);
  const update = async (jobStatus: 'USER_PAUSED' | 'RUNNING' | 'CANCELLED') => {
    if (jobStatus === 'CANCELLED' && !window.confirm('Cancel this job? A cancelled job cannot be resumed.')) return;
    setBusy(true);
    setActionError(undefined);
    try {
      await macie2.updateClassificationJob(session, { jobId, jobStatus });
      loaded.reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  const job = loaded.data;
  const status = job?.jobStatus;
  return (
    <section>
      <PageHeader title={job?.name ? `Job: ${job.name}` : 'Job'}>
        <a class="button" href={href(['findings'], { jobId })}>
          Show results
        </a>
        <a class="button" href={href(['logs', JOB_LOG_GROUP, 'events'], { stream: jobId })}>
          Show CloudWatch logs
        </a>
      </PageHeader>
      <p>
        <a href={href(['jobs'])}>← All jobs</a>
      </p>
      {actionError !== undefined && <ErrorBox error={actionError} />}
      <States loaded={loaded} what="the job">
        {(j) => (
          <>
            <div class="actions" role="group" aria-label="Job actions">
              {(status === 'RUNNING' || status === 'IDLE') && (
                <button type="button" disabled={busy} onClick={() => update('USER_PAUSED')}>
                  Pause
                </button>
              )}
              {status === 'USER_PAUSED' && (
                <button type="button" disabled={busy} onClick={() => update('RUNNING')}>
                  Resume
                </button>
              )}
              {status !== 'CANCELLED' && status !== 'COMPLETE' && (
                <button type="button" class="danger" disabled={busy} onClick={() => update('CANCELLED')}>
                  Cancel job
                </button>
              )}
              <button type="button" onClick={loaded.reload}>
                Refresh
              </button>
            </div>
            <dl class="facts">
              <dt>Status</dt>
              <dd>
                <span class={`status s-${j.jobStatus}`} role="status">
                  {STATUS_LABEL[j.jobStatus ?? ''] ?? j.jobStatus}
                </span>
              </dd>
              <dt>Job ID</dt>
              <dd>
                <code>{j.jobId}</code>
              </dd>
              <dt>Type</dt>
              <dd>{j.jobType === 'SCHEDULED' ? `Scheduled (${scheduleText(j.scheduleFrequency)})` : 'One-time'}</dd>
              <dt>Created</dt>
              <dd>{formatTime(j.createdAt)}</dd>
              <dt>Last run</dt>
              <dd>{formatTime(j.lastRunTime)}</dd>
              <dt>Last run errors</dt>
              <dd>{j.lastRunErrorStatus?.code === 'ERROR' ? 'Yes: see the job’s CloudWatch logs' : 'None'}</dd>
              <dt>Runs</dt>
              <dd>{j.statistics?.numberOfRuns ?? 0}</dd>
              <dt>Objects left to process (approximately)</dt>
              <dd>{j.statistics?.approximateNumberOfObjectsToProcess ?? 0}</dd>
              <dt>Sampling depth</dt>
              <dd>{j.samplingPercentage ?? 100}%</dd>
              <dt>Managed data identifiers</dt>
              <dd>{j.managedDataIdentifierSelector ?? 'RECOMMENDED'}{j.managedDataIdentifierIds?.length ? `: ${j.managedDataIdentifierIds.join(', ')}` : ''}</dd>
              <dt>Buckets</dt>
              <dd>{j.s3JobDefinition?.bucketDefinitions?.flatMap((d) => d.buckets ?? []).join(', ') || (j.s3JobDefinition?.bucketCriteria ? 'Matching the job’s bucket criteria' : '—')}</dd>
              {j.userPausedDetails?.jobExpiresAt && (
                <>
                  <dt>Paused job expires</dt>
                  <dd>{formatTime(j.userPausedDetails.jobExpiresAt)}</dd>
                </>
              )}
            </dl>
            <details>
              <summary>Job definition (JSON)</summary>
              <Json value={j} label="Job definition" />
            </details>
          </>
        )}
      </States>
    </section>
  );
}

function scheduleText(s: { dailySchedule?: object; weeklySchedule?: { dayOfWeek?: string }; monthlySchedule?: { dayOfMonth?: number } } | undefined): string {
  if (!s) return '—';
  if (s.dailySchedule) return 'daily';
  if (s.weeklySchedule) return `weekly on ${s.weeklySchedule.dayOfWeek ?? ''}`;
  if (s.monthlySchedule) return `monthly on day ${s.monthlySchedule.dayOfMonth ?? ''}`;
  return '—';
}
