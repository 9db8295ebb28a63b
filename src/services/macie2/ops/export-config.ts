// PutClassificationExportConfiguration / GetClassificationExportConfiguration: where an account's sensitive data
// discovery results go (bucket, key prefix, KMS key), per account and region, and the sink the jobs write them through.
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Kysely } from 'kysely';
import type { Macie2Api, ClassificationExportConfiguration } from '../../../models/macie2/index.js';
import { errors } from '../../../models/macie2/index.js';
import type { Database } from '../../../store/index.js';
import { createS3Client, sseKmsForWrite, StorageError, type ObjectKms, type Storage } from '../../../storage/index.js';
import type { Logger } from '../../../common/index.js';
import type { DiscoveryResultsSink, ResultsDestination } from '../../../jobs/index.js';
import type { ResultSigner } from '../reveal/result-signature.js';
import { exportConfigurationArn, macieResultsWriteProblem } from './results-access.js';

const NAMESPACE = 'macie-classification-export';
const keyOf = (accountId: string, region: string) => `${accountId}/${region}`;

export async function readExportConfig(db: Kysely<Database>, accountId: string, region: string): Promise<ClassificationExportConfiguration | undefined> {
  const row = await db.selectFrom('kv').select('value').where('namespace', '=', NAMESPACE).where('key', '=', keyOf(accountId, region)).executeTakeFirst();
  return row ? (JSON.parse(row.value) as ClassificationExportConfiguration) : undefined;
}

const MACIE = 'macie.amazonaws.com';

/**
 * Whether Macie may encrypt results with the key: it exists, is enabled, and its key policy lets macie.amazonaws.com
 * generate data keys (Macie's documented key policy statement). Macie's answers when it may not.
 */
async function checkResultsKey(kms: ObjectKms, accountId: string, region: string, kmsKeyArn: string): Promise<void> {
  try {
    await kms.generate({ service: { name: MACIE, accountId, region, sourceArn: exportConfigurationArn(region, accountId) } }, kmsKeyArn, {});
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'NotFoundException') throw new errors.ValidationException(`The KMS key ${kmsKeyArn} doesn't exist.`);
    if (code === 'DisabledException' || code === 'KMSInvalidStateException') throw new errors.ValidationException(`The KMS key ${kmsKeyArn} isn't enabled.`);
    if (code === 'AccessDeniedException') throw new errors.AccessDeniedException(`Macie isn't allowed to use the KMS key ${kmsKeyArn}.`);
    throw err;
  }
}

export const exportConfigOps = (deps: { db: Kysely<Database>; storage?: Storage; kms?: ObjectKms }) =>
  ({
    async putClassificationExportConfiguration(ctx, input) {
      const dest = input.configuration.s3Destination;
      if (!dest) throw new errors.ValidationException('The configuration must specify an s3Destination.');
      if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(dest.kmsKeyArn)) {
        throw new errors.ValidationException('The kmsKeyArn must be the ARN of a KMS key or alias.');
      }
      if (deps.storage) {
        // Macie checks that it can reach the bucket before it accepts the configuration.
        try {
          const config = await (await deps.storage.forAccount(ctx.accountId)).getBucketConfiguration(dest.bucketName);
          if (dest.expectedBucketOwner && config.ownerAccountId !== dest.expectedBucketOwner) {
            throw new errors.AccessDeniedException(`The S3 bucket ${dest.bucketName} isn't owned by account ${dest.expectedBucketOwner}.`);
          }
          // Macie writes as its service principal: the bucket policy must let it, whoever owns the bucket.
          const problem = await macieResultsWriteProblem(deps.storage, {
            sourceAccount: ctx.accountId,
            sourceArn: exportConfigurationArn(ctx.region, ctx.accountId),
            bucket: dest.bucketName,
            keyPrefix: dest.keyPrefix ?? '',
            now: ctx.clock.now(),
          });
          if (problem === 'AccessDenied') throw new errors.AccessDeniedException(`Macie isn't allowed to access the S3 bucket ${dest.bucketName}.`);
        } catch (err) {
          if (err instanceof StorageError) {
            if (err.reason === 'NoSuchBucket') throw new errors.ValidationException(`The S3 bucket ${dest.bucketName} doesn't exist.`);
            if (err.reason === 'AccessDenied') throw new errors.AccessDeniedException(`Macie isn't allowed to access the S3 bucket ${dest.bucketName}.`);
          }
          throw err;
        }
      }
      if (deps.kms) await checkResultsKey(deps.kms, ctx.accountId, ctx.region, dest.kmsKeyArn);
      const configuration: ClassificationExportConfiguration = { s3Destination: { ...dest, keyPrefix: dest.keyPrefix ?? '' } };
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('kv').where('namespace', '=', NAMESPACE).where('key', '=', keyOf(ctx.accountId, ctx.region)).execute();
        await trx.insertInto('kv').values({ namespace: NAMESPACE, key: keyOf(ctx.accountId, ctx.region), value: JSON.stringify(configuration) }).execute();
      });
      return { configuration };
    },

    async getClassificationExportConfiguration(ctx) {
      const configuration = await readExportConfig(deps.db, ctx.accountId, ctx.region);
      return configuration ? { configuration } : {};
    },
  }) satisfies Partial<Macie2Api>;

/**
 * Writes discovery results into the configured bucket: the embedded store, or the account's bound external endpoint.
 * Each file is signed (reveal refuses a result whose signature does not match).
 */
export function discoveryResultsSink(deps: { db: Kysely<Database>; storage: Storage; signer: ResultSigner; kms?: ObjectKms; logger?: Logger; now?: () => Date }): DiscoveryResultsSink {
  return {
    async destination(accountId, region, sourceArn): Promise<ResultsDestination | undefined> {
      const dest = (await readExportConfig(deps.db, accountId, region))?.s3Destination;
      if (!dest) return undefined;
      // The bucket policy may have changed since the settings were saved: without Macie's grant nothing is written.
      const problem = await macieResultsWriteProblem(deps.storage, { sourceAccount: accountId, sourceArn, bucket: dest.bucketName, keyPrefix: dest.keyPrefix ?? '', ...(deps.now ? { now: deps.now() } : {}) });
      if (problem) {
        deps.logger?.warn('discovery results not written: the repository bucket refuses Macie', { accountId, region, bucket: dest.bucketName, sourceArn, problem });
        return undefined;
      }
      return { bucket: dest.bucketName, keyPrefix: dest.keyPrefix ?? '', kmsKeyArn: dest.kmsKeyArn, sourceArn, region };
    },
    async write(accountId, dest, key, body) {
      const Metadata = deps.signer.sign(body);
      const binding = await deps.storage.bindings.get(accountId);
      if (binding) {
        const sse = dest.kmsKeyArn ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: dest.kmsKeyArn } : {};
        await createS3Client(binding).send(new PutObjectCommand({ Bucket: dest.bucket, Key: key, Body: body, ContentType: 'application/gzip', Metadata, ...sse }));
        return;
      }
      // Results are written SSE-KMS with the configured key, Macie using the key as its service principal.
      const sse = dest.kmsKeyArn && deps.kms
        ? await sseKmsForWrite(deps.kms, { service: { name: MACIE, accountId, region: dest.region ?? 'us-east-1', ...(dest.sourceArn ? { sourceArn: dest.sourceArn } : {}) } }, { bucket: dest.bucket, key }, { keyId: dest.kmsKeyArn })
        : {};
      await deps.storage.embedded.putObject(dest.bucket, key, Readable.from([body]), { headers: { ContentType: 'application/gzip', Metadata }, ...sse });
    },
  };
}
