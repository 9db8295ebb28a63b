// Small helpers shared by this part's Macie resources (custom data identifiers, allow lists, findings filters):
// ARNs, tag maps with Macie's limits, JSON columns, and turning the detection engine's typed errors into the
// ValidationException the client sees.
import type { RequestContext } from '../common/index.js';
import { errors, type TagMap } from '../models/macie2/index.js';
import { DetectError } from '../detect/index.js';

export type MacieResourceType = 'custom-data-identifier' | 'allow-list' | 'findings-filter' | 'classification-job';

export const macieArn = (ctx: Pick<RequestContext, 'accountId' | 'region'>, type: MacieResourceType, id: string): string =>
  `arn:aws:macie2:${ctx.region}:${ctx.accountId}:${type}/${id}`;

export const TAG_LIMITS = Object.freeze({ maxTags: 50, maxKeyLength: 128, maxValueLength: 256 });

/** Tag keys that start with aws: are AWS's own (Macie User Guide, "Tagging Macie resources"). */
export const RESERVED_TAG_PREFIX_MESSAGE = 'Tag keys can\'t start with aws:, which is reserved for use by AWS.';

/** Checks a TagMap against Macie's documented limits and returns a clean copy. */
export function checkTags(tags: TagMap | undefined): TagMap {
  if (tags === undefined || tags === null) return {};
  if (typeof tags !== 'object' || Array.isArray(tags)) throw new errors.ValidationException('tags must be a map of strings.');
  const entries = Object.entries(tags);
  if (entries.length > TAG_LIMITS.maxTags) throw new errors.ValidationException(`A resource can have at most ${TAG_LIMITS.maxTags} tags.`);
  for (const [k, v] of entries) {
    if (k.length === 0 || k.length > TAG_LIMITS.maxKeyLength) throw new errors.ValidationException(`Tag keys must be 1-${TAG_LIMITS.maxKeyLength} characters.`);
    if (k.toLowerCase().startsWith('aws:')) throw new errors.ValidationException(RESERVED_TAG_PREFIX_MESSAGE);
    if (typeof v !== 'string' || v.length > TAG_LIMITS.maxValueLength) throw new errors.ValidationException(`Tag values must be 0-${TAG_LIMITS.maxValueLength} characters.`);
  }
  return Object.fromEntries(entries);
}

export function checkLength(value: string | undefined, field: string, min: number, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || value.length < min || value.length > max) {
    throw new errors.ValidationException(`${field} must be ${min}-${max} characters.`);
  }
}

export const parseJson = <T>(text: string | null | undefined, fallback: T): T => {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
};

/** Runs detection-engine validation, reporting its reasons as Macie's ValidationException. */
export function asValidation<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DetectError) throw new errors.ValidationException(err.message);
    throw err;
  }
}

/** Macie's not-found error for one of this part's resources. */
export const notFound = (what: string, id: string) => new errors.ResourceNotFoundException(`The ${what} ${id} doesn't exist or isn't available in this account and Region.`);
