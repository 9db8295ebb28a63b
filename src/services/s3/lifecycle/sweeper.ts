// Carries lifecycle rules out (https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html):
// a sweep walks every version of every bucket with enabled rules and
//   - expires current objects whose time has come: removed in an unversioned bucket, hidden behind a delete
//     marker in a versioned (or suspended) one;
//   - removes noncurrent versions NoncurrentDays after they became noncurrent, keeping the
//     NewerNoncurrentVersions newest;
//   - removes expired object delete markers (a delete marker that is the key's only version) where a rule asks;
//   - aborts multipart uploads DaysAfterInitiation after they were initiated;
//   - moves current and noncurrent versions down S3's storage class waterfall when a Transition is due (a version
//     moved to GLACIER or DEEP_ARCHIVE then needs RestoreObject before it is read, as in S3).
// Object Lock still holds: a retained version is left in place. Sweeps run when the injected clock says one is due
// (every `intervalMs` of clock time); a real-time timer looks at the clock every `tickMs`, so a test clock moved a
// day ahead is acted on within one tick. Each action re-checks the version it acts on, so a write racing a sweep
// is never the one removed.
import type { Kysely } from 'kysely';
import { periodicTask, type Clock, type Logger } from '../../../common/index.js';
import type { Database } from '../../../store/index.js';
import type { EmbeddedStore, ListedVersion } from '../../../storage/index.js';
import type { Background } from '../../types.js';
import { currentExpiry, dueNoncurrentTransition, dueTransition, noncurrentExpiry, removesExpiredDeleteMarker, uploadAbortAt, type LifecycleSubject } from './evaluate.js';
import { parseLifecycleColumn, type StoredLifecycle } from './rules.js';

export interface LifecycleSweeperDeps {
  db: Kysely<Database>;
  store: EmbeddedStore;
  clock: Clock;
  logger: Logger;
  /** Clock time between sweeps (default one hour). */
  intervalMs?: number;
  /** Real time between looks at the clock (default 1 s). */
  tickMs?: number;
  /** Told of each action taken (server access logs record them as S3.EXPIRE.OBJECT …). */
  acted?(action: { bucket: string; key: string; kind: 'expire' | 'deleteMarker' | 'abortUpload' | 'transition'; storageClass?: string; versionId?: string; objectSize?: number }): void;
}

export interface LifecycleActions {
  expired: number;
  transitioned: number;
  deleteMarkersAdded: number;
  noncurrentRemoved: number;
  deleteMarkersRemoved: number;
  uploadsAborted: number;
}

export interface LifecycleSweeper extends Background {
  sweep(): Promise<LifecycleActions>;
  /** Makes the next tick sweep. */
  request(): void;
}

const tagsOf = (json: string | null): { Key: string; Value: string }[] => (json ? JSON.parse(json) : []);

function subject(v: ListedVersion): LifecycleSubject {
  return { key: v.row.key, size: Number(v.row.size), tags: tagsOf(v.row.tags) };
}

export function createLifecycleSweeper(deps: LifecycleSweeperDeps): LifecycleSweeper {
  const intervalMs = deps.intervalMs ?? 3_600_000;
  const tickMs = deps.tickMs ?? 1000;
  const { store, logger } = deps;
  let nextDue = 0;

  /** Moves one version to `to`, if it is still the version the sweep read. */
  async function transition(bucket: string, v: ListedVersion, to: string, done: LifecycleActions): Promise<void> {
    const found = await store.version(bucket, v.row.key, v.versionId).catch(() => undefined);
    if (!found || found.isDeleteMarker || found.row.etag !== v.row.etag || found.row.storage_class !== v.row.storage_class) return;
    await store.updateVersion(found, { storage_class: to, restore_ready_at: null, restore_expires_at: null });
    done.transitioned++;
    deps.acted?.({ bucket, key: v.row.key, kind: 'transition', storageClass: to, versionId: v.versionId === 'null' ? undefined : v.versionId, objectSize: Number(v.row.size) });
  }

  /** One key's versions, newest first. */
  async function applyToKey(bucket: string, versioned: boolean, config: StoredLifecycle, versions: ListedVersion[], now: number, done: LifecycleActions): Promise<void> {
    const latest = versions[0]!;
    if (latest.isLatest && !latest.isDeleteMarker) {
      const due = currentExpiry(config, { ...subject(latest), lastModifiedMs: Number(latest.row.last_modified) });
      const to = dueTransition(config, { ...subject(latest), lastModifiedMs: Number(latest.row.last_modified), storageClass: latest.row.storage_class }, now);
      // S3: permanent deletion takes precedence over a transition, a transition over the creation of a delete marker.
      if (due && due.at <= now && !(versioned && to)) {
        const out = await store.deleteObject(bucket, latest.row.key, {
          check: (current) => {
            if (!current || current.etag !== latest.row.etag || current.lastModified.getTime() !== Number(latest.row.last_modified)) throw new Error('the object changed since the sweep read it');
          },
        }).catch(() => undefined);
        if (out) {
          if (out.deleteMarker) done.deleteMarkersAdded++;
          else done.expired++;
          deps.acted?.({ bucket, key: latest.row.key, kind: out.deleteMarker ? 'deleteMarker' : 'expire', versionId: out.versionId, objectSize: Number(latest.row.size) });
        }
        // The version just made noncurrent is judged at a later sweep, from now.
      } else if (to) {
        await transition(bucket, latest, to, done);
      }
    } else if (latest.isLatest && latest.isDeleteMarker && versions.length === 1 && removesExpiredDeleteMarker(config, latest.row.key, now)) {
      await store.deleteObject(bucket, latest.row.key, { versionId: latest.versionId });
      done.deleteMarkersRemoved++;
      deps.acted?.({ bucket, key: latest.row.key, kind: 'expire', versionId: latest.versionId });
      return;
    }
    if (!versioned && versions.length === 1) return;
    // Noncurrent versions: each became noncurrent when the next newer version was written.
    let left = versions.length;
    for (let i = 1; i < versions.length; i++) {
      const v = versions[i]!;
      const since = Number(versions[i - 1]!.row.last_modified);
      const due = noncurrentExpiry(config, subject(v), since, i - 1, v.isDeleteMarker);
      if (due === undefined || due > now) {
        const to = v.isDeleteMarker ? undefined : dueNoncurrentTransition(config, { ...subject(v), storageClass: v.row.storage_class }, since, i - 1, now);
        if (to) await transition(bucket, v, to, done);
        continue;
      }
      try {
        await store.deleteObject(bucket, v.row.key, { versionId: v.versionId });
        done.noncurrentRemoved++;
        left--;
        deps.acted?.({ bucket, key: v.row.key, kind: 'expire', versionId: v.versionId, objectSize: v.isDeleteMarker ? undefined : Number(v.row.size) });
      } catch (err) {
        // Object Lock retention or a legal hold keeps the version; S3's lifecycle does not remove it either.
        const code = (err as { code?: string }).code;
        if (code !== 'AccessDenied') logger.warn('lifecycle: noncurrent version not removed', { bucket, error: String(err) });
      }
    }
    // A delete marker whose last noncurrent version just went is now an expired object delete marker.
    if (left === 1 && versions.length > 1 && latest.isLatest && latest.isDeleteMarker && removesExpiredDeleteMarker(config, latest.row.key, now)) {
      await store.deleteObject(bucket, latest.row.key, { versionId: latest.versionId });
      done.deleteMarkersRemoved++;
      deps.acted?.({ bucket, key: latest.row.key, kind: 'expire', versionId: latest.versionId });
    }
  }

  async function sweepVersions(bucket: string, versioned: boolean, config: StoredLifecycle, now: number, done: LifecycleActions): Promise<void> {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    let group: ListedVersion[] = [];
    for (;;) {
      const page = await store.listVersions(bucket, { keyMarker, versionIdMarker, maxKeys: 1000 });
      for (const e of page.entries) {
        if (group.length && group[0]!.row.key !== e.row.key) {
          await applyToKey(bucket, versioned, config, group, now, done);
          group = [];
        }
        group.push(e);
      }
      if (!page.truncated) break;
      keyMarker = page.nextKeyMarker;
      versionIdMarker = page.nextVersionIdMarker;
    }
    if (group.length) await applyToKey(bucket, versioned, config, group, now, done);
  }

  async function sweepUploads(bucket: string, config: StoredLifecycle, now: number, done: LifecycleActions): Promise<void> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const page = await store.listUploads(bucket, { keyMarker, uploadIdMarker, maxUploads: 1000 });
      for (const u of page.uploads) {
        const due = uploadAbortAt(config, u.key, u.initiated.getTime());
        if (due === undefined || due > now) continue;
        await store.abortMultipartUpload(bucket, u.uploadId, u.key).then(
          () => {
            done.uploadsAborted++;
            deps.acted?.({ bucket, key: u.key, kind: 'abortUpload' });
          },
          () => undefined, // completed or aborted meanwhile
        );
      }
      if (!page.truncated) break;
      const last = page.uploads[page.uploads.length - 1]!;
      keyMarker = last.key;
      uploadIdMarker = last.uploadId;
    }
  }

  async function sweep(): Promise<LifecycleActions> {
    const now = deps.clock.nowMs();
    nextDue = now + intervalMs;
    const done: LifecycleActions = { expired: 0, transitioned: 0, deleteMarkersAdded: 0, noncurrentRemoved: 0, deleteMarkersRemoved: 0, uploadsAborted: 0 };
    const buckets = await deps.db.selectFrom('s3_buckets').select(['name', 'versioning', 'lifecycle']).where('lifecycle', 'is not', null).execute();
    for (const b of buckets) {
      const config = parseLifecycleColumn(b.lifecycle);
      if (!config?.Rules.some((r) => r.Status === 'Enabled')) continue;
      try {
        await sweepVersions(b.name, b.versioning !== null, config, now, done);
        if (config.Rules.some((r) => r.Status === 'Enabled' && r.AbortIncompleteMultipartUpload)) await sweepUploads(b.name, config, now, done);
      } catch (err) {
        // A bucket deleted while the sweep ran is simply gone; anything else is tried again at the next sweep.
        if ((err as { code?: string }).code !== 'NoSuchBucket') logger.warn('lifecycle sweep failed for a bucket', { bucket: b.name, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return done;
  }

  const task = periodicTask({
    everyMs: tickMs,
    due: () => deps.clock.nowMs() >= nextDue,
    run: sweep,
    onError: (err) => logger.warn('lifecycle sweep failed', { error: err instanceof Error ? err.message : String(err) }),
  });

  return {
    sweep,
    request() {
      nextDue = 0;
    },
    start: task.start,
    stop: task.stop,
  };
}
