// IAM's tag rules, shared by every taggable resource: at most 50 tags, a key given again replaces its value, keys
// compared case-insensitively as IAM does.
import { errors } from '../../../models/iam/index.js';
import { TAGS_PER_ENTITY } from '../quotas.js';
import { page } from '../paging.js';

export type Tag = { Key: string; Value: string };

const tooMany = () => new errors.LimitExceededException('The number of tags has reached the maximum limit.');

/** `current` with `added` applied; throws LimitExceeded past 50 tags. */
export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = new Map(current.map((t) => [t.Key.toLowerCase(), t] as const));
  for (const t of added) out.set(t.Key.toLowerCase(), { Key: t.Key, Value: t.Value });
  if (out.size > TAGS_PER_ENTITY) throw tooMany();
  return [...out.values()];
}

export function removeTags(current: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return current.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** Tags given at creation (none, or at most 50). */
export function initialTags(tags: readonly Tag[] | undefined): Tag[] {
  return mergeTags([], tags ?? []);
}

/** A List*Tags answer, paged by Marker/MaxItems. */
export function tagPage(tags: readonly Tag[], marker: string | undefined, maxItems: number | undefined) {
  const p = page([...tags], marker, maxItems);
  return { Tags: p.slice, IsTruncated: p.IsTruncated, Marker: p.Marker };
}
