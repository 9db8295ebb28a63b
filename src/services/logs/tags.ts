// Log group tags: at most 50 per group (TooManyTagsException beyond), keys 1–128 and values ≤256 characters of
// letters, spaces, digits and `_.:/=+-@` (the model's patterns; checked here too for CreateLogGroup's map).
import { errors } from '../../models/logs/index.js';
import { invalidParameter } from './wire-errors.js';

export const MAX_TAGS = 50;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

export function checkTags(tags: Record<string, string>, resourceName: string): void {
  for (const [k, v] of Object.entries(tags)) {
    if (!TAG_KEY.test(k)) throw invalidParameter(`Invalid tag key: ${k}`);
    if (typeof v !== 'string' || !TAG_VALUE.test(v)) throw invalidParameter(`Invalid tag value for key ${k}`);
  }
  if (Object.keys(tags).length > MAX_TAGS) throw tooManyTags(resourceName);
}

export function tooManyTags(resourceName: string): errors.TooManyTagsException {
  return new errors.TooManyTagsException(`A resource can have no more than ${MAX_TAGS} tags.`, { resourceName });
}

/** Tags after adding `add` to `current`; throws TooManyTagsException past the limit. */
export function mergeTags(current: Record<string, string>, add: Record<string, string>, resourceName: string): Record<string, string> {
  checkTags(add, resourceName);
  const merged = { ...current, ...add };
  if (Object.keys(merged).length > MAX_TAGS) throw tooManyTags(resourceName);
  return merged;
}

export function removeTags(current: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const out = { ...current };
  for (const k of keys) delete out[k];
  return out;
}
