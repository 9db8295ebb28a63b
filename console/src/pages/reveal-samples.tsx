// "Reveal samples" on a finding: GetSensitiveDataOccurrencesAvailability first (with Macie's reasons when samples
// can't be had), then GetSensitiveDataOccurrences until it is no longer PROCESSING. The values live in this
// component's state only: never written to storage, the address or the log, and gone on "Hide samples" or leaving
// the page.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { macie2, type M } from '../api/services.js';
import type { Wire } from '../api/wire.js';
import { ErrorBox, TableWrap } from '../ui/common.js';

/** Macie's unavailability reasons in words (Macie user guide, "Retrieving sensitive data samples"). */
const REASONS: Record<M.UnavailabilityReasonCode, string> = {
  OBJECT_EXCEEDS_SIZE_QUOTA: 'The object is larger than the size quota for retrieving samples.',
  UNSUPPORTED_OBJECT_TYPE: 'Samples cannot be retrieved from this kind of file.',
  UNSUPPORTED_FINDING_TYPE: 'Only sensitive data findings have samples (not policy findings or sample findings).',
  INVALID_CLASSIFICATION_RESULT: 'The sensitive data discovery result for this finding is missing, or has no locations to retrieve.',
  OBJECT_UNAVAILABLE: 'The object was changed, moved or deleted since Macie analysed it, or can no longer be read.',
  ACCOUNT_NOT_IN_ORGANIZATION: 'The account that owns the object is no longer a member of the organization.',
  MISSING_GET_MEMBER_PERMISSION: 'You may not call macie2:GetMember for the account that owns the object.',
  ROLE_TOO_PERMISSIVE: 'The reveal configuration’s role has a trust or permissions policy that allows more than Macie requires.',
  MEMBER_ROLE_TOO_PERMISSIVE: 'The member account’s reveal role allows more than Macie requires.',
  INVALID_RESULT_SIGNATURE: 'The sensitive data discovery result’s signature does not match: it may have been changed.',
  RESULT_NOT_SIGNED: 'The sensitive data discovery result is not signed by Macie.',
};

type State =
  | { step: 'idle' }
  | { step: 'checking' }
  | { step: 'unavailable'; reasons: string[] }
  | { step: 'retrieving' }
  | { step: 'revealed'; occurrences: Wire<M.SensitiveDataOccurrences> }
  | { step: 'failed'; error: unknown };

const POLL_MS = 1000;
const MAX_POLLS = 120;

export function RevealSamples({ session, findingId }: { session: Session; findingId: string }) {
  const [state, setState] = useState<State>({ step: 'idle' });
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);
  const reveal = async () => {
    setState({ step: 'checking' });
    try {
      const availability = await macie2.getSensitiveDataOccurrencesAvailability(session, findingId);
      if (availability.code !== 'AVAILABLE') {
        setState({ step: 'unavailable', reasons: (availability.reasons ?? []).map((r) => REASONS[r] ?? r) });
        return;
      }
      setState({ step: 'retrieving' });
      for (let i = 0; alive.current && i < MAX_POLLS; i++) {
        const got = await macie2.getSensitiveDataOccurrences(session, findingId);
        if (got.status === 'SUCCESS') return alive.current && setState({ step: 'revealed', occurrences: got.sensitiveDataOccurrences ?? {} });
        if (got.status === 'ERROR') return alive.current && setState({ step: 'failed', error: new Error(`Macie could not retrieve the samples: ${got.error ?? 'no reason given'}`) });
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      if (alive.current) setState({ step: 'failed', error: new Error('Macie is still retrieving the samples. Try again in a minute.') });
    } catch (error) {
      if (alive.current) setState({ step: 'failed', error });
    }
  };
  const busy = state.step === 'checking' || state.step === 'retrieving';
  return (
    <section class="card" aria-labelledby="reveal-title">
      <h2 id="reveal-title">Sensitive data samples</h2>
      <p>Macie retrieves up to 10 occurrences of each type from the object itself. They are shown here only, and forgotten when you hide them or leave the page.</p>
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void reveal()}>
          Reveal samples
        </button>
        {state.step === 'revealed' && (
          <button type="button" onClick={() => setState({ step: 'idle' })}>
            Hide samples
          </button>
        )}
      </div>
      <div aria-live="polite">
        {state.step === 'checking' && <p role="status">Checking whether samples are available…</p>}
        {state.step === 'retrieving' && <p role="status">Retrieving samples…</p>}
        {state.step === 'unavailable' && (
          <div class="box error" role="alert">
            <p>Samples are not available for this finding:</p>
            <ul>
              {state.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        {state.step === 'failed' && <ErrorBox error={state.error} />}
        {state.step === 'revealed' && <Revealed occurrences={state.occurrences} />}
      </div>
    </section>
  );
}

function Revealed({ occurrences }: { occurrences: Wire<M.SensitiveDataOccurrences> }) {
  const rows = Object.entries(occurrences).flatMap(([type, list]) => (list ?? []).map((d) => [type, d.value ?? ''] as const));
  if (!rows.length) return <p>Macie found no samples to show.</p>;
  return (
    <TableWrap label="Revealed samples">
      <table>
        <caption class="sr-only">Revealed sensitive data samples</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Sample</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([type, value], i) => (
            <tr key={i}>
              <td>{type}</td>
              <td class="revealed wrap">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
