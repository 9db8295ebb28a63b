// What a rule's target receives instead of the whole event: `Input` (fixed JSON text), `InputPath` (one JsonPath into
// the event) or `InputTransformer` (up to 100 JsonPath variables substituted into an InputTemplate), as EventBridge's
// input transformation guide describes them. Written here rather than taken from a JsonPath library: EventBridge takes
// only a subset (dot notation, dashes, underscores, alphanumerics, forward slashes, array indices and `*` wildcards),
// and the template's substitution rules (quoting by context) are EventBridge's own.

/** One step of a parsed JsonPath: a member name, an array index, or `*` (every member or element). */
type Step = { name: string } | { index: number } | { wildcard: true };

export class InputPathError extends Error {}

const MEMBER = /^[A-Za-z0-9_\-/]+$/;

/** Parses `$`, `$.a.b-c`, `$.list[0]`, `$.items[*].id`, `$.detail.*`; anything else throws InputPathError. */
export function parseJsonPath(path: string): Step[] {
  if (!path.startsWith('$')) throw new InputPathError(`${path} is not a valid JsonPath: it must start with $`);
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      const end = path.slice(i + 1).search(/[.[]/);
      const name = end === -1 ? path.slice(i + 1) : path.slice(i + 1, i + 1 + end);
      if (name === '*') steps.push({ wildcard: true });
      else if (MEMBER.test(name)) steps.push({ name });
      else throw new InputPathError(`${path} is not a valid JsonPath: member '${name}' (EventBridge takes dot notation with letters, digits, - _ /)`);
      i += 1 + name.length;
    } else if (path[i] === '[') {
      const close = path.indexOf(']', i);
      const inner = close === -1 ? '' : path.slice(i + 1, close);
      if (inner === '*') steps.push({ wildcard: true });
      else if (/^\d{1,9}$/.test(inner)) steps.push({ index: Number(inner) });
      else throw new InputPathError(`${path} is not a valid JsonPath: [${inner}] (only array indices and [*]; use dot notation for members)`);
      i = close + 1;
    } else {
      throw new InputPathError(`${path} is not a valid JsonPath at character ${i + 1}`);
    }
  }
  return steps;
}

/** The value at `path` (undefined when the event has none); a path with a wildcard gives the array of what it reached. */
export function evaluateJsonPath(value: unknown, path: string): unknown {
  const steps = parseJsonPath(path);
  let current: unknown[] = [value];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (typeof v !== 'object' || v === null) continue;
      if ('wildcard' in step) next.push(...(Array.isArray(v) ? v : Object.values(v)));
      else if ('index' in step) {
        if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
      } else if (!Array.isArray(v) && Object.hasOwn(v, step.name)) next.push((v as Record<string, unknown>)[step.name]);
    }
    current = next;
  }
  if (steps.some((s) => 'wildcard' in s)) return current;
  return current[0];
}

/** The variables EventBridge defines itself; InputPathsMap cannot redefine them. */
export const PREDEFINED = ['aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event.ingestion-time', 'aws.events.event', 'aws.events.event.json'] as const;

export interface TransformerSpec {
  InputPathsMap?: Record<string, string>;
  InputTemplate: string;
}

/** Why the transformer cannot be accepted at PutTargets, or undefined. The model already bounds keys (100, pattern). */
export function transformerProblem(t: TransformerSpec): string | undefined {
  for (const [key, path] of Object.entries(t.InputPathsMap ?? {})) {
    if (/^aws\./i.test(key)) return `InputPathsMap key ${key} is reserved: keys cannot start with "AWS."`;
    try {
      parseJsonPath(path);
    } catch (err) {
      if (err instanceof InputPathError) return `InputPathsMap[${key}]: ${err.message}`;
      throw err;
    }
  }
  // A template that is a JSON object must be valid JSON once its placeholders are filled, and a placeholder cannot
  // be an object key (the API reference's restriction); other templates are text and are not checked.
  if (t.InputTemplate.trimStart().startsWith('{')) {
    const names = new Set<string>([...PREDEFINED, ...Object.keys(t.InputPathsMap ?? {})]);
    const probe = fill(t.InputTemplate, (_name, inString) => (inString ? '' : 'null'), (name) => names.has(name));
    try {
      JSON.parse(probe);
    } catch (err) {
      return `${(err as Error).message}`;
    }
  }
  return undefined;
}

/** What the rule knows at delivery time for the predefined variables. */
export interface TransformContext {
  ruleName: string;
  ruleArn: string;
  /** When EventBridge received the event (ms). */
  ingestedAt: number;
}

/** The target's text for `event` after Input, InputPath or InputTransformer (the event itself when none is set). */
export function targetInput(
  target: { Input?: string; InputPath?: string; InputTransformer?: TransformerSpec },
  event: Record<string, unknown>,
  ctx: TransformContext,
): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(evaluateJsonPath(event, target.InputPath) ?? null);
  if (target.InputTransformer) return transform(target.InputTransformer, event, ctx);
  return JSON.stringify(event);
}

export function transform(t: TransformerSpec, event: Record<string, unknown>, ctx: TransformContext): string {
  const values = new Map<string, unknown>();
  for (const [key, path] of Object.entries(t.InputPathsMap ?? {})) {
    const v = evaluateJsonPath(event, path);
    if (v !== undefined) values.set(key, v);
  }
  const { detail: _detail, ...withoutDetail } = event;
  const predefined: Record<string, unknown> = {
    'aws.events.rule-arn': ctx.ruleArn,
    'aws.events.rule-name': ctx.ruleName,
    'aws.events.event.ingestion-time': new Date(ctx.ingestedAt).toISOString(),
    'aws.events.event': withoutDetail,
    'aws.events.event.json': event,
  };
  const known = (name: string) => values.has(name) || Object.hasOwn(predefined, name) || Object.hasOwn(t.InputPathsMap ?? {}, name);
  // A template that is not JSON (SNS text, for instance) is all string context: values go in without quotes.
  const text = !/^[{["]/.test(t.InputTemplate.trimStart());
  return fill(
    t.InputTemplate,
    (name, inString) => {
      const v = Object.hasOwn(predefined, name) ? predefined[name] : values.get(name);
      // A variable whose path is not in the event "isn't created and won't appear in the output".
      if (v === undefined) return '';
      return inString || text ? asText(v) : asJsonValue(v);
    },
    known,
  );
}

/**
 * Inside a string (or a text template): strings as they are, without escaping ("EventBridge doesn't escape values
 * extracted by Input Path"); objects and arrays as JSON with their internal quotes removed, as the guide describes.
 */
function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v).replace(/"/g, '');
  return JSON.stringify(v);
}

/** As a bare JSON value: strings get the quotes EventBridge adds (unescaped, as above), the rest is JSON. */
function asJsonValue(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  return JSON.stringify(v);
}

/**
 * Replaces each `<name>` the template knows, telling the callback whether it sits inside a JSON string (after an
 * unescaped `"`). Unknown `<...>` text (HTML in a message, say) stays as it is.
 */
function fill(template: string, value: (name: string, inString: boolean) => string, known: (name: string) => boolean): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '<') {
      const m = /^<([A-Za-z0-9_\-.]+)>/.exec(template.slice(i, i + 300));
      if (m && known(m[1]!)) {
        out += value(m[1]!, inString);
        i += m[0].length - 1;
        continue;
      }
    }
    if (inString && c === '\\') {
      out += c + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    out += c;
  }
  return out;
}
