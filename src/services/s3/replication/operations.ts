// PutBucketReplication, GetBucketReplication, DeleteBucketReplication. The gateway authorizes
// s3:PutReplicationConfiguration / s3:GetReplicationConfiguration and iam:PassRole on the configuration's Role.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../../common/context.js';
import { ServiceError } from '../../../common/index.js';
import type * as T from '../../../models/s3/index.js';
import { s3Errors, type EmbeddedStore } from '../../../storage/index.js';
import { validateReplicationConfiguration } from './config.js';

export const replicationNotFound = (bucket: string) => new ServiceError('ReplicationConfigurationNotFoundError', 'The replication configuration was not found', 404, 'client', { BucketName: bucket });

/** `carriedOut` false: this process has no replicator (no IAM roles to act with), so configurations are refused. */
export function createReplicationOperations(deps: { store: EmbeddedStore; ready: () => Promise<void>; carriedOut: boolean }) {
  const { store, ready } = deps;
  return {
    async putBucketReplication(_ctx: RequestContext, input: T.PutBucketReplicationRequest): Promise<void> {
      await ready();
      if (!deps.carriedOut) throw s3Errors.notImplemented('replication without a replicator', 'ReplicationConfiguration');
      const b = await store.bucket(input.Bucket);
      const config = await validateReplicationConfiguration(input.ReplicationConfiguration, {
        sourceBucket: input.Bucket,
        sourceVersioning: b.versioning,
        destinationVersioning: async (name) => {
          const d = await store.findBucket(name);
          return d ? d.versioning : undefined;
        },
        // S3 gives a rule without an ID a random one.
        newId: () => randomUUID().replace(/-/g, '').slice(0, 48),
      });
      await store.setBucketField(input.Bucket, 'replication', JSON.stringify(config));
    },
    async getBucketReplication(_ctx: RequestContext, input: T.GetBucketReplicationRequest): Promise<T.GetBucketReplicationOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.replication) throw replicationNotFound(input.Bucket);
      return { ReplicationConfiguration: JSON.parse(b.replication) as T.ReplicationConfiguration };
    },
    async deleteBucketReplication(_ctx: RequestContext, input: T.DeleteBucketReplicationRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'replication', null);
    },
  };
}
