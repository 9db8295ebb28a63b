// Archived objects (GLACIER, DEEP_ARCHIVE) as S3 serves them (https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html):
// their bytes are not readable (403 InvalidObjectState) until RestoreObject has made a temporary copy, which takes
// the retrieval tier's time on the store's clock and lasts the Days asked for; HEAD reports progress in x-amz-restore.
import type { RequestContext } from '../../common/context.js';
import { ServiceError } from '../../common/index.js';
import type * as T from '../../models/s3/index.js';
import { s3Errors, type EmbeddedStore, type StoredObject } from '../../storage/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Upper bounds of S3's documented retrieval times per tier. */
const RETRIEVAL_MS: Record<string, Partial<Record<string, number>>> = {
  GLACIER: { Expedited: 5 * MINUTE, Standard: 5 * HOUR, Bulk: 12 * HOUR },
  DEEP_ARCHIVE: { Standard: 12 * HOUR, Bulk: 48 * HOUR },
};

export const isArchived = (obj: Pick<StoredObject, 'storageClass'>) => obj.storageClass in RETRIEVAL_MS;

const invalidObjectState = (message: string, storageClass: string) => new ServiceError('InvalidObjectState', message, 403, 'client', { StorageClass: storageClass });

function restoredAt(obj: StoredObject, nowMs: number): boolean {
  return obj.restoreReadyAt !== undefined && obj.restoreReadyAt.getTime() <= nowMs && (obj.restoreExpiresAt?.getTime() ?? 0) > nowMs;
}

/** GET and copy of an archived object need a finished, unexpired restore. */
export function checkReadable(obj: StoredObject, nowMs: number): void {
  if (isArchived(obj) && !restoredAt(obj, nowMs)) throw invalidObjectState("The operation is not valid for the object's storage class", obj.storageClass);
}

/** The x-amz-restore header: a restore in progress, or a restored copy and when it expires. */
export function restoreHeader(obj: StoredObject, nowMs: number): string | undefined {
  if (!isArchived(obj) || !obj.restoreReadyAt) return undefined;
  if (obj.restoreReadyAt.getTime() > nowMs) return 'ongoing-request="true"';
  if (!restoredAt(obj, nowMs)) return undefined;
  return `ongoing-request="false", expiry-date="${obj.restoreExpiresAt!.toUTCString()}"`;
}

export function createRestoreOperations(deps: { store: EmbeddedStore; ready: () => Promise<void> }) {
  const { store, ready } = deps;
  return {
    async restoreObject(_ctx: RequestContext, input: T.RestoreObjectRequest): Promise<T.RestoreObjectOutput> {
      await ready();
      const found = await store.version(input.Bucket, input.Key, input.VersionId);
      if (found.isDeleteMarker) throw s3Errors.deleteMarkerNotAllowed(found.row.version_id ?? 'null');
      const obj = await store.object(input.Bucket, input.Key, found.row.version_id ?? 'null');
      if (!isArchived(obj)) throw invalidObjectState("Restore is not allowed for the object's current storage class", obj.storageClass);
      const request = input.RestoreRequest;
      if (request?.Type === 'SELECT') throw s3Errors.notImplemented('Restore with SELECT', 'RestoreRequest.Type');
      const days = request?.Days;
      if (days === undefined) throw s3Errors.malformedXml();
      if (!Number.isInteger(days) || days < 1) throw s3Errors.invalidArgument('Days must be a positive integer', 'Days', String(days));
      const tier = request?.GlacierJobParameters?.Tier ?? request?.Tier ?? 'Standard';
      const retrieval = RETRIEVAL_MS[obj.storageClass]![tier];
      if (retrieval === undefined) throw s3Errors.invalidArgument(`The ${tier} retrieval tier is not available for the ${obj.storageClass} storage class`, 'Tier', tier);
      const now = store.nowMs();
      if (obj.restoreReadyAt && obj.restoreReadyAt.getTime() > now) throw new ServiceError('RestoreAlreadyInProgress', 'Object restore is already in progress', 409);
      if (restoredAt(obj, now)) {
        // A restored copy's lifetime is reset from now (200 OK).
        await store.updateVersion(found, { restore_expires_at: now + days * DAY });
        return { $accepted: false } as T.RestoreObjectOutput;
      }
      await store.updateVersion(found, { restore_ready_at: now + retrieval, restore_expires_at: now + retrieval + days * DAY });
      return { $accepted: true } as T.RestoreObjectOutput;
    },
  };
}
