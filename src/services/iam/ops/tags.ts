// IAM's tag rules, shared by every taggable resource: at most 50 tags, a key given again replaces its value, keys
// compared case-insensitively as IAM does.
import { errors } from '../../../models/iam/index.js';
import { TAGS_PER_ENTITY } from '../quotas.js';
import { page } from '../paging.js';
import type { TaggedKind } from '../../../iam/index.js';

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

/** What keeps tags in the store's iam_tags rows (the IAM directory). */
export interface StoredTags {
  listTags(accountId: string, kind: TaggedKind, name: string): Promise<{ key: string; value: string }[]>;
  /** Sets and removes keys in one transaction; false (nothing changed) past `max` tags. */
  changeTags(accountId: string, kind: TaggedKind, name: string, set: { key: string; value: string }[], remove: string[], max: number): Promise<boolean>;
}

/**
 * Tag, untag and list for entities whose tags are rows of iam_tags (users, roles, instance profiles, managed
 * policies), by the same rules as the providers that keep tags as a list (OIDC, SAML). Only the keys named are
 * written, in one transaction, so concurrent changes of other keys are not lost.
 */
export function storedTags(store: StoredTags) {
  const read = async (accountId: string, kind: TaggedKind, name: string): Promise<Tag[]> =>
    (await store.listTags(accountId, kind, name)).map((t) => ({ Key: t.key, Value: t.value }));
  const set = async (accountId: string, kind: TaggedKind, name: string, tags: readonly Tag[]) => {
    // A key given twice: the last value wins, as in mergeTags; more than 50 given is refused before any write.
    const given = mergeTags([], tags);
    if (!(await store.changeTags(accountId, kind, name, given.map((t) => ({ key: t.Key, value: t.Value })), [], TAGS_PER_ENTITY))) throw tooMany();
  };
  return {
    read,
    tag: set,
    async untag(accountId: string, kind: TaggedKind, name: string, keys: readonly string[]): Promise<void> {
      await store.changeTags(accountId, kind, name, [], [...keys], TAGS_PER_ENTITY);
    },
    async page(accountId: string, kind: TaggedKind, name: string, marker: string | undefined, maxItems: number | undefined) {
      return tagPage(await read(accountId, kind, name), marker, maxItems);
    },
    /** Tags given at creation: checked before the entity is created, written after. */
    check: initialTags,
    async initial(accountId: string, kind: TaggedKind, name: string, tags: readonly Tag[]): Promise<Tag[]> {
      if (tags.length) await set(accountId, kind, name, tags);
      return [...tags];
    },
  };
}

type TagChange = (tags: Tag[]) => Tag[];

/**
 * Tag, untag and list for entities whose tags are one stored list (identity providers, virtual MFA devices):
 * `find` answers the entity or throws IAM's NoSuchEntity, `change` applies a change by compare-and-swap (false: the
 * entity was deleted meanwhile), so concurrent calls on other keys are not lost.
 */
export function wholeListTags<C>(deps: {
  find(ctx: C, id: string): Promise<{ tags: Tag[] }>;
  change(ctx: C, id: string, change: TagChange): Promise<boolean>;
  missing(id: string): Error;
}) {
  const apply = async (ctx: C, id: string, change: TagChange) => {
    await deps.find(ctx, id);
    if (!(await deps.change(ctx, id, change))) throw deps.missing(id);
  };
  return {
    tag: (ctx: C, id: string, tags: readonly Tag[]) => apply(ctx, id, (current) => mergeTags(current, tags)),
    untag: (ctx: C, id: string, keys: readonly string[]) => apply(ctx, id, (current) => removeTags(current, keys)),
    async page(ctx: C, id: string, marker: string | undefined, maxItems: number | undefined) {
      return tagPage((await deps.find(ctx, id)).tags, marker, maxItems);
    },
  };
}
