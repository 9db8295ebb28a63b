// S3 buckets: Macie's inventory (DescribeBuckets) with encryption, public access, sharing, sensitivity and size;
// a row opens the bucket's full metadata.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { Session } from '../api/call.js';
import { macie2 } from '../api/services.js';
import { Empty, Json, PageHeader, States, TableWrap, bytes, useLoad } from '../ui/common.js';
import { href } from '../ui/router.js';
import { BucketSensitivity, HeatMap, heatBand } from './bucket-sensitivity.js';

export function Buckets({ session, params }: { session: Session; params: URLSearchParams }) {
  const selected = params.get('bucket');
  if (selected) return <BucketSensitivity session={session} bucket={selected} />;
  return <BucketList session={session} />;
}

function BucketList({ session }: { session: Session }) {
  const loaded = useLoad(async () => {
    const [list, stats] = await Promise.all([macie2.describeBuckets(session, { maxResults: 50, sortCriteria: { attributeName: 'bucketName', orderBy: 'ASC' } }), macie2.getBucketStatistics(session)]);
    return { buckets: list.buckets ?? [], stats };
  }, []);
  const [open, setOpen] = useState<string>();
  return (
    <section>
      <PageHeader title="S3 buckets">
        <button type="button" onClick={loaded.reload}>
          Refresh
        </button>
      </PageHeader>
      <States loaded={loaded} what="buckets">
        {({ buckets, stats }) =>
          !buckets.length ? (
            <Empty title="No buckets">
              <p>Create a bucket and upload objects with the aws CLI (aws s3 mb s3://name; aws s3 cp file s3://name/), then refresh.</p>
            </Empty>
          ) : (
            <>
              <dl class="tiles">
                <div>
                  <dt>Buckets</dt>
                  <dd>{stats.bucketCount ?? buckets.length}</dd>
                </div>
                <div>
                  <dt>Publicly accessible</dt>
                  <dd>{stats.bucketCountByEffectivePermission?.publiclyAccessible ?? 0}</dd>
                </div>
                <div>
                  <dt>Shared externally</dt>
                  <dd>{stats.bucketCountBySharedAccessType?.external ?? 0}</dd>
                </div>
                <div>
                  <dt>Objects</dt>
                  <dd>{stats.objectCount ?? 0}</dd>
                </div>
                <div>
                  <dt>Storage</dt>
                  <dd>{bytes(stats.sizeInBytes)}</dd>
                </div>
              </dl>
              <HeatMap buckets={buckets} stats={stats.bucketStatisticsBySensitivity} />
              <h2>Inventory</h2>
              <TableWrap label="Buckets">
                <table>
                  <caption class="sr-only">S3 buckets</caption>
                  <thead>
                    <tr>
                      <th scope="col">Bucket</th>
                      <th scope="col">Sensitivity</th>
                      <th scope="col">Public access</th>
                      <th scope="col">Shared</th>
                      <th scope="col">Default encryption</th>
                      <th scope="col">Objects</th>
                      <th scope="col">Size</th>
                    </tr>
                  </thead>
                  <tbody>
                    {buckets.map((b) => (
                      <Fragment key={b.bucketName}>
                        <tr>
                          <td>
                            <button type="button" class="link" aria-expanded={open === b.bucketName} onClick={() => setOpen(open === b.bucketName ? undefined : b.bucketName)}>
                              {b.bucketName}
                            </button>
                          </td>
                          <td>
                            {b.sensitivityScore === undefined ? (
                              '—'
                            ) : (
                              <a class={`heat-key heat-${heatBand(b.sensitivityScore)}`} href={href(['buckets'], { bucket: b.bucketName })} aria-label={`Sensitivity of ${b.bucketName}: ${b.sensitivityScore}`}>
                                {b.sensitivityScore}
                              </a>
                            )}
                          </td>
                          <td>{b.publicAccess?.effectivePermission ?? '—'}</td>
                          <td>{b.sharedAccess ?? '—'}</td>
                          <td>{b.serverSideEncryption?.type ?? '—'}</td>
                          <td>{b.objectCount ?? 0}</td>
                          <td>{bytes(b.sizeInBytes)}</td>
                        </tr>
                        {open === b.bucketName && (
                          <tr key={`${b.bucketName}-detail`}>
                            <td colSpan={7}>
                              <Json value={b} label={`Bucket ${b.bucketName} metadata`} />
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            </>
          )
        }
      </States>
    </section>
  );
}
