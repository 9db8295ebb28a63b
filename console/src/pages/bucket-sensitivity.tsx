// Automated sensitive data discovery on the S3 buckets page: the heat map (one tile per bucket, coloured by its
// sensitivity score as Macie's console colours it) and one bucket's sensitivity profile (GetResourceProfile) with its
// detections (ListResourceProfileDetections).
import type { Session } from '../api/call.js';
import { macie2, type M } from '../api/services.js';
import { formatTime, type Wire } from '../api/wire.js';
import { Empty, PageHeader, States, TableWrap, bytes, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';

type Bucket = Wire<M.BucketMetadata>;

/** Macie's bands: -1 classification error, 1–49 not sensitive, 50 not yet analysed or not readable, 51–100 sensitive. */
export function heatBand(score: number | undefined): 'none' | 'error' | 'low' | 'medium' | 'high' | 'top' {
  if (score === undefined) return 'none';
  if (score < 0) return 'error';
  if (score < 50) return 'low';
  if (score === 50) return 'medium';
  return score >= 85 ? 'top' : 'high';
}

const BAND_LABEL = { none: 'not scored', error: 'classification error', low: 'not sensitive', medium: 'not yet sensitive', high: 'sensitive', top: 'highly sensitive' };

export function HeatMap({ buckets, stats }: { buckets: Bucket[]; stats: Wire<M.BucketStatisticsBySensitivity> | undefined }) {
  const scored = buckets.filter((b) => b.sensitivityScore !== undefined);
  return (
    <section class="card" aria-labelledby="heat-title">
      <h2 id="heat-title">Sensitivity heat map</h2>
      {!scored.length ? (
        <Empty title="No bucket is scored yet">
          <p>Automated sensitive data discovery scores buckets once it is enabled (aws macie2 update-automated-discovery-configuration --status ENABLED) and has run.</p>
        </Empty>
      ) : (
        <>
          <dl class="tiles">
            <div>
              <dt>Sensitive</dt>
              <dd>{stats?.sensitive?.totalCount ?? 0}</dd>
            </div>
            <div>
              <dt>Not sensitive</dt>
              <dd>{stats?.notSensitive?.totalCount ?? 0}</dd>
            </div>
            <div>
              <dt>Not yet analysed</dt>
              <dd>{stats?.notClassified?.totalCount ?? 0}</dd>
            </div>
            <div>
              <dt>Classification error</dt>
              <dd>{stats?.classificationError?.totalCount ?? 0}</dd>
            </div>
          </dl>
          <ul class="heatmap" aria-label="Buckets by sensitivity score, highest first">
            {[...buckets]
              .sort((a, b) => (b.sensitivityScore ?? -2) - (a.sensitivityScore ?? -2))
              .map((b) => {
                const band = heatBand(b.sensitivityScore);
                return (
                  <li key={b.bucketName}>
                    <a class={`heat-tile heat-${band}`} href={href(['buckets'], { bucket: b.bucketName })} title={`${b.bucketName}: ${BAND_LABEL[band]}`}>
                      <span class="heat-name">{b.bucketName}</span>
                      <span class="heat-score">
                        {b.sensitivityScore ?? '—'}
                        <span class="sr-only"> ({BAND_LABEL[band]})</span>
                      </span>
                    </a>
                  </li>
                );
              })}
          </ul>
          <p class="legend" aria-hidden="true">
            {(['top', 'high', 'medium', 'low', 'error', 'none'] as const).map((b) => (
              <span key={b} class={`heat-key heat-${b}`}>
                {BAND_LABEL[b]}
              </span>
            ))}
          </p>
        </>
      )}
    </section>
  );
}

export function BucketSensitivity({ session, bucket }: { session: Session; bucket: string }) {
  const arn = `arn:aws:s3:::${bucket}`;
  const loaded = useLoad(async () => {
    const [profile, detections] = await Promise.all([macie2.getResourceProfile(session, arn), macie2.listResourceProfileDetections(session, arn)]);
    return { profile, detections: detections.detections ?? [] };
  }, [bucket]);
  return (
    <section>
      <PageHeader title={`Bucket sensitivity: ${bucket}`} />
      <p>
        <a href={href(['buckets'])}>← All buckets</a>
      </p>
      <States loaded={loaded} what="the bucket's sensitivity">
        {({ profile, detections }) => {
          const st = profile.statistics ?? {};
          const band = heatBand(profile.sensitivityScore);
          return (
            <>
              <dl class="facts">
                <dt>Sensitivity score</dt>
                <dd>
                  <span class={`heat-key heat-${band}`}>
                    {profile.sensitivityScore ?? '—'} ({BAND_LABEL[band]})
                  </span>
                  {profile.sensitivityScoreOverridden && ' · set by a user'}
                </dd>
                <dt>Profile updated</dt>
                <dd>{formatTime(profile.profileUpdatedAt)}</dd>
                <dt>Objects analysed</dt>
                <dd>
                  {st.totalItemsClassified ?? 0} ({bytes(st.totalBytesClassified)})
                </dd>
                <dt>Objects with sensitive data</dt>
                <dd>{st.totalItemsSensitive ?? 0}</dd>
                <dt>Objects skipped</dt>
                <dd>
                  {st.totalItemsSkipped ?? 0} (permission denied {st.totalItemsSkippedPermissionDenied ?? 0}, encryption {st.totalItemsSkippedInvalidEncryption ?? 0}, KMS{' '}
                  {st.totalItemsSkippedInvalidKms ?? 0})
                </dd>
                <dt>Detections</dt>
                <dd>
                  {st.totalDetections ?? 0} ({st.totalDetectionsSuppressed ?? 0} suppressed)
                </dd>
              </dl>
              <h2>Sensitive data types</h2>
              {!detections.length ? (
                <p>No sensitive data found in this bucket yet.</p>
              ) : (
                <TableWrap label="Detections">
                  <table>
                    <caption class="sr-only">Sensitive data types detected in {bucket}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Type</th>
                        <th scope="col">Identifier</th>
                        <th scope="col">Occurrences</th>
                        <th scope="col">Suppressed</th>
                      </tr>
                    </thead>
                    <tbody>
                      {detections.map((d) => (
                        <tr key={d.id ?? d.arn}>
                          <td>{d.name ?? d.id}</td>
                          <td>{d.type === 'CUSTOM' ? 'Custom' : 'Managed'}</td>
                          <td>{d.count ?? 0}</td>
                          <td>{d.suppressed ? 'Yes' : 'No'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </>
          );
        }}
      </States>
    </section>
  );
}
