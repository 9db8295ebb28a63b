// PutBucketWebsite, GetBucketWebsite, DeleteBucketWebsite: the configuration the website endpoint (serve.ts) answers from.
import type { RequestContext } from '../../../common/context.js';
import { ServiceError } from '../../../common/index.js';
import type * as T from '../../../models/s3/index.js';
import type { EmbeddedStore } from '../../../storage/index.js';
import { validateWebsiteConfiguration } from './config.js';

const noSuchWebsiteConfiguration = (bucket: string) => new ServiceError('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', 404, 'client', { BucketName: bucket });

export function createWebsiteOperations(deps: { store: EmbeddedStore; ready: () => Promise<void> }) {
  const { store, ready } = deps;
  return {
    async putBucketWebsite(_ctx: RequestContext, input: T.PutBucketWebsiteRequest): Promise<void> {
      await ready();
      await store.bucket(input.Bucket);
      await store.setBucketField(input.Bucket, 'website', JSON.stringify(validateWebsiteConfiguration(input.WebsiteConfiguration)));
    },
    async getBucketWebsite(_ctx: RequestContext, input: T.GetBucketWebsiteRequest): Promise<T.GetBucketWebsiteOutput> {
      await ready();
      const b = await store.bucket(input.Bucket);
      if (!b.website) throw noSuchWebsiteConfiguration(input.Bucket);
      return JSON.parse(b.website) as T.GetBucketWebsiteOutput;
    },
    async deleteBucketWebsite(_ctx: RequestContext, input: T.DeleteBucketWebsiteRequest): Promise<void> {
      await ready();
      await store.setBucketField(input.Bucket, 'website', null);
    },
  };
}
