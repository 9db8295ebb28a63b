// ExpectedBucketOwner (x-amz-expected-bucket-owner) is accepted by almost every S3 operation: when the bucket belongs
// to another account the call fails with AccessDenied (403) before it acts. One wrapper checks it for every
// operation of the provider, so no operation can forget it. (CopyObject's x-amz-source-expected-bucket-owner is
// checked where the source is read.)
import type { RequestContext } from '../../common/index.js';
import type { EmbeddedStore } from '../../storage/index.js';
import { checkExpectedOwner } from './protections.js';

type Method = (ctx: RequestContext, input: any) => Promise<unknown>;

export function withExpectedOwnerChecks<P extends Record<string, Method>>(provider: P, store: Pick<EmbeddedStore, 'findBucket'>): P {
  const wrapped: Record<string, Method> = {};
  for (const [name, method] of Object.entries(provider)) {
    wrapped[name] = async (ctx, input) => {
      const expected = (input as { ExpectedBucketOwner?: string; Bucket?: string } | undefined)?.ExpectedBucketOwner;
      if (expected !== undefined && input.Bucket) {
        const b = await store.findBucket(input.Bucket);
        // A missing bucket is the operation's own NoSuchBucket.
        if (b) checkExpectedOwner(expected, b.account_id);
      }
      return method(ctx, input);
    };
  }
  return wrapped as P;
}
