// Calls made inside Sift on behalf of an account, held to the same rules as calls over HTTP: an AWS service acting
// as itself (Macie assuming a role to reveal samples) gets its input checked against the model and its call recorded
// in CloudTrail with `userIdentity.type` AWSService; a check of what another principal may do (a caller's or a
// role session's s3:GetObject) runs the same IAM evaluation as the authorize step.
import { ServiceError, type Clock, type IdSource, type RequestContext } from '../common/index.js';
import { authorizeRequest, type ResolvedCredential } from '../iam/index.js';
import type { ServiceSchema } from '../models/index.js';
import { assertValidInput, signingNameOf } from '../protocol/index.js';
import type { AuditTrail } from '../audit/index.js';
import type { ServiceCalls, ServiceRegistration } from '../services/types.js';
import { authorize } from './steps/authorize.js';
import { resourceType } from './chain.js';

export interface ServiceCallsDeps {
  schemas: Record<string, ServiceSchema>;
  services: Record<string, ServiceRegistration>;
  resolveCredential(accessKeyId: string): Promise<ResolvedCredential | undefined>;
  audit: AuditTrail;
  clock: Clock;
  ids: IdSource;
}

const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

export function createServiceCalls(deps: ServiceCallsDeps): ServiceCalls {
  return {
    async callAsService(invokedBy, accountId, region, service, operation, input) {
      const ctx: RequestContext = {
        accountId,
        region,
        principal: { type: 'AWSService', accountId, arn: invokedBy, principalId: invokedBy, invokedBy },
        requestId: deps.ids.uuid(),
        clock: deps.clock,
        sourceIp: invokedBy,
        userAgent: invokedBy,
      };
      // A service principal has no identity policies: the resource's own policy (a role's trust policy) decides, in the provider.
      return invoke(ctx, service, operation, input);
    },

    async callAs(accessKeyId, call, service, operation, input) {
      const reg = deps.services[service];
      if (!reg) throw new Error(`no such internal call: ${service}:${operation}`);
      const who = await holder(accessKeyId, call);
      if ('message' in who) throw new ServiceError('InvalidClientTokenId', who.message, 403);
      await authorize(reg, signingNameOf(service), operation, input, who.ctx, who.credential);
      return invoke(who.ctx, service, operation, input);
    },

    async mayCall(accessKeyId, call, service, operation, input) {
      const reg = deps.services[service];
      if (!reg) return { allowed: false, message: `no such service: ${service}` };
      const who = await holder(accessKeyId, call);
      if ('message' in who) return { allowed: false, message: who.message };
      const { credential, ctx } = who;
      try {
        await authorize(reg, signingNameOf(service), operation, input, ctx, credential);
        return { allowed: true };
      } catch (err) {
        if (err instanceof ServiceError) return { allowed: false, message: err.message };
        throw err;
      }
    },

    async mayPerform(accessKeyId, call, action, resource, context) {
      const who = await holder(accessKeyId, call);
      if ('message' in who) return { allowed: false, message: who.message };
      const decision = authorizeRequest({ ctx: who.ctx, credential: who.credential, action, resource, ...(context ? { context } : {}) });
      return decision.allowed ? { allowed: true } : { allowed: false, message: decision.message };
    },
  };

  /** Runs the provider's operation for `ctx` (input checked against the model) and records the call. */
  async function invoke(ctx: RequestContext, service: string, operation: string, input: unknown): Promise<unknown> {
    const schema = deps.schemas[service];
    const reg = deps.services[service];
    const method = reg?.provider[lowerFirst(operation)];
    if (!schema || !reg || !method || !schema.operations[operation]) throw new Error(`no such internal call: ${service}:${operation}`);
    const resource = reg.resourceOf?.(operation, input, ctx) ?? '*';
    const resources = resource !== '*' ? [{ type: resourceType(resource), arn: resource, accountId: resource.split(':')[4] || ctx.accountId }] : undefined;
    let output: unknown;
    let failure: ServiceError | undefined;
    try {
      assertValidInput(schema, schema.operations[operation]!.input?.shape, input);
      output = await method(ctx, input);
      return output;
    } catch (err) {
      failure = err instanceof ServiceError ? err : new ServiceError('InternalFailure', 'An internal error occurred.', 500);
      throw err;
    } finally {
      await deps.audit.record({
        ctx,
        service,
        eventSource: `${signingNameOf(service)}.amazonaws.com`,
        operation,
        schema,
        input,
        output: failure ? undefined : output,
        error: failure ? { code: failure.code, message: failure.message } : undefined,
        resources,
        dataEvent: reg.isDataEvent?.(operation) ?? false,
      });
    }
  }

  /** The principal behind an access key, as a request context for evaluating what it may do. */
  async function holder(accessKeyId: string, call: { region: string; sourceIp: string; userAgent: string }): Promise<{ credential: ResolvedCredential; ctx: RequestContext } | { message: string }> {
    const credential = await deps.resolveCredential(accessKeyId);
    if (!credential) return { message: 'The security token included in the request is invalid.' };
    if (credential.expiresAt && credential.expiresAt.getTime() <= deps.clock.nowMs()) return { message: 'The security token included in the request is expired.' };
    return {
      credential,
      ctx: {
        accountId: credential.principal.accountId,
        region: call.region,
        principal: credential.principal,
        requestId: deps.ids.uuid(),
        clock: deps.clock,
        sourceIp: call.sourceIp,
        userAgent: call.userAgent,
      },
    };
  }
}
