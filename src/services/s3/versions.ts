// S3's version-level API over the embedded store: ListObjectVersions, the version id a response reports, and the
// Object Lock and restore operations (object-lock.ts, restore.ts) that act on one version.
import type { RequestContext } from '../../common/context.js';
import type * as T from '../../models/s3/index.js';
import { s3Errors, type EmbeddedStore, type ListedVersion, type StoredObject } from '../../storage/index.js';
import { callerMay, objectArn, type BucketAccessFields } from './access.js';

export interface VersionOperationDeps {
  store: EmbeddedStore;
  ready: () => Promise<void>;
  owner: (accountId: string) => T.Owner;
}

/** The version id S3 reports for an object: its own, or "null" in a bucket that has had versioning turned on. */
export function versionIdOf(b: { versioning: string | null }, obj: Pick<StoredObject, 'versionId'>): string | undefined {
  return obj.versionId ?? (b.versioning ? 'null' : undefined);
}

export function createVersionOperations(deps: VersionOperationDeps) {
  const { store, ready, owner } = deps;

  /** GOVERNANCE retention gives way only to a caller allowed s3:BypassGovernanceRetention who asked for it. */
  async function mayBypassGovernance(ctx: RequestContext, b: BucketAccessFields, key: string, asked: boolean | undefined): Promise<boolean> {
    return asked === true && (await callerMay(ctx, 's3:BypassGovernanceRetention', objectArn(b.name, key), b));
  }

  const operations = {
    async listObjectVersions(_ctx: RequestContext, input: T.ListObjectVersionsRequest): Promise<T.ListObjectVersionsOutput> {
      await ready();
      const maxKeys = input.MaxKeys ?? 1000;
      if (maxKeys < 0) throw s3Errors.invalidArgument('Argument maxKeys must be an integer between 0 and 2147483647', 'max-keys', String(maxKeys));
      const b = await store.bucket(input.Bucket);
      const page = await store.listVersions(input.Bucket, { prefix: input.Prefix, delimiter: input.Delimiter, keyMarker: input.KeyMarker, versionIdMarker: input.VersionIdMarker, maxKeys });
      const who = owner(b.account_id);
      const versions = page.entries.filter((e) => !e.isDeleteMarker).map((e) => versionEntry(e, who));
      const markers = page.entries.filter((e) => e.isDeleteMarker).map((e): T.DeleteMarkerEntry => ({ Owner: who, Key: e.row.key, VersionId: e.versionId, IsLatest: e.isLatest, LastModified: new Date(Number(e.row.last_modified)) }));
      return {
        Name: input.Bucket,
        Prefix: input.Prefix ?? '',
        Delimiter: input.Delimiter,
        KeyMarker: input.KeyMarker ?? '',
        VersionIdMarker: input.VersionIdMarker ?? '',
        MaxKeys: maxKeys,
        EncodingType: input.EncodingType,
        IsTruncated: page.truncated,
        NextKeyMarker: page.nextKeyMarker,
        NextVersionIdMarker: page.nextVersionIdMarker,
        Versions: versions.length ? versions : undefined,
        DeleteMarkers: markers.length ? markers : undefined,
        CommonPrefixes: page.commonPrefixes.length ? page.commonPrefixes.map((p) => ({ Prefix: p })) : undefined,
      };
    },
  };
  return { operations, mayBypassGovernance };
}

function versionEntry(e: ListedVersion, who: T.Owner): T.ObjectVersion {
  return {
    Key: e.row.key,
    VersionId: e.versionId,
    IsLatest: e.isLatest,
    LastModified: new Date(Number(e.row.last_modified)),
    ETag: e.row.etag,
    Size: Number(e.row.size),
    StorageClass: e.row.storage_class as T.ObjectVersionStorageClass,
    Owner: who,
  };
}
