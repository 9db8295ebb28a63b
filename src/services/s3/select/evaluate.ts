// Evaluating S3 Select expressions over one record: PartiQL's three-valued logic (NULL and MISSING propagate;
// MISSING IS NULL is true), numeric coercion of CSV text where a number is compared or computed with, LIKE with
// ESCAPE, CAST, and the string and conditional functions S3 Select documents.
import { ServiceError } from '../../../common/errors.js';
import type { Expr, PathStep, Value } from './ast.js';
import { selectErrors } from './errors.js';

/** Looks a path up in the current record (the record decides how names and positions resolve). */
export type Resolve = (steps: PathStep[]) => Value;

/** SQL functions S3 Select has that Sift does not carry out: refused, not approximated. */
const NOT_BUILT = new Set(['DATE_ADD', 'DATE_DIFF', 'EXTRACT', 'TO_STRING', 'TO_TIMESTAMP', 'UTCNOW']);

const notImplemented = (what: string) => new ServiceError('NotImplemented', `Sift does not implement ${what} in S3 Select yet.`, 501, 'server');

const isAbsent = (v: Value): v is null | undefined => v === null || v === undefined;

/** A number from a number or numeric text; undefined when it is neither. */
export function toNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
    return Number(t);
  }
  return undefined;
}

function compare(a: Value, b: Value): number | null {
  if (isAbsent(a) || isAbsent(b)) return null;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x === undefined || y === undefined) return null;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return JSON.stringify(a) === JSON.stringify(b) ? 0 : null;
}

function truth(v: Value): boolean | null {
  if (isAbsent(v)) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw selectErrors.invalidDataType('a condition that is not a boolean');
}

const likeCache = new Map<string, RegExp>();

function likeRegex(pattern: string, escape: string | undefined): RegExp {
  const key = `${escape ?? ''}\u0000${pattern}`;
  let re = likeCache.get(key);
  if (re) return re;
  let src = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escape !== undefined && c === escape) {
      const next = chars[++i];
      if (next === undefined) throw selectErrors.likeEscape();
      src += next.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') src += '[\\s\\S]*';
    else if (c === '_') src += '[\\s\\S]';
    else src += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`, 'u');
  if (likeCache.size > 256) likeCache.clear();
  likeCache.set(key, re);
  return re;
}

function castTo(v: Value, to: string): Value {
  if (isAbsent(v)) return v === undefined ? undefined : null;
  switch (to) {
    case 'INT':
    case 'INTEGER': {
      const n = typeof v === 'boolean' ? Number(v) : toNumber(v);
      if (n === undefined || !Number.isFinite(n)) throw selectErrors.castFailed(String(v), to);
      return Math.trunc(n);
    }
    case 'FLOAT':
    case 'DECIMAL':
    case 'NUMERIC':
    case 'REAL':
    case 'DOUBLE': {
      const n = typeof v === 'boolean' ? Number(v) : toNumber(v);
      if (n === undefined) throw selectErrors.castFailed(String(v), to);
      return n;
    }
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'BOOL':
    case 'BOOLEAN':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
      throw selectErrors.castFailed(String(v), to);
    case 'TIMESTAMP':
      throw notImplemented('CAST to TIMESTAMP');
    default:
      throw selectErrors.invalidDataType(to);
  }
}

function text(v: Value, fn: string): string | null {
  if (isAbsent(v)) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw selectErrors.invalidDataType(`argument of ${fn}`);
}

function arity(name: string, args: Expr[], min: number, max: number): void {
  if (args.length < min || args.length > max) throw selectErrors.invalidArguments(name);
}

function trimChars(s: string, chars: string, mode: string): string {
  const set = new Set([...chars]);
  const cs = [...s];
  let a = 0;
  let b = cs.length;
  if (mode !== 'TRAILING') while (a < b && set.has(cs[a]!)) a++;
  if (mode !== 'LEADING') while (b > a && set.has(cs[b - 1]!)) b--;
  return cs.slice(a, b).join('');
}

function call(e: Extract<Expr, { type: 'call' }>, resolve: Resolve): Value {
  const args = e.args;
  const arg = (i: number) => evaluate(args[i]!, resolve);
  switch (e.name) {
    case 'LOWER':
    case 'UPPER': {
      arity(e.name, args, 1, 1);
      const s = text(arg(0), e.name);
      return s === null ? null : e.name === 'LOWER' ? s.toLowerCase() : s.toUpperCase();
    }
    case 'CHAR_LENGTH':
    case 'CHARACTER_LENGTH': {
      arity(e.name, args, 1, 1);
      const s = text(arg(0), e.name);
      return s === null ? null : [...s].length;
    }
    case 'TRIM': {
      arity(e.name, args, 1, 2);
      const s = text(arg(0), e.name);
      const chars = args.length === 2 ? text(arg(1), e.name) : ' ';
      return s === null || chars === null ? null : trimChars(s, chars, e.trim ?? 'BOTH');
    }
    case 'SUBSTRING': {
      arity(e.name, args, 2, 3);
      const s = text(arg(0), e.name);
      const start = toNumber(arg(1) ?? null);
      const len = args.length === 3 ? toNumber(arg(2) ?? null) : undefined;
      if (s === null) return null;
      if (start === undefined || (args.length === 3 && len === undefined)) throw selectErrors.invalidDataType('SUBSTRING position');
      // SQL positions are 1-based; a start before 1 eats into the length, as the standard says.
      const cs = [...s];
      const from = Math.trunc(start) - 1;
      const to = len === undefined ? cs.length : from + Math.max(0, Math.trunc(len));
      return cs.slice(Math.max(0, from), Math.max(0, to)).join('');
    }
    case 'COALESCE': {
      if (args.length < 1) throw selectErrors.invalidArguments(e.name);
      for (let i = 0; i < args.length; i++) {
        const v = arg(i);
        if (!isAbsent(v)) return v;
      }
      return null;
    }
    case 'NULLIF': {
      arity(e.name, args, 2, 2);
      const a = arg(0);
      return compare(a, arg(1)) === 0 ? null : a;
    }
    default:
      if (NOT_BUILT.has(e.name)) throw notImplemented(`the ${e.name} function`);
      throw selectErrors.unsupportedFunction(e.name);
  }
}

function arithmetic(op: string, l: Value, r: Value): Value {
  if (isAbsent(l) || isAbsent(r)) return null;
  const a = toNumber(l);
  const b = toNumber(r);
  if (a === undefined || b === undefined) throw selectErrors.invalidDataType(`operand of ${op}`);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw selectErrors.divisionByZero();
      return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
    default:
      if (b === 0) throw selectErrors.divisionByZero();
      return a % b;
  }
}

export function evaluate(e: Expr, resolve: Resolve): Value {
  switch (e.type) {
    case 'literal':
      return e.value;
    case 'path':
      return resolve(e.steps);
    case 'unary': {
      const v = evaluate(e.arg, resolve);
      if (e.op === 'NOT') {
        const t = truth(v);
        return t === null ? null : !t;
      }
      if (isAbsent(v)) return null;
      const n = toNumber(v);
      if (n === undefined) throw selectErrors.invalidDataType(`operand of unary ${e.op}`);
      return e.op === '-' ? -n : n;
    }
    case 'binary': {
      if (e.op === 'AND' || e.op === 'OR') {
        const l = truth(evaluate(e.left, resolve));
        if (e.op === 'AND' && l === false) return false;
        if (e.op === 'OR' && l === true) return true;
        const r = truth(evaluate(e.right, resolve));
        if (e.op === 'AND') return r === false ? false : l === null || r === null ? null : true;
        return r === true ? true : l === null || r === null ? null : false;
      }
      const l = evaluate(e.left, resolve);
      const r = evaluate(e.right, resolve);
      if (e.op === '||') {
        const a = text(l, '||');
        const b = text(r, '||');
        return a === null || b === null ? null : a + b;
      }
      if (['=', '!=', '<', '<=', '>', '>='].includes(e.op)) {
        const c = compare(l, r);
        if (c === null) return isAbsent(l) || isAbsent(r) ? null : e.op === '!=';
        return e.op === '=' ? c === 0 : e.op === '!=' ? c !== 0 : e.op === '<' ? c < 0 : e.op === '<=' ? c <= 0 : e.op === '>' ? c > 0 : c >= 0;
      }
      return arithmetic(e.op, l, r);
    }
    case 'like': {
      const s = text(evaluate(e.arg, resolve), 'LIKE');
      const p = text(evaluate(e.pattern, resolve), 'LIKE');
      const esc = e.escape ? text(evaluate(e.escape, resolve), 'ESCAPE') : undefined;
      if (s === null || p === null || esc === null) return null;
      if (esc !== undefined && [...esc].length !== 1) throw selectErrors.likeEscape();
      const m = likeRegex(p, esc).test(s);
      return e.not ? !m : m;
    }
    case 'between': {
      const v = evaluate(e.arg, resolve);
      const lo = compare(v, evaluate(e.low, resolve));
      const hi = compare(v, evaluate(e.high, resolve));
      if (lo === null || hi === null) return null;
      const inside = lo >= 0 && hi <= 0;
      return e.not ? !inside : inside;
    }
    case 'in': {
      const v = evaluate(e.arg, resolve);
      if (isAbsent(v)) return null;
      let unknown = false;
      for (const item of e.list) {
        const c = compare(v, evaluate(item, resolve));
        if (c === 0) return !e.not;
        if (c === null) unknown = true;
      }
      return unknown ? null : e.not;
    }
    case 'is': {
      const v = evaluate(e.arg, resolve);
      const yes = e.what === 'NULL' ? isAbsent(v) : e.what === 'MISSING' ? v === undefined : v === (e.what === 'TRUE');
      return e.not ? !yes : yes;
    }
    case 'cast':
      return castTo(evaluate(e.arg, resolve), e.to);
    case 'call':
      return call(e, resolve);
  }
}

/** WHERE keeps a record only when its condition is TRUE (NULL and MISSING drop it). */
export function matches(where: Expr | undefined, resolve: Resolve): boolean {
  return where === undefined || truth(evaluate(where, resolve)) === true;
}

/** One aggregate of the SELECT list, fed record by record. */
export class Aggregate {
  private count = 0;
  private sum = 0;
  private best: Value = null;
  constructor(private readonly e: Extract<Expr, { type: 'call' }>) {}

  add(resolve: Resolve): void {
    if (this.e.star) {
      this.count++;
      return;
    }
    const v = evaluate(this.e.args[0]!, resolve);
    if (isAbsent(v)) return;
    this.count++;
    if (this.e.name === 'SUM' || this.e.name === 'AVG') {
      const n = toNumber(v);
      if (n === undefined) throw selectErrors.invalidDataType(`argument of ${this.e.name}`);
      this.sum += n;
    } else if (this.e.name === 'MIN' || this.e.name === 'MAX') {
      const c = this.best === null ? null : compare(v, this.best);
      if (this.best === null || (c !== null && (this.e.name === 'MIN' ? c < 0 : c > 0))) this.best = v;
    }
  }

  result(): Value {
    switch (this.e.name) {
      case 'COUNT':
        return this.count;
      case 'SUM':
        return this.count ? this.sum : null;
      case 'AVG':
        return this.count ? this.sum / this.count : null;
      default:
        return this.best;
    }
  }
}
