// One CloudTrail record from one finished call, field by field as AWS writes them (see
// shared/reference/logs-and-trail-detail.md §C and the seed's Macie/STS examples), plus the columns event history
// is searched by. Pure: the event id comes in, time comes from the call's clock.
import type { RequestContext } from '../common/index.js';
import type { ServiceSchema } from '../models/index.js';
import { isoSeconds, truncate } from './format.js';
import { isReadOnly, loggedRequest, logsResponse } from './operation-traits.js';
import { trailParameters } from './parameters.js';
import { lookupUserName, serviceCallerName, userIdentityOf, type UserIdentity } from './user-identity.js';

/** What the gateway knows about a call once it has finished (successfully or not). */
export interface AuditCall {
  /** principal, accountId, region, requestId, clock, sourceIp, userAgent */
  ctx: RequestContext;
  /** 'macie2' | 'logs' | 'cloudtrail' | 'sts' | 'iam' | 's3' | 'cloudwatch' */
  service: string;
  /** 'macie2.amazonaws.com', 'monitoring.amazonaws.com', … */
  eventSource: string;
  /** 'ListFindings' */
  operation: string;
  /** The service model: decides member casing, `sensitive` redaction and input/output shapes. */
  schema: ServiceSchema;
  /** Decoded, typed input (undefined when parsing failed). */
  input?: unknown;
  /** Typed output on success. */
  output?: unknown;
  error?: { code: string; message: string };
  resources?: { type: string; arn: string; accountId: string }[];
  /** S3 object-level calls: eventCategory Data, managementEvent false, not in event history. */
  dataEvent: boolean;
  tlsDetails?: unknown;
}

/** A CloudTrail record; key order is AWS's. */
export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestID?: string;
  eventID: string;
  readOnly: boolean;
  resources?: { accountId: string; type: string; ARN: string }[];
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  serviceEventDetails?: unknown;
  eventCategory: 'Management' | 'Data';
  tlsDetails?: unknown;
}

/** A record with the columns event history is searched by. */
export interface AuditEvent {
  record: CloudTrailRecord;
  eventId: string;
  accountId: string;
  region: string;
  /** Epoch ms, whole seconds: the same instant the record's eventTime shows. */
  eventTime: number;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username: string | null;
  accessKeyId: string | null;
  management: boolean;
  resources: { type: string; name: string }[];
}

/** The version of AWS's own Macie and STS records in the seed. */
export const EVENT_VERSION = '1.08';

export function buildAuditEvent(call: AuditCall, eventId: string): AuditEvent {
  const { ctx, schema, operation } = call;
  const principal = ctx.principal;
  const model = schema.operations[operation];
  const readOnly = isReadOnly(call.service, operation, model);
  const time = wholeSeconds(ctx.clock.now());
  const serviceCaller = serviceCallerName(principal);

  const record: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentityOf(principal, ctx.consoleSession),
    eventTime: isoSeconds(time),
    eventSource: call.eventSource,
    eventName: operation,
    awsRegion: ctx.region,
    sourceIPAddress: serviceCaller ?? ctx.sourceIp,
    userAgent: truncate(serviceCaller ?? ctx.userAgent),
    ...(call.error && { errorCode: truncate(call.error.code), errorMessage: truncate(call.error.message) }),
    requestParameters: trailParameters(schema, model?.input?.shape, loggedRequest(call.service, operation, call.input), 'request'),
    responseElements: !call.error && logsResponse(call.service, operation, readOnly) ? trailParameters(schema, model?.output?.shape, call.output, 'response') : null,
    requestID: truncate(ctx.requestId),
    eventID: eventId,
    readOnly,
    ...(call.resources?.length && { resources: call.resources.map((r) => ({ accountId: r.accountId, type: r.type, ARN: r.arn })) }),
    eventType: 'AwsApiCall',
    managementEvent: !call.dataEvent,
    recipientAccountId: ctx.accountId,
    eventCategory: call.dataEvent ? 'Data' : 'Management',
    // AWS leaves tlsDetails out when a service called on the account's behalf.
    ...(call.tlsDetails !== undefined && !serviceCaller && { tlsDetails: call.tlsDetails }),
  };

  return {
    record,
    eventId,
    accountId: ctx.accountId,
    region: ctx.region,
    eventTime: time.getTime(),
    eventName: operation,
    eventSource: call.eventSource,
    readOnly,
    username: lookupUserName(principal),
    accessKeyId: principal.accessKeyId ?? null,
    management: !call.dataEvent,
    resources: (call.resources ?? []).map((r) => ({ type: r.type, name: r.arn })),
  };
}

function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** An event AWS services log on their own, not as an API call (Macie's `MacieClassificationJobCancelled`, …). */
export interface ServiceEventInput {
  accountId: string;
  region: string;
  /** 'macie2.amazonaws.com' */
  eventSource: string;
  eventName: string;
  /** The service that acted; defaults to eventSource. */
  invokedBy?: string;
  serviceEventDetails?: unknown;
  resources?: { type: string; arn: string; accountId: string }[];
  readOnly?: boolean;
}

/**
 * An `AwsServiceEvent` record as AWS writes Macie's: the account's root acting through the service
 * (`{"type":"Root","accountId":…,"invokedBy":"macie2.amazonaws.com"}`), null parameters, no requestID.
 */
export function buildServiceEvent(input: ServiceEventInput, eventId: string, now: Date): AuditEvent {
  const invokedBy = input.invokedBy ?? input.eventSource;
  const time = wholeSeconds(now);
  const readOnly = input.readOnly ?? false;
  const record: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity: { type: 'Root', accountId: input.accountId, invokedBy },
    eventTime: isoSeconds(time),
    eventSource: input.eventSource,
    eventName: input.eventName,
    awsRegion: input.region,
    sourceIPAddress: invokedBy,
    userAgent: invokedBy,
    requestParameters: null,
    responseElements: null,
    eventID: eventId,
    readOnly,
    ...(input.resources?.length && { resources: input.resources.map((r) => ({ accountId: r.accountId, type: r.type, ARN: r.arn })) }),
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: input.accountId,
    ...(input.serviceEventDetails !== undefined && { serviceEventDetails: input.serviceEventDetails }),
    eventCategory: 'Management',
  };
  return {
    record,
    eventId,
    accountId: input.accountId,
    region: input.region,
    eventTime: time.getTime(),
    eventName: input.eventName,
    eventSource: input.eventSource,
    readOnly,
    username: invokedBy,
    accessKeyId: null,
    management: true,
    resources: (input.resources ?? []).map((r) => ({ type: r.type, name: r.arn })),
  };
}
