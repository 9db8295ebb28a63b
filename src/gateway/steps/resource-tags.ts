// The tags of the resource a request acts on, for the condition keys that test them (aws:ResourceTag/…,
// iam:ResourceTag/…, s3:ExistingObjectTag/…). Read through the service's own provider, as its tag-listing
// operation answers them; a resource that does not exist (yet) has none.
import type { RequestContext } from '../../common/index.js';
import type { Provider } from '../../services/types.js';

type Pair = { Key?: string; Value?: string };
const fromPairs = (list: Pair[] | undefined) => Object.fromEntries((list ?? []).filter((t) => t.Key !== undefined).map((t) => [t.Key!, t.Value ?? '']));

/** Per service: the tags of one resource ARN, or undefined when the service keeps none for it. */
const READERS: Record<string, (p: Provider, ctx: RequestContext, arn: string) => Promise<Record<string, string> | undefined>> = {
  iam: async (p, ctx, arn) => {
    const m = /^arn:aws:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!m) return undefined;
    const out = (m[1] === 'user' ? await p.listUserTags!(ctx, { UserName: m[2] }) : await p.listRoleTags!(ctx, { RoleName: m[2] })) as { Tags?: Pair[] };
    return fromPairs(out.Tags);
  },
  logs: async (p, ctx, arn) => ((await p.listTagsForResource!(ctx, { resourceArn: arn.replace(/:\*$/, '') })) as { tags?: Record<string, string> }).tags ?? {},
  cloudwatch: async (p, ctx, arn) => fromPairs(((await p.listTagsForResource!(ctx, { ResourceARN: arn })) as { Tags?: Pair[] }).Tags),
  cloudtrail: async (p, ctx, arn) => fromPairs(((await p.listTags!(ctx, { ResourceIdList: [arn] })) as { ResourceTagList?: { TagsList?: Pair[] }[] }).ResourceTagList?.[0]?.TagsList),
  s3: async (p, ctx, arn) => {
    const path = arn.slice('arn:aws:s3:::'.length);
    const slash = path.indexOf('/');
    if (slash < 0) return fromPairs(((await p.getBucketTagging!(ctx, { Bucket: path })) as { TagSet?: Pair[] }).TagSet);
    return fromPairs(((await p.getObjectTagging!(ctx, { Bucket: path.slice(0, slash), Key: path.slice(slash + 1) })) as { TagSet?: Pair[] }).TagSet);
  },
};

/** The condition keys a resource's tags supply, under each of the given prefixes. */
export async function resourceTagKeys(service: string, provider: Provider, ctx: RequestContext, arn: string, prefixes: string[]): Promise<Record<string, string>> {
  const read = READERS[service];
  if (!read) return {};
  // S3: an object's tags are s3:ExistingObjectTag; a bucket's are aws:ResourceTag.
  const isObject = service === 's3' && arn.slice('arn:aws:s3:::'.length).includes('/');
  const wanted = prefixes.filter((p) => (service !== 's3' ? true : isObject ? p === 's3:ExistingObjectTag/' : p === 'aws:ResourceTag/'));
  if (!wanted.length) return {};
  let tags: Record<string, string> | undefined;
  try {
    tags = await read(provider, ctx, arn);
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) for (const prefix of wanted) out[`${prefix}${k}`] = v;
  return out;
}
