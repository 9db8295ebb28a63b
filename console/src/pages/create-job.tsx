// Create a classification job. The form builds CreateClassificationJob's request; the API validates it, and its
// errors are shown as they come (the same validation as for the CLI).
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { macie2, type M } from '../api/services.js';
import type { Wire } from '../api/wire.js';
import { ErrorBox, PageHeader, useLoad } from '../ui/common.js';
import { go, href } from '../ui/router.js';

type Request = Wire<M.CreateClassificationJobRequest>;
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const list = (s: string) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);

export function CreateJob({ session }: { session: Session }) {
  const buckets = useLoad(() => macie2.describeBuckets(session, { maxResults: 50 }), []);
  const identifiers = useLoad(() => macie2.listCustomDataIdentifiers(session).catch(() => ({ items: [] })), []);
  const allowLists = useLoad(() => macie2.listAllowLists(session).catch(() => ({ allowLists: [] })), []);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'list' | 'criteria'>('list');
  const [jobType, setJobType] = useState<'ONE_TIME' | 'SCHEDULED'>('ONE_TIME');
  const [frequency, setFrequency] = useState<'daily' | 'weekly' | 'monthly'>('daily');
  const [selector, setSelector] = useState('RECOMMENDED');

  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const chosen = [...f.getAll('bucket').map(String), ...list(get('otherBuckets'))];
    const excludes = list(get('excludeExtensions'));
    const request: Request = {
      clientToken: crypto.getRandomValues(new Uint32Array(4)).join('-'),
      name: get('name'),
      ...(get('description') && { description: get('description') }),
      jobType,
      s3JobDefinition: {
        ...(mode === 'list'
          ? { bucketDefinitions: [{ accountId: session.account, buckets: chosen }] }
          : { bucketCriteria: { includes: { and: [{ simpleCriterion: { comparator: 'STARTS_WITH', key: 'S3_BUCKET_NAME', values: [get('bucketPrefix')] } }] } } }),
        ...(excludes.length && { scoping: { excludes: { and: [{ simpleScopeTerm: { comparator: 'EQ', key: 'OBJECT_EXTENSION', values: excludes } }] } } }),
      },
      samplingPercentage: Number(get('sampling') || '100'),
      managedDataIdentifierSelector: selector as M.ManagedDataIdentifierSelector,
      ...((selector === 'INCLUDE' || selector === 'EXCLUDE') && { managedDataIdentifierIds: list(get('managedIds')) }),
      ...(f.getAll('cdi').length && { customDataIdentifierIds: f.getAll('cdi').map(String) }),
      ...(f.getAll('allowList').length && { allowListIds: f.getAll('allowList').map(String) }),
      ...(jobType === 'SCHEDULED' && {
        initialRun: f.get('initialRun') === 'on',
        scheduleFrequency:
          frequency === 'daily'
            ? { dailySchedule: {} }
            : frequency === 'weekly'
              ? { weeklySchedule: { dayOfWeek: get('dayOfWeek') as M.DayOfWeek } }
              : { monthlySchedule: { dayOfMonth: Number(get('dayOfMonth')) } },
      }),
    };
    setBusy(true);
    setError(undefined);
    try {
      const out = await macie2.createClassificationJob(session, request);
      go(['jobs', out.jobId!]);
    } catch (err) {
      setError(err);
      document.getElementById('create-job-error')?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <PageHeader title="Create job" />
      <p>
        <a href={href(['jobs'])}>← All jobs</a>
      </p>
      <form class="form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>S3 buckets</legend>
          <div class="radio-row">
            <label>
              <input type="radio" name="mode" checked={mode === 'list'} onChange={() => setMode('list')} /> Specific buckets
            </label>
            <label>
              <input type="radio" name="mode" checked={mode === 'criteria'} onChange={() => setMode('criteria')} /> Buckets that match criteria
            </label>
          </div>
          {mode === 'list' ? (
            <>
              {buckets.error !== undefined ? (
                <ErrorBox error={buckets.error} />
              ) : !buckets.data ? (
                <p role="status">Loading buckets…</p>
              ) : buckets.data.buckets?.length ? (
                <div class="checks" role="group" aria-label="Buckets">
                  {buckets.data.buckets.map((b) => (
                    <label key={b.bucketName}>
                      <input type="checkbox" name="bucket" value={b.bucketName} /> {b.bucketName}
                    </label>
                  ))}
                </div>
              ) : (
                <p>No buckets yet: create one with the aws CLI (aws s3 mb s3://name), or type names below.</p>
              )}
              <label for="otherBuckets">Other bucket names (comma separated)</label>
              <input id="otherBuckets" name="otherBuckets" />
            </>
          ) : (
            <>
              <label for="bucketPrefix">Bucket name starts with</label>
              <input id="bucketPrefix" name="bucketPrefix" />
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>Scope</legend>
          <label for="jobType">Job type</label>
          <select id="jobType" value={jobType} onChange={(e) => setJobType((e.target as HTMLSelectElement).value as 'ONE_TIME')}>
            <option value="ONE_TIME">One-time job</option>
            <option value="SCHEDULED">Scheduled job</option>
          </select>
          {jobType === 'SCHEDULED' && (
            <>
              <label for="frequency">Frequency</label>
              <select id="frequency" value={frequency} onChange={(e) => setFrequency((e.target as HTMLSelectElement).value as 'daily')}>
                <option value="daily">Daily</option>
                <option value="weekly">Weekly</option>
                <option value="monthly">Monthly</option>
              </select>
              {frequency === 'weekly' && (
                <>
                  <label for="dayOfWeek">Day of the week</label>
                  <select id="dayOfWeek" name="dayOfWeek">
                    {DAYS.map((d) => (
                      <option key={d} value={d}>
                        {d[0] + d.slice(1).toLowerCase()}
                      </option>
                    ))}
                  </select>
                </>
              )}
              {frequency === 'monthly' && (
                <>
                  <label for="dayOfMonth">Day of the month</label>
                  <input id="dayOfMonth" name="dayOfMonth" type="number" min={1} max={31} defaultValue="1" />
                </>
              )}
              <label class="inline">
                <input type="checkbox" name="initialRun" /> Also analyse all existing objects right away
              </label>
            </>
          )}
          <label for="sampling">Sampling depth (percent of objects)</label>
          <input id="sampling" name="sampling" type="number" min={1} max={100} defaultValue="100" />
          <label for="excludeExtensions">Exclude objects with these file extensions (comma separated)</label>
          <input id="excludeExtensions" name="excludeExtensions" placeholder="e.g. jpg, png" />
        </fieldset>
        <fieldset>
          <legend>Data identifiers</legend>
          <label for="selector">Managed data identifiers</label>
          <select id="selector" value={selector} onChange={(e) => setSelector((e.target as HTMLSelectElement).value)}>
            <option value="RECOMMENDED">Recommended</option>
            <option value="ALL">All</option>
            <option value="INCLUDE">Only these</option>
            <option value="EXCLUDE">All except these</option>
            <option value="NONE">None (custom identifiers only)</option>
          </select>
          {(selector === 'INCLUDE' || selector === 'EXCLUDE') && (
            <>
              <label for="managedIds">Managed data identifier IDs (comma separated)</label>
              <input id="managedIds" name="managedIds" placeholder="CREDIT_CARD_NUMBER, AWS_CREDENTIALS" />
            </>
          )}
          {!!identifiers.data?.items?.length && (
            <div class="checks" role="group" aria-label="Custom data identifiers">
              {identifiers.data.items.map((c) => (
                <label key={c.id}>
                  <input type="checkbox" name="cdi" value={c.id} /> {c.name}
                </label>
              ))}
            </div>
          )}
          {!!allowLists.data?.allowLists?.length && (
            <div class="checks" role="group" aria-label="Allow lists">
              {allowLists.data.allowLists.map((a) => (
                <label key={a.id}>
                  <input type="checkbox" name="allowList" value={a.id} /> {a.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>General settings</legend>
          <label for="name">Job name</label>
          <input id="name" name="name" />
          <label for="description">Description (optional)</label>
          <input id="description" name="description" />
        </fieldset>
        {error !== undefined && (
          <div id="create-job-error" tabIndex={-1}>
            <ErrorBox error={error} />
          </div>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Submit'}
        </button>
      </form>
    </section>
  );
}
