// Saved rules on the findings page, as Macie's console keeps them: a filter rule is a findings filter with action
// NOOP (a saved view), a suppression rule one with action ARCHIVE (Macie archives new findings that match it). Both
// are saved from the filter bar's current criteria and applied back to it.
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { macie2, type M } from '../api/services.js';
import type { Wire } from '../api/wire.js';
import { ErrorBox, useLoad } from '../ui/common.js';
import { fromCriteria, toCriteria, type Condition } from './findings-criteria.js';

/** What a rule saves: the filter bar's criteria without the finding status, which the page's status control sets. */
function ruleCriteria(conditions: Condition[]): Wire<M.FindingCriteria> {
  return toCriteria(conditions.filter((c) => c.field !== 'archived'));
}

const KIND = { NOOP: 'Filter rule', ARCHIVE: 'Suppression rule' } as const;

export function SavedRules({ session, conditions, onApply }: { session: Session; conditions: Condition[]; onApply(cs: Condition[]): void }) {
  const rules = useLoad(() => macie2.listFindingsFilters(session), []);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      setDone(await what());
      rules.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const name = String(f.get('name') ?? '').trim();
    const action = String(f.get('action') ?? 'NOOP') as M.FindingsFilterAction;
    const description = String(f.get('description') ?? '').trim();
    void run(async () => {
      await macie2.createFindingsFilter(session, { name, action, findingCriteria: ruleCriteria(conditions), ...(description && { description }) });
      form.reset();
      return `${KIND[action]} “${name}” saved.`;
    });
  };
  const apply = (id: string) =>
    void run(async () => {
      const rule = await macie2.getFindingsFilter(session, id);
      const status = conditions.filter((c) => c.field === 'archived');
      onApply([...status, ...fromCriteria(rule.findingCriteria)]);
      return `Applied “${rule.name}”.`;
    });
  const update = (id: string, name: string) =>
    void run(async () => {
      await macie2.updateFindingsFilter(session, { id, findingCriteria: ruleCriteria(conditions) });
      return `“${name}” now holds the current filter.`;
    });
  const remove = (id: string, name: string) => {
    if (!window.confirm(`Delete the rule “${name}”?`)) return;
    void run(async () => {
      await macie2.deleteFindingsFilter(session, id);
      return `“${name}” deleted.`;
    });
  };
  const hasCriteria = conditions.some((c) => c.field !== 'archived');
  return (
    <details class="card" open={!!rules.data?.findingsFilterListItems?.length}>
      <summary>Saved rules</summary>
      {rules.error !== undefined ? (
        <ErrorBox error={rules.error} onRetry={rules.reload} />
      ) : !rules.data ? (
        <p role="status">Loading saved rules…</p>
      ) : !rules.data.findingsFilterListItems?.length ? (
        <p>No saved rules yet.</p>
      ) : (
        <ul class="rules" aria-label="Saved rules">
          {rules.data.findingsFilterListItems.map((r) => (
            <li key={r.id}>
              <strong>{r.name}</strong> <span class="tag">{KIND[r.action ?? 'NOOP']}</span>
              <button type="button" disabled={busy} onClick={() => apply(r.id!)} aria-label={`Apply ${r.name}`}>
                Apply
              </button>
              <button type="button" disabled={busy || !hasCriteria} onClick={() => update(r.id!, r.name!)} aria-label={`Update ${r.name} with the current filter`}>
                Update
              </button>
              <button type="button" class="danger" disabled={busy} onClick={() => remove(r.id!, r.name!)} aria-label={`Delete ${r.name}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="toolbar" aria-label="Save the current filter" onSubmit={save}>
        <label>
          Rule name <input name="name" required minLength={3} maxLength={64} />
        </label>
        <label>
          Kind{' '}
          <select name="action">
            <option value="NOOP">Filter rule (saved view)</option>
            <option value="ARCHIVE">Suppression rule (archive new matches)</option>
          </select>
        </label>
        <label>
          Description <input name="description" maxLength={512} />
        </label>
        <button type="submit" disabled={busy || !hasCriteria}>
          Save current filter
        </button>
        {!hasCriteria && <p class="hint">Add a filter criterion first.</p>}
      </form>
      <p role="status">{done}</p>
      {error !== undefined && <ErrorBox error={error} />}
    </details>
  );
}
