// One finding: what, where, which detections, and where in the object each occurrence is (cells, lines, pages,
// records, byte offsets).
import type { Session } from '../api/call.js';
import { macie2, type M } from '../api/services.js';
import { formatTime, type Wire } from '../api/wire.js';
import { Empty, Json, PageHeader, States, TableWrap, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';
import { RevealSamples } from './reveal-samples.js';

type Occ = Wire<M.Occurrences>;

export function FindingDetail({ session, findingId }: { session: Session; findingId: string }) {
  const loaded = useLoad(() => macie2.getFindings(session, { findingIds: [findingId] }), [findingId]);
  return (
    <section>
      <PageHeader title="Finding" />
      <p>
        <a href={href(['findings'])}>← All findings</a>
      </p>
      <States loaded={loaded} what="the finding">
        {(data) => {
          const f = data.findings?.[0];
          if (!f) return <Empty title="This finding does not exist (anymore)">It may have been deleted with its account's Macie data.</Empty>;
          const result = f.classificationDetails?.result;
          const detections = [
            ...(result?.sensitiveData ?? []).flatMap((s) => (s.detections ?? []).map((d) => ({ name: d.type ?? '', count: d.count ?? 0, occ: d.occurrences }))),
            ...(result?.customDataIdentifiers?.detections ?? []).map((d) => ({ name: d.name ?? '', count: d.count ?? 0, occ: d.occurrences })),
          ];
          return (
            <>
              <h2>{f.title ?? f.type}</h2>
              <dl class="facts">
                <dt>Severity</dt>
                <dd>
                  <span class={`sev sev-${f.severity?.description}`}>{f.severity?.description}</span>
                </dd>
                <dt>Finding type</dt>
                <dd>{f.type}</dd>
                <dt>S3 bucket</dt>
                <dd>{f.resourcesAffected?.s3Bucket?.name}</dd>
                <dt>Object key</dt>
                <dd class="wrap">{f.resourcesAffected?.s3Object?.key}</dd>
                <dt>Sensitive data occurrences</dt>
                <dd>{detections.reduce((n, d) => n + d.count, 0)}</dd>
                <dt>Created / updated</dt>
                <dd>
                  {formatTime(f.createdAt)} / {formatTime(f.updatedAt)}
                </dd>
                {f.classificationDetails?.jobId && (
                  <>
                    <dt>Job</dt>
                    <dd>
                      <a href={href(['jobs', f.classificationDetails.jobId])}>{f.classificationDetails.jobId}</a>
                    </dd>
                  </>
                )}
                <dt>Finding ID</dt>
                <dd>
                  <code>{f.id}</code>
                </dd>
              </dl>
              <h2>Sensitive data</h2>
              {detections.length === 0 ? (
                <p>No detections recorded.</p>
              ) : (
                detections.map((d) => (
                  <section key={d.name} class="detection" aria-label={d.name}>
                    <h3>
                      {d.name} ({d.count})
                    </h3>
                    <Occurrences occ={d.occ} />
                  </section>
                ))
              )}
              {result?.additionalOccurrences && <p>Macie recorded the locations of up to 15 occurrences per detection; there are more.</p>}
              {f.category === 'CLASSIFICATION' && <RevealSamples session={session} findingId={f.id!} />}
              <details>
                <summary>Finding (JSON)</summary>
                <Json value={f} label="Finding JSON" />
              </details>
            </>
          );
        }}
      </States>
    </section>
  );
}

function Occurrences({ occ }: { occ: Occ | undefined }) {
  const rows: [string, string][] = [];
  for (const c of occ?.cells ?? []) rows.push(['Cell', `${c.cellReference ?? `row ${c.row}, column ${c.column}`}${c.columnName ? ` (${c.columnName})` : ''}`]);
  for (const r of occ?.lineRanges ?? []) rows.push(['Lines', `${r.start}–${r.end}, column ${r.startColumn ?? 1}`]);
  for (const p of occ?.pages ?? []) rows.push(['Page', `page ${p.pageNumber}${p.lineRange ? `, lines ${p.lineRange.start}–${p.lineRange.end}` : ''}`]);
  for (const r of occ?.records ?? []) rows.push(['Record', `record ${r.recordIndex ?? 0}${r.jsonPath ? `, ${r.jsonPath}` : ''}`]);
  for (const r of occ?.offsetRanges ?? []) rows.push(['Bytes', `${r.start}–${r.end}`]);
  if (!rows.length) return <p>No locations recorded.</p>;
  return (
    <TableWrap label="Occurrences">
      <table>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Location</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([k, v], i) => (
            <tr key={i}>
              <td>{k}</td>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
