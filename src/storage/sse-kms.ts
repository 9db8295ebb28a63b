// SSE-KMS for the embedded store, as S3 does it: S3 asks KMS, for the caller, for a data key under the object's KMS
// key (kms:GenerateDataKey to write, kms:Decrypt to read), with the encryption context `aws:s3:arn` (the object's
// ARN, or the bucket's with an S3 Bucket Key). That KMS data key is the object's key-encryption key: it wraps the
// per-file data keys (object-cipher.ts), and only its KMS-wrapped form is stored with the object. A disabled or
// deleted KMS key, or a caller KMS refuses, makes the object unreadable with S3's answer for it.
import { ServiceError, type RequestContext } from '../common/index.js';
import type { ObjectEncryption } from './types.js';

/**
 * Who KMS is asked for: the caller of an S3 request (through S3), Macie's service-linked role reading for a job, or
 * an AWS service principal writing for an account (Macie's discovery results), which only the key policy can allow.
 */
export type KmsRequester =
  | { ctx: RequestContext }
  | { macieFor: { accountId: string; region: string } }
  | { service: { name: string; accountId: string; region: string; sourceArn?: string } };

/** The KMS operations S3 uses, implemented by the KMS service and authorized against the key policy. */
export interface ObjectKms {
  /** kms:GenerateDataKey: a 256-bit key in clear and wrapped (base64), and the KMS key's ARN. */
  generate(requester: KmsRequester, keyId: string, context: Record<string, string>): Promise<{ plaintext: Buffer; blob: string; keyArn: string }>;
  /** kms:Decrypt of a wrapped key. */
  open(requester: KmsRequester, blob: string, context: Record<string, string>): Promise<Buffer>;
  /** kms:DescribeKey: the ARN of the key `keyId` names (an AWS managed aws/s3 key is created on first use). */
  describe(requester: KmsRequester, keyId: string): Promise<string>;
}

/** S3's encryption context for an object's data key. */
export function s3EncryptionContext(bucket: string, key: string, bucketKeyEnabled?: boolean): Record<string, string> {
  return { 'aws:s3:arn': bucketKeyEnabled ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}` };
}

/** The encryption of a new SSE-KMS object and its key-encryption key. `keyId` absent: the AWS managed key aws/s3. */
export async function sseKmsForWrite(
  kms: ObjectKms,
  requester: KmsRequester,
  target: { bucket: string; key: string },
  options: { keyId?: string; bucketKeyEnabled?: boolean },
): Promise<{ encryption: ObjectEncryption; kek: Buffer }> {
  const context = s3EncryptionContext(target.bucket, target.key, options.bucketKeyEnabled);
  const { plaintext, blob, keyArn } = await kms.generate(requester, options.keyId ?? 'alias/aws/s3', context);
  return {
    encryption: { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn, ...(options.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}), KmsDataKey: blob },
    kek: plaintext,
  };
}

/** The key-encryption key of an SSE-KMS object, opened by KMS for `requester`. */
export async function sseKmsKek(kms: ObjectKms, requester: KmsRequester, obj: { bucket: string; key: string; encryption?: ObjectEncryption }): Promise<Buffer> {
  const e = obj.encryption;
  if (!e?.KmsDataKey) throw new ServiceError('InternalError', 'We encountered an internal error. Please try again.', 500, 'server');
  return kms.open(requester, e.KmsDataKey, s3EncryptionContext(obj.bucket, obj.key, e.BucketKeyEnabled));
}

/** KMS's refusals as S3 reports them: AccessDenied (403), else `KMS.<code>` with KMS's message. */
export function kmsErrorForS3(err: unknown): unknown {
  if (!(err instanceof ServiceError) || err.code.startsWith('KMS.')) return err;
  if (err.code === 'AccessDeniedException') return new ServiceError('AccessDenied', err.message, 403);
  if (err.fault === 'server') return err;
  return new ServiceError(`KMS.${err.code}`, err.message, 400);
}
