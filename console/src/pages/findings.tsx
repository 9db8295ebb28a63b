// Findings: the filter bar (any criterion ListFindings takes), sort, and group by; one page of findings at a time,
// so the page opens as fast with 100,000 findings as with ten.
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { macie2, type M } from '../api/services.js';
import { formatTime } from '../api/wire.js';
import { Empty, PageHeader, States, TableWrap, useLoad } from '../ui/common.js';
import { go, href } from '../ui/router.js';
import { FIELDS, GROUPS, OPERATORS, SORTS, conditionParam, labelOf, parseConditions, toCriteria, type Condition, type Operator } from './findings-criteria.js';
import { Pager } from './jobs.js';
import { SavedRules } from './findings-rules.js';

const PAGE = 25;

export function Findings({ session, params }: { session: Session; params: URLSearchParams }) {
  const conditions = parseConditions(params);
  const sort = params.get('sort') ?? 'updatedAt';
  const order = (params.get('order') ?? 'DESC') as M.OrderBy;
  const groupBy = params.get('groupBy') as M.GroupBy | null;
  const [tokens, setTokens] = useState<string[]>([]);
  const token = tokens[tokens.length - 1];
  const criteria = toCriteria(conditions);
  const archivedView = conditions.some((c) => c.field === 'archived' && c.op === 'eq' && c.value === 'true');
  const key = JSON.stringify([criteria, sort, order, groupBy]);
  const loaded = useLoad(async () => {
    if (groupBy) {
      const stats = await macie2.getFindingStatistics(session, { findingCriteria: criteria, groupBy, sortCriteria: { attributeName: 'count', orderBy: 'DESC' } });
      return { groups: stats.countsByGroup ?? [], findings: [], nextToken: undefined };
    }
    const list = await macie2.listFindings(session, { findingCriteria: criteria, sortCriteria: { attributeName: sort, orderBy: order }, maxResults: PAGE, ...(token && { nextToken: token }) });
    const ids = list.findingIds ?? [];
    const got = ids.length ? await macie2.getFindings(session, { findingIds: ids }) : { findings: [] };
    // Keep ListFindings' order whatever order GetFindings answers in.
    const byId = new Map((got.findings ?? []).map((f) => [f.id, f]));
    return { groups: undefined, findings: ids.map((id) => byId.get(id)).filter((f) => f !== undefined), nextToken: list.nextToken };
  }, [key, token]);

  const setParams = (next: { conditions?: Condition[]; sort?: string; order?: string; groupBy?: string | null }) => {
    setTokens([]);
    const cs = next.conditions ?? conditions;
    const qs = new URLSearchParams();
    for (const c of cs) qs.append('f', conditionParam(c));
    qs.set('sort', next.sort ?? sort);
    qs.set('order', next.order ?? order);
    const g = next.groupBy === undefined ? groupBy : next.groupBy;
    if (g) qs.set('groupBy', g);
    window.location.hash = `#/findings?${qs.toString()}`;
  };

  return (
    <section>
      <PageHeader title="Findings">
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>
      </PageHeader>
      <FilterBar conditions={conditions} onChange={(cs) => setParams({ conditions: cs })} />
      <SavedRules session={session} conditions={conditions} onApply={(cs) => setParams({ conditions: cs })} />
      <div class="toolbar">
        <label>
          Finding status{' '}
          <select value={archivedView ? 'archived' : 'current'} onChange={(e) => setParams({ conditions: withStatus(conditions, (e.target as HTMLSelectElement).value === 'archived') })}>
            <option value="current">Current</option>
            <option value="archived">Archived</option>
          </select>
        </label>
        <label>
          Group by{' '}
          <select value={groupBy ?? ''} onChange={(e) => setParams({ groupBy: (e.target as HTMLSelectElement).value || null })}>
            <option value="">No grouping</option>
            {GROUPS.map((g) => (
              <option key={g.by} value={g.by}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => setParams({ sort: (e.target as HTMLSelectElement).value })}>
            {SORTS.map((s) => (
              <option key={s.attr} value={s.attr}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order{' '}
          <select value={order} onChange={(e) => setParams({ order: (e.target as HTMLSelectElement).value })}>
            <option value="DESC">Descending</option>
            <option value="ASC">Ascending</option>
          </select>
        </label>
      </div>
      <States loaded={loaded} what="findings">
        {(data) =>
          data.groups ? (
            <GroupTable groupBy={groupBy!} groups={data.groups} onPick={(value) => setParams({ groupBy: null, conditions: [...conditions, { field: groupBy!, op: 'eq', value }] })} />
          ) : !data.findings.length ? (
            <Empty title="No findings match">
              <p>Findings appear when a classification job finds sensitive data. Remove a filter, or <a href={href(['jobs', 'new'])}>create a job</a>.</p>
            </Empty>
          ) : (
            <>
              <TableWrap label="Findings">
                <table aria-busy={loaded.loading}>
                  <caption class="sr-only">Findings</caption>
                  <thead>
                    <tr>
                      <th scope="col">Severity</th>
                      <th scope="col">Finding type</th>
                      <th scope="col">Resource affected</th>
                      <th scope="col">Occurrences</th>
                      <th scope="col">Updated</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.findings.map((f) => (
                      <tr key={f.id}>
                        <td>
                          <span class={`sev sev-${f.severity?.description}`}>{f.severity?.description}</span>
                        </td>
                        <td>
                          <a href={href(['findings', f.id!])}>{f.type}</a>
                        </td>
                        <td class="wrap">
                          {f.resourcesAffected?.s3Bucket?.name}/{f.resourcesAffected?.s3Object?.key}
                        </td>
                        <td>{f.count}</td>
                        <td>{formatTime(f.updatedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pager hasPrev={tokens.length > 0} hasNext={!!data.nextToken} onPrev={() => setTokens(tokens.slice(0, -1))} onNext={() => setTokens([...tokens, data.nextToken!])} />
            </>
          )
        }
      </States>
    </section>
  );
}

function GroupTable({ groupBy, groups, onPick }: { groupBy: string; groups: { groupKey?: string; count?: number }[]; onPick(v: string): void }) {
  if (!groups.length) return <Empty title="No findings match" />;
  return (
    <TableWrap label="Findings by group">
      <table>
        <caption class="sr-only">Findings grouped by {labelOf(groupBy)}</caption>
        <thead>
          <tr>
            <th scope="col">{labelOf(groupBy)}</th>
            <th scope="col">Findings</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.groupKey}>
              <td>
                <button type="button" class="link" onClick={() => onPick(g.groupKey ?? '')}>
                  {g.groupKey || '(none)'}
                </button>
              </td>
              <td>{g.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function FilterBar({ conditions, onChange }: { conditions: Condition[]; onChange(cs: Condition[]): void }) {
  const [field, setField] = useState('severity.description');
  const [op, setOp] = useState<Operator>('eq');
  const [value, setValue] = useState('');
  const add = (e: Event) => {
    e.preventDefault();
    if (!field.trim() || !value.trim()) return;
    onChange([...conditions, { field: field.trim(), op, value: value.trim() }]);
    setValue('');
  };
  return (
    <form class="filter-bar" role="search" aria-label="Filter findings" onSubmit={add}>
      <ul class="chips" aria-label="Filter criteria">
        {conditions.map((c, i) => (
          <li key={i} class="chip">
            {labelOf(c.field)} {OPERATORS.find((o) => o.op === c.op)?.label} <strong>{c.value}</strong>
            <button type="button" aria-label={`Remove filter ${labelOf(c.field)} ${c.value}`} onClick={() => onChange(conditions.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label>
        Field{' '}
        <input list="finding-fields" value={field} onInput={(e) => setField((e.target as HTMLInputElement).value)} size={28} />
      </label>
      <datalist id="finding-fields">
        {FIELDS.map((f) => (
          <option key={f.field} value={f.field}>
            {f.label}
          </option>
        ))}
      </datalist>
      <label>
        Operator{' '}
        <select value={op} onChange={(e) => setOp((e.target as HTMLSelectElement).value as Operator)}>
          {OPERATORS.map((o) => (
            <option key={o.op} value={o.op}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Value <input value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Add filter</button>
      {conditions.length > 1 && (
        <button type="button" onClick={() => go(['findings'])}>
          Clear filters
        </button>
      )}
    </form>
  );
}

/** The conditions with the finding status set to current (archived = false) or archived (archived = true). */
function withStatus(conditions: Condition[], archived: boolean): Condition[] {
  return [{ field: 'archived', op: 'eq', value: String(archived) }, ...conditions.filter((c) => c.field !== 'archived')];
}
