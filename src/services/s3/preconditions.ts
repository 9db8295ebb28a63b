// Conditional writes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html):
// If-None-Match: * (write only when the key has no object) and If-Match: <etag> (only over that object) on PutObject
// and CompleteMultipartUpload, If-Match on DeleteObject. A condition that fails when the request arrives is 412
// PreconditionFailed; If-Match on a key with no object is 404 NoSuchKey. The condition is checked again in the
// transaction that commits the write: a write that finished first makes this one 412, and an object deleted while
// this request was in flight is 409 ConditionalRequestConflict (the client should retry).
import { ServiceError } from '../../common/index.js';
import { s3Errors, type StoredObject } from '../../storage/index.js';

export interface WriteConditions {
  IfMatch?: string;
  IfNoneMatch?: string;
}

const normalize = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
const matches = (header: string, etag: string) => header.split(',').some((t) => normalize(t) === '*' || normalize(t) === normalize(etag));

export const conditionalRequestConflict = () =>
  new ServiceError('ConditionalRequestConflict', 'The conditional request cannot succeed due to a conflicting operation against this resource.', 409);

/** Refuses what S3 does not accept: If-None-Match with anything but `*`. */
export function checkWriteConditionHeaders(c: WriteConditions): void {
  if (c.IfNoneMatch !== undefined && c.IfNoneMatch.trim() !== '*') throw s3Errors.notImplemented('If-None-Match other than *', 'If-None-Match');
}

/** The check when the request arrives. */
export function checkWriteConditions(c: WriteConditions, key: string, current: Pick<StoredObject, 'etag'> | undefined): void {
  if (c.IfNoneMatch !== undefined && current) throw s3Errors.preconditionFailed('If-None-Match');
  if (c.IfMatch !== undefined) {
    if (!current) throw s3Errors.noSuchKey(key);
    if (!matches(c.IfMatch, current.etag)) throw s3Errors.preconditionFailed('If-Match');
  }
}

/** The check inside the committing transaction: the object the condition was about vanished meanwhile is a conflict. */
export function commitCheck(c: WriteConditions, key: string): ((current: StoredObject | undefined) => void) | undefined {
  if (c.IfMatch === undefined && c.IfNoneMatch === undefined) return undefined;
  return (current) => {
    if (c.IfMatch !== undefined && !current) throw conditionalRequestConflict();
    checkWriteConditions(c, key, current);
  };
}
