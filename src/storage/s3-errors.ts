// S3's own errors, worded as S3 words them, for the embedded store and the S3 provider. They are wire errors
// (ServiceError) because the provider passes them straight to clients; readers convert them to StorageError.
import { ServiceError } from '../common/errors.js';

const e = (code: string, message: string, status: number, fields: Record<string, unknown> = {}) => new ServiceError(code, message, status, 'client', fields);

export const s3Errors = {
  /** An encryption Sift does not carry out yet: refused rather than stored and reported as if applied. */
  encryptionNotImplemented: (what: string) => new ServiceError('NotImplemented', `Sift does not implement ${what} yet; objects are encrypted at rest with SSE-S3 (AES256).`, 501, 'server'),
  /** S3's answer to SSE-C parameters on an object that was not stored with SSE-C. */
  sseCNotApplicable: () => e('InvalidRequest', 'The encryption parameters are not applicable to this object.', 400),
  noSuchBucket: (bucket: string) => e('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) => e('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  /** The key's latest version is a delete marker: S3 says so in headers. */
  noSuchKeyDeleteMarker: (key: string, versionId: string) => e('NoSuchKey', 'The specified key does not exist.', 404, { Key: key, 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionId }),
  noSuchVersion: (key: string, versionId: string) => e('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId }),
  /** GET/HEAD (or a version-level call) naming a delete marker by its version id. */
  deleteMarkerNotAllowed: (versionId: string) =>
    e('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: 'GET', ResourceType: 'DeleteMarker', 'x-amz-delete-marker': 'true', 'x-amz-version-id': versionId, allow: 'DELETE' }),
  noSuchUpload: (uploadId: string) =>
    e('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, { UploadId: uploadId }),
  bucketNotEmpty: (bucket: string) => e('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  bucketAlreadyExists: (bucket: string) =>
    e('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409, { BucketName: bucket }),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    e('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket }),
  invalidBucketName: (bucket: string) => e('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  keyTooLong: (size: number) => e('KeyTooLongError', 'Your key is too long', 400, { MaxSizeAllowed: 1024, Size: size }),
  entityTooLarge: (size: number, max: number) => e('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: size, MaxSizeAllowed: max }),
  entityTooSmall: (size: number, min: number) => e('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, { ProposedSize: size, MinSizeAllowed: min }),
  invalidPart: (partNumber: number) =>
    e('InvalidPart', "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400, { PartNumber: partNumber }),
  invalidPartOrder: () => e('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400),
  malformedXml: () => e('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400),
  noSuchBucketPolicy: (bucket: string) => e('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket }),
  noEncryption: (bucket: string) => e('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404, { BucketName: bucket }),
  noPublicAccessBlock: (bucket: string) => e('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: bucket }),
  noSuchTagSet: (bucket: string) => e('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket }),
  noOwnershipControls: (bucket: string) => e('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404, { BucketName: bucket }),
  malformedPolicy: (detail: string) => e('MalformedPolicy', detail, 400),
  invalidTag: (detail: string) => e('InvalidTag', detail, 400),
  badRequest: (detail: string) => e('BadRequest', detail, 400),
  invalidArgument: (message: string, name?: string, value?: string) => e('InvalidArgument', message, 400, name ? { ArgumentName: name, ArgumentValue: value } : {}),
  invalidRequest: (message: string) => e('InvalidRequest', message, 400),
  invalidBucketState: (message: string) => e('InvalidBucketState', message, 409),
  /** A feature S3 has and Sift does not carry out: refused rather than accepted. */
  notImplemented: (what: string, header: string) => new ServiceError('NotImplemented', `A header you provided implies functionality that is not implemented (${what}).`, 501, 'server', { Header: header }),
  invalidRange: (size: number) => e('InvalidRange', 'The requested range is not satisfiable', 416, { ActualObjectSize: size }),
  preconditionFailed: (condition: string) => e('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition }),
  notModified: () => e('NotModified', 'Not Modified', 304),
  badDigest: () => e('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400),
  invalidLocationConstraint: () => e('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400),
  illegalLocationConstraint: (requested: string, endpointRegion: string) =>
    e('IllegalLocationConstraintException', `The ${requested} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400, { 'x-amz-bucket-region': endpointRegion }),
};

/** S3's bucket naming rules (general purpose buckets). */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || /\.-|-\./.test(name)) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name)) return false;
  return true;
}

export const MAX_KEY_BYTES = 1024;

