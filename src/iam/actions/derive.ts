// What one request is authorized against: the resource ARNs and request condition keys the Service Authorization
// Reference lists for its action, filled from the request's input (bindings.ts). An action the reference gives no
// resource type is authorized against `*`; a required resource type the input does not name (a job about to be
// created) gets `*` in place of the missing part, so a Deny on one named resource never covers it by accident.
import type { ContextValue } from '../policy/index.js';
import { CONDITION_BINDINGS, PATH_VARIABLES, RESOURCE_BINDINGS, TAG_PATHS, type ResourceBinding } from './bindings.js';
import { reference } from './reference.js';
import { resourceConditionKeys } from './resource-condition-keys.js';

export interface DeriveContext {
  accountId: string;
  region: string;
  /** The caller's own ARN and type (IAM calls about "the calling user"). */
  callerArn: string;
  callerType: string;
  /** An IAM entity's path (`/` or `/dev/`), for ARNs with `${UserNameWithPath}` and the like. */
  pathOf?(kind: string, name: string): Promise<string | undefined>;
}

export interface DerivedAuthorization {
  /** At least one; `*` when the action names no resource. */
  resources: string[];
  /** Request condition keys from the input (tags, s3:prefix, sts:ExternalId …). */
  context: Record<string, ContextValue>;
  /**
   * Resources whose own tags the reference lets a condition test, with the key prefixes to supply them under
   * (`aws:ResourceTag/`, `iam:ResourceTag/`, `s3:ExistingObjectTag/`); looked up only when a policy uses them.
   */
  tagged?: { arn: string; prefixes: string[] }[];
}

/** Bounds the ARNs one request is checked against (batch calls name many). */
export const MAX_RESOURCES_PER_REQUEST = 1000;

export function valuesAt(input: unknown, path: string): unknown[] {
  let current: unknown[] = [input];
  for (const raw of path.split('.')) {
    const spread = raw.endsWith('[]');
    const name = spread ? raw.slice(0, -2) : raw;
    const next: unknown[] = [];
    for (const c of current) {
      if (c === null || typeof c !== 'object') continue;
      const v = (c as Record<string, unknown>)[name];
      if (v === undefined || v === null) continue;
      if (spread) {
        if (Array.isArray(v)) next.push(...v);
      } else next.push(v);
    }
    current = next;
  }
  return current;
}

function stringsAt(input: unknown, path: string): string[] {
  return valuesAt(input, path).flatMap((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [String(v)] : v instanceof Date ? [v.toISOString()] : []));
}

/** Whether an ARN is of the template's form (same service and resource prefix). */
function matchesTemplate(arn: string, template: string): boolean {
  const prefix = template.replace(/\$\{Partition\}/g, 'aws').split('${')[0]!;
  const [tService, tResource] = [prefix.split(':')[2], prefix.split(':').slice(5).join(':')];
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts[2] !== tService) return false;
  return parts.slice(5).join(':').startsWith(tResource ?? '');
}

async function bindResource(
  action: string,
  required: boolean,
  binding: ResourceBinding | undefined,
  template: string,
  input: unknown,
  ctx: DeriveContext,
): Promise<string[]> {
  const suffix = binding?.suffix && !binding.suffix.except.includes(action) ? binding.suffix.text : '';
  const withSuffix = (arn: string) => (suffix && !arn.endsWith(suffix) ? arn + suffix : arn);
  // Members that carry a whole ARN.
  for (const path of binding?.arns ?? []) {
    const arns = stringsAt(input, path).filter((v) => v.startsWith('arn:') && matchesTemplate(v.replace(/:\*$/, ''), template));
    if (arns.length) return arns.map((a) => withSuffix(a.replace(/:\*$/, '')));
  }
  // Members that carry the variables' values.
  const variables = [...template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!).filter((v) => v !== 'Partition' && v !== 'Region' && v !== 'Account');
  let arns = [template.replace(/\$\{Partition\}/g, 'aws').replace(/\$\{Region\}/g, ctx.region).replace(/\$\{Account\}/g, ctx.accountId)];
  let boundAny = false;
  for (const variable of variables) {
    let values: string[] = [];
    for (const path of binding?.vars?.[variable] ?? []) {
      values = stringsAt(input, path);
      if (values.length) break;
    }
    // An identifier given as an ARN (logGroupIdentifier, a trail's Name): take its name part.
    values = values.map((v) => (v.startsWith('arn:') ? nameFromArn(v, template, variable) : v));
    const pathInfo = PATH_VARIABLES[variable];
    if (values.length && pathInfo) {
      const given = stringsAt(input, pathInfo.pathMember)[0];
      values = await Promise.all(values.map(async (name) => `${(given ?? (await ctx.pathOf?.(pathInfo.kind, name)) ?? '/').slice(1)}${name}`));
    }
    if (values.length) boundAny = true;
    if (!values.length) values = ['*'];
    arns = arns.flatMap((arn) => values.map((v) => arn.replace(`\${${variable}}`, v)));
    if (arns.length > MAX_RESOURCES_PER_REQUEST) arns = arns.slice(0, MAX_RESOURCES_PER_REQUEST);
  }
  if (!boundAny) {
    if (binding?.callerIf && ctx.callerType === binding.callerIf && matchesTemplate(ctx.callerArn, template)) return [ctx.callerArn];
    if (!required) return [];
  }
  return arns.map(withSuffix);
}

function nameFromArn(arn: string, template: string, variable: string): string {
  // The name is what the ARN has where the template has the variable (log-group:NAME[:*], trail/NAME).
  const resourcePart = arn.split(':').slice(5).join(':').replace(/:\*$/, '');
  const tResource = template.split(':').slice(5).join(':');
  const before = tResource.split(`\${${variable}}`)[0]!.replace(/\$\{\w+\}/g, '');
  return resourcePart.startsWith(before) ? resourcePart.slice(before.length) : resourcePart;
}

function tagContext(service: string, input: unknown): { tags: Record<string, string>; keys: string[] } {
  const where = TAG_PATHS[service] ?? {};
  const tags: Record<string, string> = {};
  const keys: string[] = [];
  for (const path of where.maps ?? []) {
    for (const v of valuesAt(input, path)) {
      if (Array.isArray(v)) keys.push(...v.map(String));
      else if (v && typeof v === 'object') for (const [k, val] of Object.entries(v)) tags[k] = String(val);
    }
  }
  for (const path of where.pairs ?? []) {
    for (const list of valuesAt(input, path)) {
      if (!Array.isArray(list)) continue;
      for (const t of list) {
        if (t && typeof t === 'object' && typeof (t as { Key?: unknown }).Key === 'string') {
          const { Key, Value } = t as { Key: string; Value?: unknown };
          tags[Key] = Value === undefined ? '' : String(Value);
        }
      }
    }
  }
  for (const path of where.queryString ?? []) {
    for (const s of stringsAt(input, path)) for (const [k, v] of new URLSearchParams(s)) tags[k] = v;
  }
  for (const path of where.keys ?? []) keys.push(...stringsAt(input, `${path}[]`));
  return { tags, keys: [...new Set([...Object.keys(tags), ...keys])] };
}

const tagPrefixes = new Map<string, string[]>();
/** The prefixes (`aws:ResourceTag/`, `iam:ResourceTag/`) under which a resource type's tags are condition keys. */
function resourceTagPrefixes(service: string, type: string): string[] {
  const key = `${service}\u0000${type}`;
  let p = tagPrefixes.get(key);
  if (!p) {
    p = (resourceConditionKeys[service]?.[type] ?? []).filter((k) => k.endsWith('ResourceTag/${TagKey}')).map((k) => k.slice(0, -'${TagKey}'.length));
    tagPrefixes.set(key, p);
  }
  return p;
}

type ActionEntry = (typeof reference.services)[string]['actions'][string];

// Per action of the reference (fixed data): the condition keys it lists and those of them a request's input fills
// (CONDITION_BINDINGS, in that table's order), worked out once instead of a Set and the table's entries per call.
const actionKeys = new WeakMap<ActionEntry, { service: string; listed: ReadonlySet<string>; bindings: readonly (readonly [string, string])[] }>();

function keysOf(service: string, entry: ActionEntry): { listed: ReadonlySet<string>; bindings: readonly (readonly [string, string])[] } {
  let keys = actionKeys.get(entry);
  if (!keys || keys.service !== service) {
    const listed = new Set(entry.conditionKeys ?? []);
    for (const r of entry.resources) for (const k of r.conditionKeys ?? []) listed.add(k);
    keys = { service, listed, bindings: Object.entries(CONDITION_BINDINGS[service] ?? {}).filter(([key]) => listed.has(key)) };
    actionKeys.set(entry, keys);
  }
  return keys;
}

/** The resource ARNs and request condition keys of one call of `action` (`service:Name`). */
export async function deriveAuthorization(action: string, input: unknown, ctx: DeriveContext): Promise<DerivedAuthorization> {
  const colon = action.indexOf(':');
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  const ref = reference.services[service];
  const entry = ref?.actions[name];
  const context: Record<string, ContextValue> = {};
  if (!ref || !entry) return { resources: ['*'], context };

  const { listed, bindings } = keysOf(service, entry);

  const resources: string[] = [];
  const tagged: { arn: string; prefixes: string[] }[] = [];
  for (const r of entry.resources) {
    const template = ref.resourceTypes[r.type];
    if (!template) continue;
    const arns = await bindResource(action, r.required, RESOURCE_BINDINGS[service]?.[r.type], template, input, ctx);
    let prefixes = resourceTagPrefixes(service, r.type);
    // An object's tags, for the actions that list s3:ExistingObjectTag.
    if (r.type === 'object' && (listed.has('s3:ExistingObjectTag/<key>') || listed.has('s3:ExistingObjectTag/${TagKey}'))) prefixes = [...prefixes, 's3:ExistingObjectTag/'];
    for (const a of arns) {
      if (resources.includes(a) || resources.length >= MAX_RESOURCES_PER_REQUEST) continue;
      resources.push(a);
      if (prefixes.length && !a.replace(/:\*$/, '').includes('*')) tagged.push({ arn: a, prefixes });
    }
  }
  if (resources.length === 0) resources.push('*');

  for (const [key, path] of bindings) {
    const values = stringsAt(input, path);
    if (values.length) context[key] = path.endsWith('[]') ? values : values[0];
  }
  if (listed.has('aws:RequestTag/${TagKey}') || listed.has('aws:TagKeys')) {
    const { tags, keys } = tagContext(service, input);
    if (keys.length) context['aws:TagKeys'] = keys;
    for (const [k, v] of Object.entries(tags)) context[`aws:RequestTag/${k}`] = v;
  }
  // S3's own keys for the tags a request puts on an object (PutObject's x-amz-tagging, PutObjectTagging's TagSet).
  if (listed.has('s3:RequestObjectTag/<key>') || listed.has('s3:RequestObjectTag/${TagKey}') || listed.has('s3:RequestObjectTagKeys')) {
    const { tags } = tagContext(service, input);
    const keys = Object.keys(tags);
    if (keys.length) context['s3:RequestObjectTagKeys'] = keys;
    for (const [k, v] of Object.entries(tags)) context[`s3:RequestObjectTag/${k}`] = v;
  }
  const derived: DerivedAuthorization = { resources, context };
  if (tagged.length) derived.tagged = tagged;
  return derived;
}
