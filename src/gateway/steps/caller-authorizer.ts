// The caller's own authorizer, handed to providers through the request context: the same evaluation the authorize
// step runs for the operation, for the further permissions an operation needs on other resources (CopyObject's
// source, DeleteObjects' keys, a missing key's s3:ListBucket).
import type { CallerAuthorizer, RequestContext } from '../../common/index.js';
import { authorizeRequest, type ResolvedCredential } from '../../iam/index.js';

export function callerAuthorizer(ctx: RequestContext, credential: ResolvedCredential): CallerAuthorizer {
  return {
    async isAllowed(query) {
      return authorizeRequest({ ctx, credential, action: query.action, resource: query.resource, ...(query.resourcePolicy ? { resourcePolicy: query.resourcePolicy } : {}), ...(query.context ? { context: query.context } : {}) }).allowed;
    },
  };
}
