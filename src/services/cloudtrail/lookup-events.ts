// cloudtrail:LookupEvents over the audit trail's event history: the caller's account and region, the last 90
// days, at most one lookup attribute, an inclusive StartTime/EndTime, MaxResults ≤ 50 (default 50), newest first.
// Validation errors are CloudTrail's own (InvalidLookupAttributesException, InvalidTimeRangeException,
// InvalidMaxResultsException, InvalidEventCategoryException, InvalidNextTokenException).
import type { AuditTrail, HistoryEvent, LookupAttributeKey } from '../../audit/index.js';
import type { RequestContext } from '../../common/index.js';
import { errors, type Event, type LookupEventsRequest, type LookupEventsResponse } from '../../models/cloudtrail/index.js';
import { queryDigest, type NextTokenCodec } from './next-token.js';

/** Event history keeps 90 days of management events. */
export const EVENT_HISTORY_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_RESULTS = 50;

const ATTRIBUTE_KEYS: readonly LookupAttributeKey[] = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'];

export async function lookupEvents(audit: AuditTrail, tokens: NextTokenCodec, ctx: RequestContext, input: LookupEventsRequest): Promise<LookupEventsResponse> {
  const attribute = lookupAttribute(input);
  const limit = maxResults(input.MaxResults);
  const { start, end } = timeRange(input.StartTime, input.EndTime);
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') {
    throw new errors.InvalidEventCategoryException(`Event category ${String(input.EventCategory)} is not valid. The only supported value is insight.`);
  }

  const digest = queryDigest([ctx.accountId, ctx.region, attribute ?? null, start ?? null, end ?? null, input.EventCategory ?? null]);
  const after = input.NextToken !== undefined ? await tokens.decode(input.NextToken, digest) : undefined;
  // Sift produces no Insights events, so an Insights lookup is always empty.
  if (input.EventCategory === 'insight') return { Events: [] };

  const now = ctx.clock.nowMs();
  const oldest = now - EVENT_HISTORY_DAYS * DAY_MS;
  const page = await audit.lookup({
    accountId: ctx.accountId,
    region: ctx.region,
    attribute,
    startMs: Math.max(start ?? oldest, oldest),
    endMs: end ?? now,
    limit,
    after,
  });
  return {
    Events: page.events.map(toEvent),
    ...(page.next && { NextToken: await tokens.encode(page.next, digest) }),
  };
}

function lookupAttribute(input: LookupEventsRequest): { key: LookupAttributeKey; value: string } | undefined {
  const list = input.LookupAttributes ?? [];
  if (!Array.isArray(list)) throw new errors.InvalidLookupAttributesException('LookupAttributes must be a list.');
  if (list.length > 1) throw new errors.InvalidLookupAttributesException('You can specify only one lookup attribute; the list contains ' + list.length + '.');
  const first = list[0];
  if (!first) return undefined;
  const { AttributeKey: key, AttributeValue: value } = first;
  if (!ATTRIBUTE_KEYS.includes(key)) {
    throw new errors.InvalidLookupAttributesException(`${String(key)} is not a valid lookup attribute key. Valid keys: ${ATTRIBUTE_KEYS.join(', ')}.`);
  }
  if (typeof value !== 'string' || value.length === 0) throw new errors.InvalidLookupAttributesException(`The value of lookup attribute ${key} must not be empty.`);
  if (key === 'ReadOnly') {
    const v = value.toLowerCase();
    if (v !== 'true' && v !== 'false') throw new errors.InvalidLookupAttributesException(`The value of lookup attribute ReadOnly must be true or false.`);
    return { key, value: v };
  }
  return { key, value };
}

function maxResults(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(value) || value < 1 || value > 50) {
    throw new errors.InvalidMaxResultsException(`MaxResults ${String(value)} is not valid. Specify a value from 1 to 50.`);
  }
  return value;
}

function timeRange(startTime: Date | undefined, endTime: Date | undefined): { start?: number; end?: number } {
  const ms = (d: Date | undefined, name: string) => {
    if (d === undefined) return undefined;
    const v = d instanceof Date ? d.getTime() : Number.NaN;
    if (!Number.isFinite(v)) throw new errors.InvalidTimeRangeException(`${name} is not a valid timestamp.`);
    return v;
  };
  const start = ms(startTime, 'StartTime');
  const end = ms(endTime, 'EndTime');
  if (start !== undefined && end !== undefined && start > end) {
    throw new errors.InvalidTimeRangeException('The start time must be earlier than or equal to the end time.');
  }
  return { start, end };
}

function toEvent(e: HistoryEvent): Event {
  return {
    EventId: e.eventId,
    EventName: e.eventName,
    ReadOnly: e.readOnly ? 'true' : 'false',
    ...(e.accessKeyId !== null && { AccessKeyId: e.accessKeyId }),
    EventTime: new Date(e.eventTime),
    EventSource: e.eventSource,
    ...(e.username !== null && { Username: e.username }),
    Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: e.record,
  };
}
