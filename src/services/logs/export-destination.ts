/**
 * Where export tasks write: a bucket in the account's storage. `ExportDestination` is all an export needs; it is
 * built from the storage part (`exportDestinationFromStorage`: the embedded store, or the account's bound external
 * S3 endpoint) or, where storage is not at hand, from the S3 provider's typed methods
 * (`exportDestinationFromS3Provider`, service to service, never HTTP).
 */
import { Readable } from 'node:stream';
import { HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { RequestContext } from '../../common/index.js';
import { authorizeServicePrincipal } from '../../iam/index.js';
import { createS3Client, toStorageError, type Storage } from '../../storage/index.js';
import type { ProviderRegistry } from '../types.js';

export type BucketProblem = 'NoSuchBucket' | 'WrongRegion' | 'AccessDenied';

/** What is exported: the log group (aws:SourceArn) and the key prefix the files go under. */
export interface ExportSource {
  logGroupName: string;
  prefix: string;
}

/** CloudWatch Logs writes exports as its regional service principal, which the bucket policy must name. */
export const logsServicePrincipal = (region: string) => `logs.${region}.amazonaws.com`;

export interface ExportDestination {
  /** Why the account cannot export to the bucket, or undefined when it can. */
  checkBucket(ctx: RequestContext, bucket: string, source: ExportSource): Promise<BucketProblem | undefined>;
  putObject(ctx: RequestContext, bucket: string, key: string, body: Buffer, contentEncoding?: string): Promise<void>;
}

export function exportDestinationFromStorage(storage: Storage): ExportDestination {
  const external = async (accountId: string) => storage.bindings.get(accountId);
  return {
    async checkBucket(ctx, bucket, source) {
      const ep = await external(ctx.accountId);
      if (ep) {
        try {
          await createS3Client(ep).send(new HeadBucketCommand({ Bucket: bucket }));
          return undefined;
        } catch (err) {
          const reason = toStorageError(err, 'HeadBucket', bucket).reason;
          return reason === 'AccessDenied' ? 'AccessDenied' : reason === 'WrongRegion' ? 'WrongRegion' : 'NoSuchBucket';
        }
      }
      const b = await storage.embedded.findBucket(bucket);
      if (!b) return 'NoSuchBucket';
      if (b.region !== ctx.region) return 'WrongRegion';
      // As in AWS, the bucket policy must let logs.<region>.amazonaws.com read the bucket ACL and put objects with
      // bucket-owner-full-control, for this account and log group — whoever owns the bucket.
      const prefix = source.prefix ? `${source.prefix}/` : '';
      const checks = [
        { action: 's3:GetBucketAcl', resource: `arn:aws:s3:::${bucket}` },
        { action: 's3:PutObject', resource: `arn:aws:s3:::${bucket}/${prefix}aws-logs-write-test`, context: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      ];
      for (const c of checks) {
        const decision = authorizeServicePrincipal({
          service: logsServicePrincipal(ctx.region),
          ...c,
          sourceAccount: ctx.accountId,
          sourceArn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${source.logGroupName}`,
          bucket: { ownerAccountId: b.account_id, policy: b.policy ?? undefined },
          now: ctx.clock.now(),
        });
        if (!decision.allowed) return 'AccessDenied';
      }
      return undefined;
    },
    async putObject(ctx, bucket, key, body, contentEncoding) {
      const ep = await external(ctx.accountId);
      if (ep) {
        await createS3Client(ep).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentEncoding: contentEncoding }));
        return;
      }
      await storage.embedded.putObject(bucket, key, Readable.from([body]), { headers: { ContentEncoding: contentEncoding, ContentType: 'application/octet-stream' }, acl: 'bucket-owner-full-control' });
    },
  };
}

export function exportDestinationFromS3Provider(providers: ProviderRegistry): ExportDestination {
  const s3 = () => {
    const p = providers.s3;
    if (!p?.headBucket || !p.putObject) throw new Error('the S3 service is not available for log exports');
    return p;
  };
  return {
    async checkBucket(ctx, bucket) {
      // Only Sift's own S3 provider is behind this: its headBucket answers for the caller's own buckets.
      try {
        const out = (await s3().headBucket!(ctx, { Bucket: bucket })) as { BucketRegion?: string };
        return out.BucketRegion && out.BucketRegion !== ctx.region ? 'WrongRegion' : undefined;
      } catch (err) {
        const code = (err as { code?: string }).code;
        return code === 'AccessDenied' ? 'AccessDenied' : 'NoSuchBucket';
      }
    },
    async putObject(ctx, bucket, key, body, contentEncoding) {
      await s3().putObject!(ctx, { Bucket: bucket, Key: key, Body: Readable.from([body]), ContentLength: body.length, ContentEncoding: contentEncoding });
    },
  };
}
