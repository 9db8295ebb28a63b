// PutBucketLifecycleConfiguration / GetBucketLifecycleConfiguration / DeleteBucketLifecycle over the bucket's
// `lifecycle` column; the sweeper (sweeper.ts) carries the rules out.
import type { RequestContext } from '../../../common/context.js';
import { ServiceError } from '../../../common/index.js';
import type * as T from '../../../models/s3/index.js';
import type { EmbeddedStore } from '../../../storage/index.js';
import { parseLifecycleColumn, validateLifecycleConfiguration } from './rules.js';

const noSuchLifecycleConfiguration = (bucket: string) => new ServiceError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, 'client', { BucketName: bucket });

export function createLifecycleOperations(deps: { store: EmbeddedStore; ready: () => Promise<void>; changed?: () => void }) {
  const { store, ready } = deps;
  return {
    async putBucketLifecycleConfiguration(_ctx: RequestContext, input: T.PutBucketLifecycleConfigurationRequest): Promise<T.PutBucketLifecycleConfigurationOutput> {
      await ready();
      await store.bucket(input.Bucket);
      const stored = validateLifecycleConfiguration(input.LifecycleConfiguration, input.TransitionDefaultMinimumObjectSize);
      await store.setBucketField(input.Bucket, 'lifecycle', JSON.stringify(stored));
      deps.changed?.();
      return { TransitionDefaultMinimumObjectSize: stored.TransitionDefaultMinimumObjectSize };
    },
    async getBucketLifecycleConfiguration(_ctx: RequestContext, input: T.GetBucketLifecycleConfigurationRequest): Promise<T.GetBucketLifecycleConfigurationOutput> {
      await ready();
      const config = parseLifecycleColumn((await store.bucket(input.Bucket)).lifecycle);
      if (!config) throw noSuchLifecycleConfiguration(input.Bucket);
      return { Rules: config.Rules, TransitionDefaultMinimumObjectSize: config.TransitionDefaultMinimumObjectSize };
    },
    async deleteBucketLifecycle(_ctx: RequestContext, input: T.DeleteBucketLifecycleRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'lifecycle', null);
    },
  };
}
