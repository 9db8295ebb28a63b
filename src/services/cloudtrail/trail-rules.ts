// CloudTrail's input rules for trails that the model does not carry: trail names, name-or-ARN resolution, event
// selector limits (5 basic selectors, 250 data resources, advanced fields and operators), tag limits. Messages follow
// CloudTrail's wording where it is documented.
import { ADVANCED_FIELDS } from '../../audit/index.js';
import * as errors from '../../models/cloudtrail/errors.js';
import type { AdvancedEventSelector, EventSelector, Tag } from '../../models/cloudtrail/index.js';

export const MAX_TRAILS_PER_REGION = 5;
export const MAX_EVENT_SELECTORS = 5;
export const MAX_DATA_RESOURCES = 250;
export const MAX_ADVANCED_VALUES = 500;
export const MAX_TAGS = 50;

/** 3–128 characters: letters, digits, `.`, `_`, `-`; starts and ends with a letter or digit; no `._-` pairs; not an IP address. */
export function checkTrailName(name: string): void {
  if (name.length < 3) throw new errors.InvalidTrailNameException(`Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`);
  if (name.length > 128) throw new errors.InvalidTrailNameException(`Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new errors.InvalidTrailNameException('Trail name can only contain letters, numbers, periods (.), underscores (_), and dashes (-).');
  if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name)) throw new errors.InvalidTrailNameException('Trail name must start and end with a letter or number.');
  if (/[._-]{2}/.test(name)) throw new errors.InvalidTrailNameException('Trail name cannot have adjacent periods, underscores or dashes.');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) throw new errors.InvalidTrailNameException('Trail name cannot be formatted as an IP address.');
}

/** A trail named by name (the caller's region) or by ARN; returns its ARN parts. */
export function parseTrailRef(ref: string, accountId: string, region: string): { region: string; accountId: string; name: string; arn: string } {
  if (ref.startsWith('arn:')) {
    const m = /^arn:aws:cloudtrail:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):trail\/(.+)$/.exec(ref);
    if (!m) throw new errors.CloudTrailARNInvalidException(`Invalid trail ARN: ${ref}`);
    return { region: m[1]!, accountId: m[2]!, name: m[3]!, arn: ref };
  }
  checkTrailName(ref);
  return { region, accountId, name: ref, arn: `arn:aws:cloudtrail:${region}:${accountId}:trail/${ref}` };
}

export function checkEventSelectors(selectors: EventSelector[]): void {
  if (selectors.length > MAX_EVENT_SELECTORS) throw new errors.InvalidEventSelectorsException(`You can specify at most ${MAX_EVENT_SELECTORS} event selectors per trail.`);
  let resources = 0;
  for (const s of selectors) {
    for (const src of s.ExcludeManagementEventSources ?? []) {
      if (src !== 'kms.amazonaws.com' && src !== 'rdsdata.amazonaws.com') throw new errors.InvalidEventSelectorsException(`ExcludeManagementEventSources value ${src} is not valid. Valid values: kms.amazonaws.com, rdsdata.amazonaws.com.`);
    }
    for (const d of s.DataResources ?? []) {
      if (d.Type !== 'AWS::S3::Object') throw new errors.InvalidEventSelectorsException(`Data resource type ${String(d.Type)} is not supported by Sift; the supported type is AWS::S3::Object.`);
      for (const v of d.Values ?? []) {
        resources++;
        if (v !== 'arn:aws:s3' && v !== 'arn:aws:s3:::' && !/^arn:aws:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\//.test(v)) {
          throw new errors.InvalidEventSelectorsException(`Value ${v} for parameter DataResources.Values is invalid.`);
        }
      }
    }
  }
  if (resources > MAX_DATA_RESOURCES) throw new errors.InvalidEventSelectorsException(`You can specify at most ${MAX_DATA_RESOURCES} data resources per trail.`);
}

const EQUALS_ONLY = new Set(['readOnly', 'eventCategory', 'resources.type']);

export function checkAdvancedEventSelectors(selectors: AdvancedEventSelector[]): void {
  let values = 0;
  for (const s of selectors) {
    const category = s.FieldSelectors.find((f) => f.Field === 'eventCategory');
    if (!category?.Equals?.length) throw new errors.InvalidEventSelectorsException('Each advanced event selector must include eventCategory with the Equals operator.');
    for (const c of category.Equals) {
      if (c !== 'Management' && c !== 'Data') throw new errors.InvalidEventSelectorsException(`eventCategory value ${c} is not supported by Sift; supported values are Management and Data.`);
    }
    if (category.Equals.includes('Data') && !s.FieldSelectors.some((f) => f.Field === 'resources.type')) {
      throw new errors.InvalidEventSelectorsException('An advanced event selector for data events must include resources.type.');
    }
    for (const f of s.FieldSelectors) {
      if (!(ADVANCED_FIELDS as readonly string[]).includes(f.Field)) throw new errors.InvalidEventSelectorsException(`Field ${f.Field} is not supported in advanced event selectors.`);
      const ops = { Equals: f.Equals, StartsWith: f.StartsWith, EndsWith: f.EndsWith, NotEquals: f.NotEquals, NotStartsWith: f.NotStartsWith, NotEndsWith: f.NotEndsWith };
      const used = Object.entries(ops).filter(([, v]) => v !== undefined);
      if (used.length === 0) throw new errors.InvalidEventSelectorsException(`Field ${f.Field} needs at least one operator.`);
      if (EQUALS_ONLY.has(f.Field) && used.some(([k]) => k !== 'Equals')) throw new errors.InvalidEventSelectorsException(`Only the Equals operator is supported for field ${f.Field}.`);
      if (f.Field === 'resources.type') {
        for (const t of f.Equals ?? []) if (t !== 'AWS::S3::Object') throw new errors.InvalidEventSelectorsException(`resources.type value ${t} is not supported by Sift; the supported type is AWS::S3::Object.`);
      }
      if (f.Field === 'readOnly') {
        for (const t of f.Equals ?? []) if (t !== 'true' && t !== 'false') throw new errors.InvalidEventSelectorsException('readOnly takes true or false.');
      }
      for (const [, list] of used) {
        for (const v of list ?? []) {
          values++;
          if (v.includes('*')) throw new errors.InvalidEventSelectorsException('Wildcards are not supported in advanced event selector values.');
        }
      }
    }
  }
  if (values > MAX_ADVANCED_VALUES) throw new errors.InvalidEventSelectorsException(`Advanced event selectors can have at most ${MAX_ADVANCED_VALUES} values in all.`);
}

export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t]));
  for (const t of added) byKey.set(t.Key, t);
  const out = [...byKey.values()];
  if (out.length > MAX_TAGS) throw new errors.TagsLimitExceededException(`The number of tags on the resource would exceed the limit of ${MAX_TAGS}.`);
  return out;
}
