// GetObjectAttributes (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html): HeadObject and
// ListParts in one call. It needs s3:GetObject and s3:GetObjectAttributes (with a versionId, s3:GetObjectVersion and
// s3:GetObjectVersionAttributes): the gateway checks the second, this operation the first. The ETag is sent without
// quotes; ObjectParts lists parts only for a multipart object uploaded with an additional checksum, as S3 does.
import type { RequestContext } from '../../common/context.js';
import type * as T from '../../models/s3/index.js';
import { createChecksum } from '../../protocol/index.js';
import { parseCustomerKey, s3Errors, sseCKekForRead, type CompositeDigest, type EmbeddedStore, type StoredObject } from '../../storage/index.js';
import { accessDenied, callerMay, objectArn } from './access.js';
import { versionIdOf } from './versions.js';

/** The digest the store combines part checksums with (S3's COMPOSITE checksums). */
export const compositeDigest: CompositeDigest = (algorithm, data) => {
  const c = createChecksum(algorithm);
  if (!c) return undefined;
  c.update(data);
  return c.digest();
};

const MAX_PARTS = 1000;

function checksumOf(obj: StoredObject): T.Checksum | undefined {
  const entries = Object.entries(obj.checksums);
  if (!entries.length) return undefined;
  const out: Record<string, string> = {};
  for (const [alg, v] of entries) out[`Checksum${alg.toUpperCase()}`] = v;
  return { ...out, ChecksumType: entries.some(([, v]) => /-\d+$/.test(v)) ? 'COMPOSITE' : 'FULL_OBJECT' } as T.Checksum;
}

function partsOf(obj: StoredObject, marker: number, maxParts: number): T.GetObjectAttributesParts | undefined {
  if (!obj.partsCount) return undefined;
  const out: T.GetObjectAttributesParts = { TotalPartsCount: obj.partsCount };
  const alg = Object.keys(obj.checksums)[0];
  if (!alg || !obj.segments.every((s) => s.c)) return out;
  const all = obj.segments.map((s, i) => ({ PartNumber: i + 1, Size: s.n, [`Checksum${alg.toUpperCase()}`]: s.c }) as T.ObjectPart);
  const page = all.filter((p) => p.PartNumber! > marker).slice(0, maxParts);
  const truncated = page.length > 0 && page[page.length - 1]!.PartNumber! < all.length;
  return {
    ...out,
    PartNumberMarker: marker,
    MaxParts: maxParts,
    IsTruncated: truncated,
    ...(page.length ? { NextPartNumberMarker: page[page.length - 1]!.PartNumber } : {}),
    Parts: page,
  };
}

export function createObjectAttributesOperation(deps: { store: EmbeddedStore; ready: () => Promise<void>; readableObject(ctx: RequestContext, bucket: string, key: string, versionId?: string): Promise<StoredObject> }) {
  const { store, ready } = deps;
  return async function getObjectAttributes(ctx: RequestContext, input: T.GetObjectAttributesRequest): Promise<T.GetObjectAttributesOutput> {
    await ready();
    const bucket = await store.bucket(input.Bucket);
    const read = input.VersionId !== undefined ? 's3:GetObjectVersion' : 's3:GetObject';
    if (!(await callerMay(ctx, read, objectArn(input.Bucket, input.Key), bucket))) throw accessDenied();
    const maxParts = input.MaxParts ?? MAX_PARTS;
    if (!Number.isInteger(maxParts) || maxParts < 0) throw s3Errors.invalidArgument('Argument max-parts must be an integer between 0 and 2147483647', 'max-parts', String(maxParts));
    const marker = input.PartNumberMarker ?? 0;
    if (!Number.isInteger(marker) || marker < 0) throw s3Errors.invalidArgument('Argument part-number-marker must be an integer between 0 and 2147483647', 'part-number-marker', String(marker));
    const wanted = new Set(input.ObjectAttributes);
    const obj = await deps.readableObject(ctx, input.Bucket, input.Key, input.VersionId);
    // An SSE-C object's attributes need its key, as HEAD does.
    sseCKekForRead(obj.encryption, parseCustomerKey(input, undefined, false));
    return {
      LastModified: obj.lastModified,
      VersionId: versionIdOf(bucket, obj),
      ...(wanted.has('ETag') ? { ETag: obj.etag.replace(/"/g, '') } : {}),
      ...(wanted.has('Checksum') ? { Checksum: checksumOf(obj) } : {}),
      ...(wanted.has('ObjectParts') ? { ObjectParts: partsOf(obj, marker, Math.min(maxParts, MAX_PARTS)) } : {}),
      ...(wanted.has('StorageClass') ? { StorageClass: obj.storageClass as T.StorageClass } : {}),
      ...(wanted.has('ObjectSize') ? { ObjectSize: obj.size } : {}),
    };
  };
}
