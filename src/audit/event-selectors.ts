// Which recorded events a trail logs: its basic event selectors (ReadWriteType, IncludeManagementEvents,
// ExcludeManagementEventSources, S3 DataResources) or its advanced selectors (field conditions on eventCategory,
// eventSource, eventName, readOnly, resources.type, resources.ARN), as CloudTrail evaluates them: an event is logged
// when any selector matches it; within an advanced selector every field selector must match. Pure.
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector } from '../models/cloudtrail/index.js';
import type { CloudTrailRecord } from './record.js';

export interface TrailSelection {
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
}

/** A trail without selectors logs every management event, read and write, and no data events. */
export const DEFAULT_EVENT_SELECTORS: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

export function selectsEvent(selection: TrailSelection, record: CloudTrailRecord): boolean {
  if (selection.advancedEventSelectors?.length) return selection.advancedEventSelectors.some((s) => advancedMatches(s, record));
  const basic = selection.eventSelectors?.length ? selection.eventSelectors : DEFAULT_EVENT_SELECTORS;
  return basic.some((s) => basicMatches(s, record));
}

function readWriteMatches(type: string | undefined, readOnly: boolean): boolean {
  return type === 'ReadOnly' ? readOnly : type === 'WriteOnly' ? !readOnly : true;
}

function basicMatches(s: EventSelector, r: CloudTrailRecord): boolean {
  if (!readWriteMatches(s.ReadWriteType, r.readOnly)) return false;
  if (r.eventCategory === 'Management') {
    if (s.IncludeManagementEvents === false) return false;
    return !(s.ExcludeManagementEventSources ?? []).includes(r.eventSource);
  }
  // Data events: only S3 object-level events exist in Sift; a DataResources value is an ARN prefix.
  return (s.DataResources ?? []).some(
    (d) => d.Type === 'AWS::S3::Object' && (d.Values ?? []).some((v) => objectArns(r).some((arn) => v === 'arn:aws:s3' || v === 'arn:aws:s3:::' || arn.startsWith(v))),
  );
}

function objectArns(r: CloudTrailRecord): string[] {
  return (r.resources ?? []).filter((x) => x.type === 'AWS::S3::Object').map((x) => x.ARN);
}

/** The values a record has for an advanced selector field (several for resources.*). */
function fieldValues(field: string, r: CloudTrailRecord): string[] {
  switch (field) {
    case 'eventCategory':
      return [r.eventCategory];
    case 'eventSource':
      return [r.eventSource];
    case 'eventName':
      return [r.eventName];
    case 'eventType':
      return [r.eventType];
    case 'readOnly':
      return [String(r.readOnly)];
    case 'resources.type':
      return (r.resources ?? []).map((x) => x.type);
    case 'resources.ARN':
      return (r.resources ?? []).map((x) => x.ARN);
    case 'userIdentity.arn': {
      const arn = (r.userIdentity as { arn?: string }).arn;
      return arn ? [arn] : [];
    }
    default:
      return [];
  }
}

/** The fields Sift evaluates in advanced selectors; PutEventSelectors refuses any other. */
export const ADVANCED_FIELDS = ['eventCategory', 'eventSource', 'eventName', 'eventType', 'readOnly', 'resources.type', 'resources.ARN', 'userIdentity.arn'] as const;

function fieldMatches(f: AdvancedFieldSelector, values: string[]): boolean {
  const any = (list: string[] | undefined, test: (v: string, x: string) => boolean) => !list || values.some((v) => list.some((x) => test(v, x)));
  const none = (list: string[] | undefined, test: (v: string, x: string) => boolean) => !list || !values.some((v) => list.some((x) => test(v, x)));
  return (
    any(f.Equals, (v, x) => v === x) &&
    any(f.StartsWith, (v, x) => v.startsWith(x)) &&
    any(f.EndsWith, (v, x) => v.endsWith(x)) &&
    none(f.NotEquals, (v, x) => v === x) &&
    none(f.NotStartsWith, (v, x) => v.startsWith(x)) &&
    none(f.NotEndsWith, (v, x) => v.endsWith(x))
  );
}

function advancedMatches(s: AdvancedEventSelector, r: CloudTrailRecord): boolean {
  return s.FieldSelectors.every((f) => fieldMatches(f, fieldValues(f.Field, r)));
}
