// What every service provider is built from. Providers are plain objects of operation methods, typed by the
// generated API interfaces (`satisfies Partial<Macie2Api>`); the gateway dispatches to them by operation name.
import type { Clock, IdSource, Logger, MasterKey } from '../common/index.js';
import type { Store } from '../store/index.js';
import type { Storage } from '../storage/index.js';

export interface PlatformDeps {
  store: Store;
  /** Object storage: the embedded S3-compatible store and external endpoints bound to accounts. */
  storage: Storage;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** The embedded data directory (database, objects, keys). */
  dataDir: string;
  /** Keys kept in the data directory (trail signing keys, the results HMAC key) are sealed under keys derived from it. */
  masterKey?: MasterKey;
  /** The address clients use to reach this server (for AWS_ENDPOINT_URL lines, presigned URLs, console links). */
  endpointUrl: string;
  /** Other services' providers, for service-to-service calls (never HTTP to ourselves). Filled after construction. */
  providers: ProviderRegistry;
}

/** A provider: operation methods keyed by lowerCamel operation name. */
export type Provider = Record<string, (ctx: import('../common/context.js').RequestContext, input: any) => Promise<unknown>>;

export type ProviderRegistry = Record<string, Provider>;

/** Something with background work (retention sweeps, alarm evaluation, schedulers) that must stop on shutdown. */
export interface Background {
  start(): void;
  /** Stops the tasks; `start()` may run them again (a worker that loses a singleton's lease and later retakes it). */
  stop(): Promise<void>;
  /** Releases what the service holds open (files, stores) once the process is done with it; after `stop()`. */
  close?(): Promise<void>;
}

/** How the gateway serves one service: its provider and the service-specific parts of authorization and audit. */
export interface ServiceRegistration {
  /** Sift's service folder name (macie2, logs, s3, …). */
  service: string;
  provider: Provider;
  /** The IAM action an operation needs; default `<signing name>:<Operation>`. */
  /** The IAM action a call needs; `input` lets one operation map to several (S3's version-level actions). */
  actionOf?(operation: string, input?: unknown): string;
  /** The resource ARN the call acts on, for IAM evaluation and CloudTrail `resources`; default '*'. */
  resourceOf?(operation: string, input: any, ctx: import('../common/context.js').RequestContext): string;
  /** A resource-based policy (an S3 bucket policy) that governs the call, as JSON text. */
  resourcePolicyOf?(operation: string, input: any, ctx: import('../common/context.js').RequestContext): Promise<{ ownerAccountId: string; policy?: string } | undefined>;
  /**
   * Operations AWS authorizes per item rather than once (S3 DeleteObjects checks s3:DeleteObject for each key): the
   * gateway skips its single check and the provider asks `ctx.authorizer` for each item.
   */
  authorizesItems?(operation: string): boolean;
  /** Operations that decide their own authorization (sts:AssumeRole: the trust policy, and the caller's policies only
   *  where the trust policy names no more than the account); the gateway then skips its identity-policy check. */
  authorizesItself?(operation: string): boolean;
  /**
   * Operations AWS serves without a signature (STS AssumeRoleWithWebIdentity / AssumeRoleWithSAML): for such an
   * operation and its parsed input, the account the call is for and the caller as known before the provider checks
   * its token; undefined for every other operation (they need a signature).
   */
  unsigned?(operation: string, input: any): { accountId: string; principal: import('../common/context.js').Principal } | undefined;
  /** CloudTrail: a data event (S3 object-level calls), kept out of event history as in AWS. */
  isDataEvent?(operation: string): boolean;
  /** Runs before every operation except those it lets through (Macie's "not enabled" rule). */
  precondition?(operation: string, ctx: import('../common/context.js').RequestContext): Promise<void>;
  background?: Background;
  /**
   * An unsigned OPTIONS request, answered from the resource's own configuration rather than by an authenticated
   * operation (S3's CORS preflight): the response headers, or the service's error.
   */
  preflight?(req: { bucket?: string; key?: string; headers: import('node:http').IncomingHttpHeaders }): Promise<Record<string, string>>;
  /**
   * A request to the service's website endpoint (S3: a Host `<bucket>.s3-website-<region>.<domain>`): anonymous, not
   * an API call, answered with the site's content, redirects or HTML errors.
   */
  website?(req: { bucket: string; region: string; method: string; path: string; host: string; headers: import('node:http').IncomingHttpHeaders; requestId: string; sourceIp: string }): Promise<{ status: number; headers: Record<string, string>; body?: Buffer | string | import('node:stream').Readable }>;
  /** Headers added to a call's response, success or error (S3's Access-Control-* for an Origin a CORS rule allows). */
  responseHeaders?(req: { bucket?: string; method: string; headers: import('node:http').IncomingHttpHeaders }): Promise<Record<string, string>>;
  /**
   * Told of every call once its response is sent (S3 server access logging). Synchronous and cheap: it must queue
   * what it keeps and never slow or fail the call.
   */
  served?(call: ServedCall): void;
  /** Flushes what `served` queued (server shutdown). */
  flushServed?(): Promise<void>;
}

/** One served call as the gateway saw it on the wire. */
export interface ServedCall {
  operation: string;
  /** The parsed input, when the call got that far. */
  input?: unknown;
  /** The bucket and key the request path names (S3). */
  target: { bucket?: string; key?: string };
  /** The authenticated caller; undefined when the call was refused before authentication succeeded. */
  principalArn?: string;
  requestId: string;
  receivedMs: number;
  /** Milliseconds from receipt until the response started, and until it was sent. */
  turnAroundMs: number;
  totalMs: number;
  sourceIp: string;
  method: string;
  url: string;
  httpVersion: string;
  requestHeaders: import('node:http').IncomingHttpHeaders;
  status: number;
  responseHeaders: Record<string, string>;
  /** Response body bytes (0 for HEAD). */
  bytesSent: number;
  errorCode?: string;
}

/**
 * Calls a service makes as an AWS service principal, and permission checks on another principal's behalf (Macie
 * reading an object with a role's rights). Built by the gateway, so such calls are authorized and recorded in
 * CloudTrail exactly as calls that arrive over HTTP.
 */
export interface ServiceCalls {
  /**
   * Calls `service`'s `operation` as the AWS service `invokedBy` (`reveal-samples.macie.amazonaws.com`) acting for
   * `accountId`: input checked against the model, recorded with `userIdentity.type` AWSService. Throws the
   * provider's error (recorded too).
   */
  callAsService(invokedBy: string, accountId: string, region: string, service: string, operation: string, input: unknown): Promise<unknown>;
  /**
   * Calls `service`'s `operation` with `input` as the holder of `accessKeyId` (a role session Macie holds), after the
   * same authorization an HTTP call gets; recorded in CloudTrail as that principal's call. Throws the provider's or
   * the authorization's error.
   */
  callAs(accessKeyId: string, call: { region: string; sourceIp: string; userAgent: string }, service: string, operation: string, input: unknown): Promise<unknown>;
  /** Whether the holder of `accessKeyId` may call `service`'s `operation` with `input` (identity, session and resource policies). */
  mayCall(accessKeyId: string, call: { region: string; sourceIp: string; userAgent: string }, service: string, operation: string, input: unknown): Promise<{ allowed: boolean; message?: string }>;
  /** Whether the holder of `accessKeyId` may perform an action that is no API call of its own (`iam:PassRole`), by its identity policies. */
  mayPerform(accessKeyId: string, call: { region: string; sourceIp: string; userAgent: string }, action: string, resource: string, context?: Record<string, string>): Promise<{ allowed: boolean; message?: string }>;
}

/**
 * Something a served operation (or a whole service) does differently from AWS, listed in `compatibility.ts` beside
 * the service's provider. `scripts/compatibility` renders these lists into docs/compatibility.md.
 */
export interface KnownDifference {
  /** The operation, as the model names it; absent when it concerns the whole service. */
  operation?: string;
  /** `not-implemented`: an input or setting answered NotImplemented (501); `differs`: Sift answers, but not as AWS does. */
  kind: 'not-implemented' | 'differs';
  text: string;
}
