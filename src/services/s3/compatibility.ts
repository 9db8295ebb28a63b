// What Sift's S3 does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { kind: 'differs', text: 'Objects are always encrypted at rest (SSE-S3, AES256) whatever the request says; SSE-KMS keys come from Sift\'s own KMS.' },
  { operation: 'PutObject', kind: 'not-implemented', text: 'DSSE-KMS (`aws:kms:dsse`) encryption.' },
  { operation: 'PutBucketEncryption', kind: 'not-implemented', text: 'DSSE-KMS (`aws:kms:dsse`) as a bucket default.' },
  { operation: 'PutBucketVersioning', kind: 'not-implemented', text: 'MFA Delete (`MFADelete: Enabled`, `x-amz-mfa`).' },
  { operation: 'PutObject', kind: 'not-implemented', text: '`If-None-Match` other than `*`.' },
  { operation: 'DeleteObject', kind: 'not-implemented', text: '`x-amz-if-match-last-modified-time` and `x-amz-if-match-size`.' },
  { operation: 'RestoreObject', kind: 'not-implemented', text: 'Restore requests of type `SELECT`.' },
  { operation: 'CreateBucket', kind: 'differs', text: 'New buckets have all four Block Public Access settings on and `BucketOwnerEnforced`, as S3 does since April 2023; a public ACL at creation answers `InvalidBucketAclWithBlockPublicAccessError`.' },
  { operation: 'HeadObject', kind: 'differs', text: '`x-amz-object-lock-legal-hold` is sent only while a legal hold is ON; S3 also sends OFF for a version whose hold was released.' },
  { operation: 'GetObject', kind: 'differs', text: '`x-amz-object-lock-legal-hold` is sent only while a legal hold is ON; S3 also sends OFF for a version whose hold was released.' },
  { operation: 'GetObjectAttributes', kind: 'differs', text: 'A multipart upload made with CRC64NVME (full-object checksums only) keeps no object checksum: `Checksum` is absent and `ObjectParts` gives `TotalPartsCount` only.' },
  { operation: 'SelectObjectContent', kind: 'not-implemented', text: 'Parquet input, `BZIP2` compression, `CAST` to `TIMESTAMP` and the date functions (`DATE_ADD`, `DATE_DIFF`, `EXTRACT`, `TO_STRING`, `TO_TIMESTAMP`, `UTCNOW`).' },
  { operation: 'SelectObjectContent', kind: 'differs', text: 'CSV text compared or computed with a number is read as a number (non-numeric text compares as unknown); `[*]` wildcards are accepted in the FROM path only; under `ScanRange` a CSV record preceded by comment lines is taken to start where those comment lines start.' },
  { operation: 'PutBucketLifecycleConfiguration', kind: 'differs', text: 'A transition changes the version\'s storage class only (the bytes stay on the same volume); GLACIER and DEEP_ARCHIVE versions then need RestoreObject, as in S3.' },
  { operation: 'PutBucketLifecycleConfiguration', kind: 'differs', text: 'Rules are carried out by a sweep each hour of server time (S3: once a day), at or after the midnight UTC an action is due.' },
  { operation: 'PutBucketLogging', kind: 'not-implemented', text: '`TargetGrants` on a target bucket that uses ACLs (S3 refuses them on `BucketOwnerEnforced` targets, as Sift does).' },
  { operation: 'PutBucketLogging', kind: 'differs', text: 'Log objects are delivered once the oldest record is 5 minutes old; the host id, cipher suite and TLS version fields are `-`; a presigned URL’s signature and session token are written `REDACTED` in the Request-URI; records of a process killed within 20 ms of the response are lost.' },
  { operation: 'PutBucketReplication', kind: 'not-implemented', text: '`SourceSelectionCriteria` (SSE-KMS objects, replica modification sync), `Destination.EncryptionConfiguration`, Replication Time Control and metrics, `ExistingObjectReplication` Enabled.' },
  { operation: 'PutBucketReplication', kind: 'differs', text: 'Replicas are written only to buckets this Sift holds (any Region it holds them in); a destination it does not hold makes the version FAILED. SSE-KMS objects are FAILED rather than left unreplicated (SSE-C objects are replicated, read with the same customer key). Later ACL or retention changes on a replicated version are not replicated (tag changes are).' },
  { operation: 'PutBucketWebsite', kind: 'differs', text: 'The website endpoint answers Host `<bucket>.s3-website-<region>.<domain>` and `<bucket>.s3-website.<region>.<domain>` for `amazonaws.com` and Sift\'s virtual-host domains, over HTTP on Sift\'s port; its requests are not CloudTrail data events. Objects under SSE-KMS or SSE-C keys answer 403.' },
];
