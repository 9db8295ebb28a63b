// The scalar functions of the query language (string, numeric, datetime and condition functions). Each takes the
// values of its arguments; `time` marks functions whose result is a time (shown as a timestamp in results).
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import RE2 from 're2';
import { formatDate, parseDate } from './dates.js';
import { fromJson, Structure, toNumber, toText, truthy, type Value } from './values.js';

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
  // A third argument true makes the match case-insensitive.
  strcontains: {
    min: 2,
    max: 3,
    fn: (a) => {
      if (a[0] === undefined) return false;
      const s = String(a[0]);
      const needle = toText(a[1]) ?? '';
      return truthy(a[2]) ? s.toLowerCase().includes(needle.toLowerCase()) : s.includes(needle);
    },
  },
  startswith: { min: 2, max: 2, fn: (a) => (a[0] === undefined ? 0 : String(a[0]).startsWith(toText(a[1]) ?? '') ? 1 : 0) },
  endswith: { min: 2, max: 2, fn: (a) => (a[0] === undefined ? 0 : String(a[0]).endsWith(toText(a[1]) ?? '') ? 1 : 0) },
  regexreplace: { min: 3, max: 3, fn: (a) => regexReplace(a[0], a[1], a[2]) },
  urlencode: { min: 1, max: 1, fn: str((s) => encodeURIComponent(s)) },
  urldecode: { min: 1, max: 1, fn: str((s) => attempt(() => decodeURIComponent(s))) },
  base64encode: { min: 1, max: 1, fn: str((s) => Buffer.from(s, 'utf8').toString('base64')) },
  base64decode: { min: 1, max: 1, fn: str((s) => (/^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 ? Buffer.from(s, 'base64').toString('utf8') : undefined)) },
  split: { min: 2, max: 2, fn: (a) => (a[0] === undefined || toText(a[1]) === undefined ? undefined : new Structure(String(a[0]).split(toText(a[1])!))) },
  hextoascii: { min: 1, max: 1, fn: str((s) => hexToAscii(s)) },
  hextodec: { min: 1, max: 1, fn: str((s) => (/^(0x)?[0-9a-f]+$/i.test(s) ? Number.parseInt(s.replace(/^0x/i, ''), 16) : undefined)) },
  dectohex: { min: 1, max: 1, fn: (a) => decToHex(a[0]) },
  messagesize: { min: 1, max: 1, fn: (a) => (a[0] === undefined || a[0] instanceof Structure ? undefined : Buffer.byteLength(String(a[0]), 'utf8')) },
  // Numbers
  abs: { min: 1, max: 1, fn: num(Math.abs) },
  ceil: { min: 1, max: 1, fn: num(Math.ceil) },
  floor: { min: 1, max: 1, fn: num(Math.floor) },
  sqrt: { min: 1, max: 1, fn: num(Math.sqrt) },
  log: { min: 1, max: 1, fn: num(Math.log) },
  round: {
    min: 1,
    max: 2,
    fn: (a) => {
      const x = toNumber(a[0]);
      const d = a.length > 1 ? toNumber(a[1]) : 0;
      if (Number.isNaN(x) || !Number.isInteger(d)) return undefined;
      return roundTo(x, d);
    },
  },
  haversine: { min: 4, max: 4, fn: (a) => haversine(a.map(toNumber)) },
  tonumber: { min: 1, max: 1, fn: num((x) => x) },
  todouble: { min: 1, max: 1, fn: num((x) => x) },
  toint: { min: 1, max: 1, fn: num((x) => integer(x, 2 ** 31)) },
  tolong: { min: 1, max: 1, fn: num((x) => integer(x, 2 ** 63)) },
  isnumeric: { min: 1, max: 1, fn: (a) => !(a[0] instanceof Structure) && !Number.isNaN(toNumber(a[0])) },
  // Conditions: the first true condition's value (case takes an optional default last, up to 10 branches).
  if: { min: 3, max: 3, fn: (a) => (truthy(a[0]) ? a[1] : a[2]) },
  case: {
    min: 2,
    max: 21,
    fn: (a) => {
      let i = 0;
      for (; i + 1 < a.length; i += 2) if (truthy(a[i])) return a[i + 1];
      return i < a.length ? a[i] : undefined;
    },
  },
  greatest: { min: 1, max: 100, fn: (a) => extreme(a, (x, y) => x > y) },
  least: { min: 1, max: 100, fn: (a) => extreme(a, (x, y) => x < y) },
  // Times (epoch milliseconds inside, shown as timestamps)
  bin: { min: 1, max: 1, time: true, durationArgs: [0], fn: () => undefined }, // compiled specially (needs @timestamp)
  datefloor: { min: 2, max: 2, time: true, durationArgs: [1], fn: (a) => roundTime(a[0], a[1], Math.floor) },
  dateceil: { min: 2, max: 2, time: true, durationArgs: [1], fn: (a) => roundTime(a[0], a[1], Math.ceil) },
  frommillis: { min: 1, max: 1, time: true, fn: num((x) => x) },
  formatdate: { min: 2, max: 3, fn: (a) => formatDateOf(a) },
  strftime: { min: 2, max: 3, fn: (a) => formatDateOf(a) },
  parsedate: {
    min: 2,
    max: 3,
    fn: (a) => {
      const s = toText(a[0]);
      const p = toText(a[1]);
      return s === undefined || p === undefined ? undefined : parseDate(s, p, toText(a[2]));
    },
  },
  tomillis: { min: 1, max: 1, fn: num((x) => x) },
  // JSON: jsonParse makes a MAP or LIST of a JSON text (anything else, or text that is not JSON, is absent).
  jsonparse: { min: 1, max: 1, fn: (a) => parseJson(a[0]) },
  jsonarraysize: { min: 1, max: 1, fn: (a) => jsonArray(a[0])?.length },
  jsonarraycontains: {
    min: 2,
    max: 2,
    fn: (a) => {
      const list = jsonArray(a[0]);
      const want = toText(a[1]);
      if (!list || want === undefined) return false;
      return list.some((m) => (typeof m === 'string' ? m === want : typeof m === 'number' || typeof m === 'boolean' ? String(m) === want : false));
    },
  },
  jsonstringify: { min: 1, max: 1, fn: (a) => (a[0] === undefined ? undefined : a[0] instanceof Structure ? String(a[0]) : JSON.stringify(a[0])) },
  // IP address strings
  isvalidip: { min: 1, max: 1, fn: (a) => ipVersion(a[0]) !== undefined },
  isvalidipv4: { min: 1, max: 1, fn: (a) => ipVersion(a[0]) === 'ipv4' },
  isvalidipv6: { min: 1, max: 1, fn: (a) => ipVersion(a[0]) === 'ipv6' },
  isipinsubnet: { min: 2, max: 2, fn: (a) => inSubnet(a[0], a[1], undefined) },
  isipv4insubnet: { min: 2, max: 2, fn: (a) => inSubnet(a[0], a[1], 'ipv4') },
  isipv6insubnet: { min: 2, max: 2, fn: (a) => inSubnet(a[0], a[1], 'ipv6') },
  ipv4tonumber: {
    min: 1,
    max: 1,
    fn: (a) => (ipVersion(a[0]) === 'ipv4' ? (a[0] as string).split('.').reduce((n, part) => n * 256 + Number(part), 0) : undefined),
  },
  isprivateip: { min: 1, max: 1, fn: (a) => ipVersion(a[0]) === 'ipv4' && PRIVATE_V4.check(a[0] as string, 'ipv4') },
  isreservedip: { min: 1, max: 1, fn: (a) => isReserved(a[0]) },
  ispublicip: { min: 1, max: 1, fn: (a) => ipVersion(a[0]) !== undefined && !isReserved(a[0]) },
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

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** `x` rounded to `d` decimal places, halves away from zero (`round(2.5)` is 3, `round(-2.5)` is -3). */
function roundTo(x: number, d: number): number | undefined {
  const f = 10 ** d;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return Number.isFinite(r) ? r : undefined;
}

/** Great-circle distance in kilometres between two points given in degrees (mean Earth radius 6371 km). */
function haversine([lat1, lon1, lat2, lon2]: number[]): number | undefined {
  if ([lat1, lon1, lat2, lon2].some(Number.isNaN)) return undefined;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** `x` truncated to an integer of the given range ([-bound, bound)), or absent outside it. */
function integer(x: number, bound: number): number {
  const t = Math.trunc(x);
  return t >= -bound && t < bound ? t : NaN;
}

/** The members of a JSON array (a LIST, or text holding one); undefined for anything else. */
function jsonArray(v: Value): unknown[] | undefined {
  if (v instanceof Structure) return Array.isArray(v.v) ? v.v : undefined;
  const s = toText(v);
  if (s === undefined || s.length > MAX_JSON_PARSE_CHARS) return undefined;
  const parsed = attempt(() => JSON.parse(s) as unknown);
  return Array.isArray(parsed) ? parsed : undefined;
}

function hexToAscii(s: string): string | undefined {
  const hex = s.replace(/^0x/i, '');
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) return undefined;
  return Buffer.from(hex, 'hex').toString('latin1');
}

/** `0xff` for 255, `-0x10` for -16; non-integers are truncated. */
function decToHex(v: Value): string | undefined {
  const x = Math.trunc(toNumber(v));
  if (!Number.isFinite(x)) return undefined;
  return `${x < 0 ? '-' : ''}0x${Math.abs(x).toString(16)}`;
}

/** Compiled regexReplace patterns by source (a query names few; each is used for every event). */
const replacePatterns = new Map<string, RE2 | null>();

function regexReplace(v: Value, pattern: Value, replacement: Value): Value {
  const s = toText(v);
  const p = toText(pattern);
  if (s === undefined || p === undefined) return undefined;
  let re = replacePatterns.get(p);
  if (re === undefined) {
    re = attempt(() => new RE2(p, 'g')) ?? null;
    if (replacePatterns.size < 1024) replacePatterns.set(p, re);
  }
  return re === null ? undefined : s.replace(re, toText(replacement) ?? '');
}

/** RFC 1918 private IPv4 ranges. */
const PRIVATE_V4 = new BlockList();
for (const [a, n] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) PRIVATE_V4.addSubnet(a, n, 'ipv4');

/** The IANA special-purpose address registries (IPv4 and IPv6): addresses that are not publicly routable. */
const RESERVED_V4 = new BlockList();
const RESERVED_V6 = new BlockList(); // apart: a BlockList checks IPv4 addresses against IPv4-mapped IPv6 ranges too
for (const [a, n] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24],
  ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) RESERVED_V4.addSubnet(a, n, 'ipv4');
for (const [a, n] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) RESERVED_V6.addSubnet(a, n, 'ipv6');

function isReserved(v: Value): boolean {
  const version = ipVersion(v);
  return version !== undefined && (version === 'ipv4' ? RESERVED_V4 : RESERVED_V6).check(v as string, version);
}

function formatDateOf(a: Value[]): Value {
  const ms = toNumber(a[0]);
  const format = toText(a[1]);
  return Number.isNaN(ms) || format === undefined ? undefined : formatDate(ms, format, toText(a[2]));
}
