// Carries out replication (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html), off the request
// path and durably:
//   1. each new version written through the S3 API passes the store's version hook inside its own transaction; when
//      the bucket's configuration has rules matching the key (and tags) the hook writes one outbox row naming the
//      version and its destinations, and the version commits with x-amz-replication-status PENDING — both or neither;
//   2. the outbox (services/outbox) hands each row to one worker at a time, after a crash too; the worker assumes the
//      role, checks its permissions (role.ts), and writes each replica with the source's version id, data, metadata
//      and tags (status REPLICA), or the delete marker with its version id. Writing a replica that exists is a no-op,
//      so a repeated attempt changes nothing. New tags on a version replication has seen (PutObjectTagging,
//      DeleteObjectTagging) go the same way: the version is PENDING again until its replicas have them;
//   3. the source version ends COMPLETED when every destination has it, FAILED when one is refused (permissions, a
//      bucket Sift does not hold, another account than Destination.Account, versioning off, an SSE-KMS object).
//      Errors that may pass (the database) are retried, up to MAX_ATTEMPTS.
import type { Transaction } from 'kysely';
import { ServiceError, type Clock, type IdSource, type Logger } from '../../../common/index.js';
import type * as T from '../../../models/s3/index.js';
import type { EmbeddedStore, StoredObject, WrittenVersion } from '../../../storage/index.js';
import type { Database, Store } from '../../../store/index.js';
import { createOutbox, type AttemptResult, type OutboxItem } from '../../outbox/index.js';
import { objectArn } from '../access.js';
import { storedRules, targetsFor, type ReplicationTarget } from './config.js';
import { replicationSession, type ReplicationRoles, type RoleSession } from './role.js';

/** Attempts of a row whose failures may pass before its version is marked FAILED. */
export const MAX_ATTEMPTS = 5;
const RETRY_MS = 15_000;

export interface ReplicationJob {
  bucket: string;
  key: string;
  versionId: string;
  deleteMarker: boolean;
  /** New tags on a version already replicated (or being): the replicas' tags are brought in line. */
  tagsOnly?: boolean;
  role: string;
  region: string;
  targets: ReplicationTarget[];
}

export interface ReplicatorDeps {
  store: Store;
  embedded: EmbeddedStore;
  roles: ReplicationRoles;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
}

/** Why a destination was not written: a refusal, final (FAILED). */
class Refused extends Error {}

export function createReplicator(deps: ReplicatorDeps) {
  const { embedded } = deps;
  const outbox = createOutbox<ReplicationJob>('s3-replication', deps, attempt, { tickMs: 500 });

  /** The store's version hook: queues the version's replication in its own transaction and answers PENDING. */
  async function onVersionWritten(tx: Transaction<Database>, v: WrittenVersion): Promise<string | null> {
    // Null versions are not replicated (versioning must be Enabled); most buckets replicate nothing (no query then).
    if (v.versionId === undefined || !v.bucketReplication) return null;
    const config = JSON.parse(v.bucketReplication) as T.ReplicationConfiguration;
    const targets = targetsFor(storedRules(config), v.key, v.tags, v.deleteMarker);
    if (!targets.length) return null;
    const b = await tx.selectFrom('s3_buckets').select('region').where('name', '=', v.bucket).executeTakeFirstOrThrow();
    await outbox.addIn(tx, [{ bucket: v.bucket, key: v.key, versionId: v.versionId, deleteMarker: v.deleteMarker, ...(v.tagsOnly ? { tagsOnly: true } : {}), role: config.Role, region: b.region, targets }]);
    return 'PENDING';
  }

  async function replicateTo(session: RoleSession, job: ReplicationJob, source: StoredObject | undefined, t: ReplicationTarget): Promise<void> {
    const dest = await embedded.findBucket(t.bucket);
    if (!dest) throw new Refused(`destination bucket ${t.bucket} is not held by this Sift`);
    if (t.account !== undefined && dest.account_id !== t.account) throw new Refused('destination bucket belongs to another account than Destination.Account');
    const destArn = objectArn(t.bucket, job.key);
    if (job.deleteMarker) {
      if (!session.may('s3:ReplicateDelete', destArn, dest)) throw new Refused('s3:ReplicateDelete denied');
      await embedded.writeReplicaDeleteMarker(t.bucket, job.key, job.versionId);
      return;
    }
    const src = source!;
    const tagged = src.tags.length > 0 || job.tagsOnly === true;
    if (!session.may('s3:ReplicateObject', destArn, dest)) throw new Refused('s3:ReplicateObject denied');
    if (tagged && !session.may('s3:ReplicateTags', destArn, dest)) throw new Refused('s3:ReplicateTags denied');
    if (t.ownerOverride && !session.may('s3:ObjectOwnerOverrideToBucketOwner', destArn, dest)) throw new Refused('s3:ObjectOwnerOverrideToBucketOwner denied');
    const replica = t.ownerOverride ? { ...src, acl: 'private' } : src;
    const written = await embedded.writeReplica(replica, { bucket: t.bucket, ...(t.storageClass ? { storageClass: t.storageClass } : {}) });
    // A replica already there takes the source's current tags (a tag change, or a repeated attempt).
    if (written === 'exists') {
      const current = await embedded.object(t.bucket, job.key, job.versionId).catch(() => undefined);
      if (current && JSON.stringify(current.tags) !== JSON.stringify(src.tags)) await embedded.setObjectTags(t.bucket, job.key, src.tags.length ? src.tags : null, job.versionId);
    }
  }

  async function attempt(item: OutboxItem<ReplicationJob>): Promise<AttemptResult> {
    const job = item.payload;
    const finish = async (status: 'COMPLETED' | 'FAILED', why?: string) => {
      if (why) deps.logger.info('s3 replication failed', { bucket: job.bucket, key: job.key, versionId: job.versionId, reason: why });
      await embedded.setReplicationStatus(job.bucket, job.key, job.versionId, status);
      return { done: true } as const;
    };
    try {
      const srcBucket = await embedded.findBucket(job.bucket);
      if (!srcBucket) return { done: true }; // the source is gone: nothing left to replicate
      let source: StoredObject | undefined;
      if (!job.deleteMarker) {
        try {
          source = await embedded.object(job.bucket, job.key, job.versionId);
        } catch (err) {
          if ((err as { code?: string }).code === 'NoSuchVersion') return { done: true }; // deleted since
          throw err;
        }
      }
      const session = await replicationSession(deps.roles, deps.clock, job.role, job.region);
      if (typeof session === 'string') return await finish('FAILED', `role ${job.role}: ${session}`);
      if (source) {
        const srcArn = objectArn(job.bucket, job.key);
        if (!session.may('s3:GetObjectVersionForReplication', srcArn, srcBucket)) return await finish('FAILED', 's3:GetObjectVersionForReplication denied');
        if ((source.tags.length || job.tagsOnly) && !session.may('s3:GetObjectVersionTagging', srcArn, srcBucket)) return await finish('FAILED', 's3:GetObjectVersionTagging denied');
      }
      const refusals: string[] = [];
      for (const t of job.targets) {
        try {
          await replicateTo(session, job, source, t);
        } catch (err) {
          // S3's own refusals (versioning off, an SSE-KMS object) are final, as are the role's.
          if (err instanceof Refused || (err instanceof ServiceError && (err.httpStatus < 500 || err.code === 'NotImplemented'))) refusals.push(`${t.bucket}: ${err.message}`);
          else throw err;
        }
      }
      return refusals.length ? await finish('FAILED', refusals.join('; ')) : await finish('COMPLETED');
    } catch (err) {
      if (item.attempts + 1 >= MAX_ATTEMPTS) return finish('FAILED', err instanceof Error ? err.message : String(err));
      deps.logger.warn('s3 replication attempt failed; retrying', { bucket: job.bucket, key: job.key, error: err instanceof Error ? err.message : String(err) });
      return { done: false, retryInMs: RETRY_MS };
    }
  }

  return { onVersionWritten, runDue: () => outbox.runDue(), background: outbox.background };
}

export type Replicator = ReturnType<typeof createReplicator>;
