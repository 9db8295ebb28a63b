// The scalar functions of the query language (string, numeric, datetime and condition functions). Each takes the
// values of its arguments; `time` marks functions whose result is a time (shown as a timestamp in results).
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { fromJson, Structure, toNumber, toText, type Value } from './values.js';

export interface ScalarFunction {
  min: number;
  max: number;
  time?: boolean;
  /** Arguments that must be duration literals (bin(5m)). */
  durationArgs?: number[];
  fn(args: Value[]): Value;
}

const num = (f: (x: number) => number) => (args: Value[]) => {
  const x = toNumber(args[0]);
  if (Number.isNaN(x)) return undefined;
  const r = f(x);
  return Number.isFinite(r) ? r : undefined;
};
const str = (f: (s: string, args: Value[]) => Value) => (args: Value[]) => {
  const s = toText(args[0]);
  return s === undefined ? undefined : f(s, args);
};
const trimWith = (chars: Value, mode: 'both' | 'left' | 'right') => (s: string) => {
  const set = chars === undefined ? undefined : String(chars);
  const drop = (c: string) => (set === undefined ? /\s/.test(c) : set.includes(c));
  let a = 0;
  let b = s.length;
  if (mode !== 'right') while (a < b && drop(s[a])) a++;
  if (mode !== 'left') while (b > a && drop(s[b - 1])) b--;
  return s.slice(a, b);
};

export const SCALAR_FUNCTIONS: Record<string, ScalarFunction> = {
  // Conditions
  ispresent: { min: 1, max: 1, fn: (a) => a[0] !== undefined },
  isempty: { min: 1, max: 1, fn: (a) => a[0] === undefined || toText(a[0]) === '' },
  isblank: { min: 1, max: 1, fn: (a) => a[0] === undefined || toText(a[0])!.trim() === '' },
  coalesce: { min: 1, max: 100, fn: (a) => a.find((v) => v !== undefined) },
  // Strings
  strlen: { min: 1, max: 1, fn: str((s) => [...s].length) },
  toupper: { min: 1, max: 1, fn: str((s) => s.toUpperCase()) },
  upper: { min: 1, max: 1, fn: str((s) => s.toUpperCase()) },
  tolower: { min: 1, max: 1, fn: str((s) => s.toLowerCase()) },
  lower: { min: 1, max: 1, fn: str((s) => s.toLowerCase()) },
  trim: { min: 1, max: 2, fn: (a) => (a[0] === undefined ? undefined : trimWith(a[1], 'both')(String(a[0]))) },
  ltrim: { min: 1, max: 2, fn: (a) => (a[0] === undefined ? undefined : trimWith(a[1], 'left')(String(a[0]))) },
  rtrim: { min: 1, max: 2, fn: (a) => (a[0] === undefined ? undefined : trimWith(a[1], 'right')(String(a[0]))) },
  concat: { min: 1, max: 100, fn: (a) => a.map((v) => toText(v) ?? '').join('') },
  substr: {
    min: 2,
    max: 3,
    fn: str((s, a) => {
      const start = toNumber(a[1]);
      const len = a[2] === undefined ? undefined : toNumber(a[2]);
      if (Number.isNaN(start) || (len !== undefined && Number.isNaN(len))) return undefined;
      return len === undefined ? s.slice(start) : s.slice(start, start + len);
    }),
  },
  replace: { min: 3, max: 3, fn: str((s, a) => s.split(toText(a[1]) ?? '').join(toText(a[2]) ?? '')) },
  strcontains: { min: 2, max: 2, fn: (a) => (a[0] === undefined ? false : String(a[0]).includes(toText(a[1]) ?? '')) },
  // Numbers
  abs: { min: 1, max: 1, fn: num(Math.abs) },
  ceil: { min: 1, max: 1, fn: num(Math.ceil) },
  floor: { min: 1, max: 1, fn: num(Math.floor) },
  sqrt: { min: 1, max: 1, fn: num(Math.sqrt) },
  log: { min: 1, max: 1, fn: num(Math.log) },
  greatest: { min: 1, max: 100, fn: (a) => extreme(a, (x, y) => x > y) },
  least: { min: 1, max: 100, fn: (a) => extreme(a, (x, y) => x < y) },
  // Times (epoch milliseconds inside, shown as timestamps)
  bin: { min: 1, max: 1, time: true, durationArgs: [0], fn: () => undefined }, // compiled specially (needs @timestamp)
  datefloor: { min: 2, max: 2, time: true, durationArgs: [1], fn: (a) => roundTime(a[0], a[1], Math.floor) },
  dateceil: { min: 2, max: 2, time: true, durationArgs: [1], fn: (a) => roundTime(a[0], a[1], Math.ceil) },
  frommillis: { min: 1, max: 1, time: true, fn: num((x) => x) },
  tomillis: { min: 1, max: 1, fn: num((x) => x) },
  // JSON: jsonParse makes a MAP or LIST of a JSON text (anything else, or text that is not JSON, is absent).
  jsonparse: { min: 1, max: 1, fn: (a) => parseJson(a[0]) },
  jsonstringify: { min: 1, max: 1, fn: (a) => (a[0] === undefined ? undefined : a[0] instanceof Structure ? String(a[0]) : JSON.stringify(a[0])) },
  // IP address strings
  isvalidip: { min: 1, max: 1, fn: (a) => ipVersion(a[0]) !== undefined },
  isvalidipv4: { min: 1, max: 1, fn: (a) => ipVersion(a[0]) === 'ipv4' },
  isvalidipv6: { min: 1, max: 1, fn: (a) => ipVersion(a[0]) === 'ipv6' },
  isipinsubnet: { min: 2, max: 2, fn: (a) => inSubnet(a[0], a[1], undefined) },
  isipv4insubnet: { min: 2, max: 2, fn: (a) => inSubnet(a[0], a[1], 'ipv4') },
  isipv6insubnet: { min: 2, max: 2, fn: (a) => inSubnet(a[0], a[1], 'ipv6') },
};

/** Longest JSON text jsonParse() reads (docs/limits.md). */
export const MAX_JSON_PARSE_CHARS = 1024 * 1024;

function parseJson(v: Value): Value {
  if (v instanceof Structure) return v;
  const s = toText(v);
  if (s === undefined || s.length > MAX_JSON_PARSE_CHARS) return undefined;
  try {
    return fromJson(JSON.parse(s) as unknown);
  } catch {
    return undefined;
  }
}

function ipVersion(v: Value): 'ipv4' | 'ipv6' | undefined {
  const s = typeof v === 'string' ? v : undefined;
  if (s === undefined) return undefined;
  return isIPv4(s) ? 'ipv4' : isIPv6(s) ? 'ipv6' : undefined;
}

/** Parsed subnets by CIDR text: a query names few, and each is checked against every event. */
const subnets = new Map<string, { list: BlockList; type: 'ipv4' | 'ipv6' } | null>();

function subnet(cidr: string): { list: BlockList; type: 'ipv4' | 'ipv6' } | null {
  let s = subnets.get(cidr);
  if (s !== undefined) return s;
  s = null;
  const m = /^([^/]+)\/([0-9]{1,3})$/.exec(cidr);
  const type = m ? (isIPv4(m[1]) ? 'ipv4' : isIPv6(m[1]) ? 'ipv6' : undefined) : undefined;
  if (m && type && Number(m[2]) <= (type === 'ipv4' ? 32 : 128)) {
    const list = new BlockList();
    list.addSubnet(m[1], Number(m[2]), type);
    s = { list, type };
  }
  if (subnets.size < 1024) subnets.set(cidr, s);
  return s;
}

/** Whether an address is in a CIDR subnet (of the given family, when one is named); false for malformed input. */
function inSubnet(ip: Value, cidr: Value, family: 'ipv4' | 'ipv6' | undefined): boolean {
  const version = ipVersion(ip);
  const net = typeof cidr === 'string' ? subnet(cidr) : null;
  if (!version || !net || version !== net.type || (family && family !== version)) return false;
  return net.list.check(ip as string, version);
}

function extreme(args: Value[], better: (x: number, y: number) => boolean): Value {
  let best: number | undefined;
  for (const v of args) {
    const x = toNumber(v);
    if (!Number.isNaN(x) && (best === undefined || better(x, best))) best = x;
  }
  return best;
}

function roundTime(t: Value, unit: Value, round: (x: number) => number): Value {
  const ms = toNumber(t);
  const u = toNumber(unit);
  if (Number.isNaN(ms) || !(u > 0)) return undefined;
  return round(ms / u) * u;
}
