// PutBucketLogging / GetBucketLogging over the bucket's `logging` column; the recorder and delivery carry it out.
import type { RequestContext } from '../../../common/context.js';
import type * as T from '../../../models/s3/index.js';
import type { EmbeddedStore } from '../../../storage/index.js';
import { validateLogging } from './config.js';

export function createLoggingOperations(deps: { store: EmbeddedStore; ready: () => Promise<void> }) {
  const { store, ready } = deps;
  return {
    async putBucketLogging(_ctx: RequestContext, input: T.PutBucketLoggingRequest): Promise<void> {
      await ready();
      const source = await store.bucket(input.Bucket);
      // An empty BucketLoggingStatus turns logging off.
      const enabled = await validateLogging(store, source, input.BucketLoggingStatus);
      await store.setBucketField(input.Bucket, 'logging', enabled ? JSON.stringify(enabled) : null);
    },
    async getBucketLogging(_ctx: RequestContext, input: T.GetBucketLoggingRequest): Promise<T.GetBucketLoggingOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      return b.logging ? { LoggingEnabled: JSON.parse(b.logging) as T.LoggingEnabled } : {};
    },
  };
}
