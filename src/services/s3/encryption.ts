// Which encryption an S3 write gets and which key opens an object on a read, for the embedded store:
//   - SSE-C (x-amz-server-side-encryption-customer-*): the customer's key, checked on every read (storage/sse-c.ts);
//   - SSE-KMS (aws:kms, explicitly or as the bucket default): a data key from KMS for the caller, under the named key
//     or the AWS managed aws/s3 (storage/sse-kms.ts); the caller needs kms:GenerateDataKey to write and kms:Decrypt
//     to read, as S3 documents;
//   - otherwise SSE-S3 (the store's own key). DSSE-KMS is not implemented and answers so.
import type { RequestContext } from '../../common/index.js';
import {
  kmsErrorForS3,
  parseCustomerKey,
  s3Errors,
  sseCErrors,
  sseCForWrite,
  sseCKekForRead,
  sseKmsForWrite,
  sseKmsKek,
  type EncryptionRule,
  type ObjectEncryption,
  type ObjectKms,
  type SseCHeaders,
} from '../../storage/index.js';

export interface WriteEncryptionInput extends SseCHeaders {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

const ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

/** The bucket's default rule, from its stored configuration. */
export function bucketDefault(encryptionJson: string | null): { rule?: EncryptionRule; bucketKeyEnabled?: boolean } {
  if (!encryptionJson) return {};
  const first = (JSON.parse(encryptionJson) as { Rules?: { ApplyServerSideEncryptionByDefault?: EncryptionRule; BucketKeyEnabled?: boolean }[] }).Rules?.[0];
  return { rule: first?.ApplyServerSideEncryptionByDefault, bucketKeyEnabled: first?.BucketKeyEnabled };
}

async function viaKms<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw kmsErrorForS3(err);
  }
}

/** The encryption and key-encryption key of a new object (undefined: SSE-S3 with the store's key). */
export async function encryptionForWrite(
  ctx: RequestContext,
  kms: ObjectKms | undefined,
  target: { bucket: string; key: string; bucketEncryption: string | null },
  input: WriteEncryptionInput,
): Promise<{ encryption?: ObjectEncryption; kek?: Buffer }> {
  const customer = parseCustomerKey(input);
  if (customer) {
    if (input.ServerSideEncryption) throw sseCErrors.incompatible();
    return sseCForWrite(customer);
  }
  let sse = input.ServerSideEncryption;
  let keyId = input.SSEKMSKeyId;
  let bucketKey = input.BucketKeyEnabled;
  if (sse !== undefined && !ALGORITHMS.includes(sse)) throw s3Errors.invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', sse);
  if (keyId !== undefined && sse !== 'aws:kms' && sse !== 'aws:kms:dsse') {
    throw s3Errors.invalidArgument('Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', 'x-amz-server-side-encryption', sse ?? 'null');
  }
  if (sse === undefined) {
    const d = bucketDefault(target.bucketEncryption);
    sse = d.rule?.SSEAlgorithm ?? 'AES256';
    keyId = d.rule?.KMSMasterKeyID;
    bucketKey = input.BucketKeyEnabled ?? d.bucketKeyEnabled;
  }
  if (sse === 'aws:kms:dsse') throw s3Errors.encryptionNotImplemented('DSSE-KMS (aws:kms:dsse)');
  if (sse === 'AES256') return { encryption: { ServerSideEncryption: 'AES256' } };
  if (!kms) throw s3Errors.encryptionNotImplemented('SSE-KMS (no KMS service)');
  return viaKms(() => sseKmsForWrite(kms, { ctx }, target, { ...(keyId !== undefined ? { keyId } : {}), ...(bucketKey ? { bucketKeyEnabled: true } : {}) }));
}

/** The key-encryption key a read of `obj` needs: the customer's key (SSE-C), KMS's (SSE-KMS), else the store's. */
export async function kekForRead(ctx: RequestContext, kms: ObjectKms | undefined, obj: { bucket: string; key: string; encryption?: ObjectEncryption }, input: SseCHeaders, prefix?: string): Promise<Buffer | undefined> {
  const customer = parseCustomerKey(input, prefix, false);
  const kek = sseCKekForRead(obj.encryption, customer);
  if (kek) return kek;
  if (!obj.encryption?.KmsDataKey) return undefined;
  if (!kms) throw s3Errors.encryptionNotImplemented('SSE-KMS (no KMS service)');
  return viaKms(() => sseKmsKek(kms, { ctx }, obj));
}

/** The encryption headers S3 returns for an object: SSE-C's algorithm and key MD5, or the SSE and KMS key. */
export function encryptionHeaders(e: ObjectEncryption | undefined): Record<string, unknown> {
  if (!e) return {};
  if (e.SSECustomerKeyVerifier !== undefined) return { SSECustomerAlgorithm: e.SSECustomerAlgorithm, SSECustomerKeyMD5: e.SSECustomerKeyMD5 };
  return { ServerSideEncryption: e.ServerSideEncryption, ...(e.SSEKMSKeyId ? { SSEKMSKeyId: e.SSEKMSKeyId } : {}), ...(e.BucketKeyEnabled ? { BucketKeyEnabled: true } : {}) };
}
