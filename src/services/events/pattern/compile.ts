// The event pattern language of EventBridge (and SNS filter policies, which share it), compiled once into a tree of
// predicates over a flattened event. A pattern is a JSON object whose keys name fields (nested objects name nested
// fields; a key may also be a dotted path, as EventBridge's matcher flattens both sides to dotted paths) and whose
// leaves are arrays of alternatives: literals (strings, numbers, booleans, null) and the filter objects prefix,
// suffix, anything-but, numeric, exists, wildcard, equals-ignore-case and cidr. `$or` takes a list of sub-patterns.
// Fields are ANDed, alternatives ORed; a field holding an array matches when any of its elements does.

/** A field's values in the event: each leaf (strings, numbers, booleans, null) reached by the path. */
export type FlatEvent = Map<string, unknown[]>;

export class PatternError extends Error {}

type Leaf = (values: unknown[] | undefined) => boolean;
export interface CompiledPattern {
  matches(event: FlatEvent): boolean;
  /** Paths the pattern reads (for a prefilter). */
  readonly paths: readonly string[];
}

const MAX_NUMERIC = 5e9;
const MAX_DEPTH = 32;

const fail = (reason: string): never => {
  throw new PatternError(reason);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and compiles a pattern's JSON text; throws PatternError with EventBridge-style reasons. */
export function compilePatternText(text: string): CompiledPattern {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('Filter is not valid JSON');
  }
  return compilePattern(value);
}

export function compilePattern(value: unknown): CompiledPattern {
  if (!isObject(value)) fail('Filter is not an object');
  const paths: string[] = [];
  const node = compileObject(value as Record<string, unknown>, '', paths, 0);
  return { matches: node, paths };
}

type Node = (event: FlatEvent) => boolean;

function compileObject(obj: Record<string, unknown>, prefix: string, paths: string[], depth: number): Node {
  if (depth > MAX_DEPTH) fail('Filter is nested too deeply');
  const parts: Node[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (key === '$or') {
      if (!Array.isArray(v) || v.length < 2) fail('Value of $or must be an array of at least two objects');
      const alts = (v as unknown[]).map((alt) => {
        if (!isObject(alt)) fail('Value of $or must be an array of objects');
        return compileObject(alt as Record<string, unknown>, prefix, paths, depth + 1);
      });
      parts.push((e) => alts.some((a) => a(e)));
      continue;
    }
    const path = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(v)) {
      if (v.length === 0) fail(`Empty arrays are not allowed (${path})`);
      const leaf = compileAlternatives(v, path);
      paths.push(path);
      parts.push((e) => leaf(e.get(path)));
    } else if (isObject(v)) {
      if (Object.keys(v).length === 0) fail(`Empty objects are not allowed (${path})`);
      parts.push(compileObject(v, path, paths, depth + 1));
    } else {
      fail(`"${path}" must be an object or an array`);
    }
  }
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0]!;
  return (e) => parts.every((p) => p(e));
}

/** One value test; `exists` tests the field as a whole. */
type ValueTest = (value: unknown) => boolean;

function compileAlternatives(alts: unknown[], path: string): Leaf {
  const tests: ValueTest[] = [];
  let exists: boolean | undefined;
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const others = new Set<unknown>();
  for (const alt of alts) {
    if (isObject(alt)) {
      const keys = Object.keys(alt);
      if (keys.length !== 1) fail(`Only one key allowed in match expression (${path})`);
      const op = keys[0]!;
      if (op === 'exists') {
        if (typeof alt.exists !== 'boolean') fail('exists match pattern must be either true or false.');
        if (alts.length > 1) fail('exists match pattern must be the only match expression for a field');
        exists = alt.exists as boolean;
        continue;
      }
      tests.push(compileOperator(op, alt[op], path));
    } else if (Array.isArray(alt)) {
      fail(`Match value must be String, number, true, false, or null (${path})`);
    } else {
      if (typeof alt === 'string') strings.add(alt);
      else if (typeof alt === 'number') numbers.add(alt);
      else others.add(alt);
    }
  }
  if (exists !== undefined) {
    const want = exists;
    return (values) => (values !== undefined && values.length > 0) === want;
  }
  if (strings.size + numbers.size + others.size > 0) {
    // Strings and numbers never equal each other; numbers compare by value (300 and 3e2 are one).
    tests.unshift((v) => (typeof v === 'string' ? strings.has(v) : typeof v === 'number' ? numbers.has(v) : others.has(v)));
  }
  if (tests.length === 1) {
    const t = tests[0]!;
    return (values) => values !== undefined && values.some(t);
  }
  return (values) => values !== undefined && values.some((v) => tests.some((t) => t(v)));
}


function stringOrIgnoreCase(op: string, arg: unknown, path: string): { text: string; ignoreCase: boolean } {
  if (typeof arg === 'string') return { text: arg, ignoreCase: false };
  if (isObject(arg) && Object.keys(arg).length === 1 && typeof arg['equals-ignore-case'] === 'string') {
    return { text: arg['equals-ignore-case'] as string, ignoreCase: true };
  }
  return fail(`${op} match pattern must be a string (${path})`);
}

function compileOperator(op: string, arg: unknown, path: string): ValueTest {
  switch (op) {
    case 'prefix': {
      const { text, ignoreCase } = stringOrIgnoreCase(op, arg, path);
      if (ignoreCase) {
        const lower = text.toLowerCase();
        return (v) => typeof v === 'string' && v.toLowerCase().startsWith(lower);
      }
      return (v) => typeof v === 'string' && v.startsWith(text);
    }
    case 'suffix': {
      const { text, ignoreCase } = stringOrIgnoreCase(op, arg, path);
      if (ignoreCase) {
        const lower = text.toLowerCase();
        return (v) => typeof v === 'string' && v.toLowerCase().endsWith(lower);
      }
      return (v) => typeof v === 'string' && v.endsWith(text);
    }
    case 'equals-ignore-case': {
      if (typeof arg !== 'string') fail(`equals-ignore-case match pattern must be a string (${path})`);
      const lower = (arg as string).toLowerCase();
      return (v) => typeof v === 'string' && v.toLowerCase() === lower;
    }
    case 'wildcard': {
      if (typeof arg !== 'string') fail(`wildcard match pattern must be a string (${path})`);
      const re = wildcardRegExp(arg as string, path);
      return (v) => typeof v === 'string' && re.test(v);
    }
    case 'numeric':
      return compileNumeric(arg, path);
    case 'cidr':
      return compileCidr(arg, path);
    case 'anything-but':
      return compileAnythingBut(arg, path);
    default:
      return fail(`Unrecognized match type ${op}`);
  }
}

function wildcardRegExp(pattern: string, path: string): RegExp {
  if (pattern.includes('**')) fail(`Consecutive wildcard characters at pos ${pattern.indexOf('**') + 1} (${path})`);
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') fail(`Invalid use of backslash escape character in wildcard pattern (${path})`);
      out += next === '*' ? '\\*' : '\\\\';
      i++;
    } else if (c === '*') out += '[\\s\\S]*';
    else out += c.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

const NUMERIC_OPS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function compileNumeric(arg: unknown, path: string): ValueTest {
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) fail(`Value of numeric must be an array of one or two comparisons (${path})`);
  const list = arg as unknown[];
  const checks: ((n: number) => boolean)[] = [];
  for (let i = 0; i < list.length; i += 2) {
    const op = list[i];
    const bound = list[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPS[op]) fail(`Unrecognized numeric range operator: ${String(op)}`);
    if (typeof bound !== 'number' || !Number.isFinite(bound)) fail(`Value of ${String(op)} must be numeric (${path})`);
    if (Math.abs(bound as number) > MAX_NUMERIC) fail(`Value of ${String(op)} must be between -5.0E9 and 5.0E9 inclusive (${path})`);
    const cmp = NUMERIC_OPS[op as string]!;
    checks.push((n) => cmp(n, bound as number));
  }
  if (list.length === 4) {
    const [lo, , hi] = list as string[];
    if (lo === '=' || !lo!.startsWith('>') || !hi!.startsWith('<')) fail(`Bad numeric range: a lower bound (> or >=) must come before an upper bound (< or <=) (${path})`);
    if ((list[1] as number) > (list[3] as number)) fail(`Bottom must be less than top (${path})`);
  }
  return (v) => typeof v === 'number' && checks.every((c) => c(v));
}

function parseV4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

function compileCidr(arg: unknown, path: string): ValueTest {
  const m = typeof arg === 'string' ? /^([\d.]+)\/(\d{1,2})$/.exec(arg) : null;
  const base = m ? parseV4(m[1]!) : undefined;
  const bits = m ? Number(m[2]) : NaN;
  if (base === undefined || !(bits >= 0 && bits <= 32)) return fail(`Malformed CIDR, one '/' required (${path})`);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const net = (base & mask) >>> 0;
  return (v) => {
    if (typeof v !== 'string') return false;
    const ip = parseV4(v);
    return ip !== undefined && ((ip & mask) >>> 0) === net;
  };
}

function compileAnythingBut(arg: unknown, path: string): ValueTest {
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length !== 1) fail(`Only one key allowed in anything-but expression (${path})`);
    const op = keys[0]!;
    const inner = arg[op];
    if (op === 'prefix' || op === 'suffix' || op === 'equals-ignore-case' || op === 'wildcard') {
      const list = Array.isArray(inner) ? inner : [inner];
      if (list.length === 0 || list.some((x) => typeof x !== 'string')) fail(`Value of anything-but ${op} must be a string or an array of strings (${path})`);
      if (op !== 'wildcard' && op !== 'equals-ignore-case' && Array.isArray(inner)) fail(`Value of anything-but ${op} must be a string (${path})`);
      const tests = (list as string[]).map((s) => compileOperator(op, s, path));
      return (v) => typeof v === 'string' && !tests.some((t) => t(v));
    }
    return fail(`Unsupported anything-but pattern: ${op}`);
  }
  const list = Array.isArray(arg) ? arg : [arg];
  if (list.length === 0) fail(`Value of anything-but must be a non-empty array or a single value (${path})`);
  const allStrings = list.every((x) => typeof x === 'string');
  const allNumbers = list.every((x) => typeof x === 'number');
  if (!allStrings && !allNumbers) fail('Inside anything but list, start|null|boolean is not supported.');
  const set = new Set<unknown>(list);
  // Only a value of the same kind can differ: a number never satisfies anything-but of strings.
  return allStrings ? (v) => typeof v === 'string' && !set.has(v) : (v) => typeof v === 'number' && !set.has(v);
}

/**
 * Flattens an event to dotted paths of leaf values. Array elements add their values to the array's own path;
 * objects inside arrays continue the path. An empty object or array adds nothing.
 */
export function flattenEvent(event: unknown): FlatEvent {
  const out: FlatEvent = new Map();
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 64) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, path, depth + 1);
    } else if (isObject(v)) {
      for (const k in v) walk(v[k], path ? `${path}.${k}` : k, depth + 1);
    } else if (path) {
      const list = out.get(path);
      if (list) list.push(v);
      else out.set(path, [v]);
    }
  };
  walk(event, '', 0);
  return out;
}
