// IAM condition operators. A Condition block is an AND of operators, each an AND of keys, each an OR of values;
// negated operators (StringNotEquals …) require the request value to match none of the values.
// Missing keys: a positive operator is false, a negated one true, `…IfExists` true, `Null` tests presence.
// Multivalued keys: `ForAnyValue:` (some request value matches; no values → false), `ForAllValues:` (every request
// value matches; no values → true); without a qualifier a multivalued key matches when any of its values does.
import { BlockList, isIP } from 'node:net';
import type { ConditionClause } from './types.js';
import type { RequestValues } from './request-context.js';
import { arnMatch, hasVariables, resolveVariable, wildcardMatch } from './wildcard.js';

type BaseMatch = (requestValue: string, policyValue: string, values: RequestValues | undefined) => boolean;

function substitute(policyValue: string, values: RequestValues | undefined): string | undefined {
  if (!values || !hasVariables(policyValue)) return policyValue;
  let out = '';
  for (let i = 0; i < policyValue.length; i++) {
    if (policyValue[i] === '$' && policyValue[i + 1] === '{') {
      const end = policyValue.indexOf('}', i + 2);
      if (end > 0) {
        const v = resolveVariable(policyValue.slice(i + 2, end), values);
        if (v === undefined) return undefined;
        out += v;
        i = end;
        continue;
      }
    }
    out += policyValue[i];
  }
  return out;
}

function parseNumber(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** ISO 8601 date/time or epoch seconds. */
export function parseConditionDate(s: string): number | undefined {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

const blockLists = new Map<string, BlockList | null>();
function blockListOf(cidr: string): BlockList | undefined {
  let hit = blockLists.get(cidr);
  if (hit === undefined) {
    hit = null;
    const [addr, bits] = cidr.trim().split('/');
    const family = addr ? isIP(addr) : 0;
    if (family) {
      const max = family === 4 ? 32 : 128;
      const prefix = bits === undefined ? max : /^\d+$/.test(bits) ? Number(bits) : NaN;
      if (prefix >= 0 && prefix <= max) {
        hit = new BlockList();
        hit.addSubnet(addr!, prefix, family === 4 ? 'ipv4' : 'ipv6');
      }
    }
    if (blockLists.size > 10_000) blockLists.clear();
    blockLists.set(cidr, hit);
  }
  return hit ?? undefined;
}

function ipMatch(requestValue: string, cidr: string): boolean {
  const family = isIP(requestValue);
  if (!family) return false;
  const list = blockListOf(cidr);
  return list ? list.check(requestValue, family === 4 ? 'ipv4' : 'ipv6') : false;
}

const numeric = (cmp: (a: number, b: number) => boolean): BaseMatch => (r, p) => {
  const a = parseNumber(r);
  const b = parseNumber(p);
  return a !== undefined && b !== undefined && cmp(a, b);
};
const date = (cmp: (a: number, b: number) => boolean): BaseMatch => (r, p) => {
  const a = parseConditionDate(r);
  const b = parseConditionDate(p);
  return a !== undefined && b !== undefined && cmp(a, b);
};
const withVars = (m: (r: string, p: string) => boolean): BaseMatch => (r, p, values) => {
  const s = substitute(p, values);
  return s !== undefined && m(r, s);
};

/** Positive operators; each negated operator is `[positive, true]`. */
const BASES: Record<string, BaseMatch> = {
  StringEquals: withVars((r, p) => r === p),
  StringEqualsIgnoreCase: withVars((r, p) => r.toLowerCase() === p.toLowerCase()),
  StringLike: (r, p, values) => wildcardMatch(p, r, values),
  NumericEquals: numeric((a, b) => a === b),
  NumericLessThan: numeric((a, b) => a < b),
  NumericLessThanEquals: numeric((a, b) => a <= b),
  NumericGreaterThan: numeric((a, b) => a > b),
  NumericGreaterThanEquals: numeric((a, b) => a >= b),
  DateEquals: date((a, b) => a === b),
  DateLessThan: date((a, b) => a < b),
  DateLessThanEquals: date((a, b) => a <= b),
  DateGreaterThan: date((a, b) => a > b),
  DateGreaterThanEquals: date((a, b) => a >= b),
  Bool: withVars((r, p) => r.toLowerCase() === p.toLowerCase()),
  BinaryEquals: (r, p) => r === p,
  IpAddress: (r, p) => ipMatch(r, p),
  ArnEquals: (r, p, values) => arnMatch(p, r, values),
  ArnLike: (r, p, values) => arnMatch(p, r, values),
};

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/** Every operator name without qualifier or IfExists. */
export const CONDITION_OPERATORS: readonly string[] = [...Object.keys(BASES), ...Object.keys(NEGATED), 'Null'];

export function isKnownOperator(base: string): boolean {
  return base in BASES || base in NEGATED || base === 'Null';
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined for an unknown operator. */
export function parseOperator(operator: string): Pick<ConditionClause, 'base' | 'qualifier' | 'ifExists'> | undefined {
  let rest = operator;
  let qualifier: ConditionClause['qualifier'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== 'ForAnyValue' && q !== 'ForAllValues') return undefined;
    qualifier = q;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!isKnownOperator(rest) || (rest === 'Null' && (ifExists || qualifier))) return undefined;
  return { base: rest, ...(qualifier ? { qualifier } : {}), ifExists };
}

/**
 * Evaluates one condition clause. `values` are the request's; `variables` is the same map when the policy's version
 * allows policy variables (2012-10-17), undefined otherwise.
 */
export function conditionMatches(clause: ConditionClause, values: RequestValues, variables: RequestValues | undefined): boolean {
  const present = values.get(clause.key.toLowerCase());
  const missing = present === undefined || present.length === 0;
  if (clause.base === 'Null') {
    return clause.values.some((v) => (v.toLowerCase() === 'true' ? missing : v.toLowerCase() === 'false' ? !missing : false));
  }
  const positiveName = NEGATED[clause.base];
  const negated = positiveName !== undefined;
  const base = BASES[positiveName ?? clause.base];
  if (!base) return false;
  const one = (requestValue: string) => {
    const hit = clause.values.some((p) => base(requestValue, p, variables));
    return negated ? !hit : hit;
  };
  if (clause.qualifier === 'ForAllValues') return missing || present!.every(one);
  if (clause.qualifier === 'ForAnyValue') return !missing && present!.some(one);
  if (missing) return clause.ifExists || negated;
  return negated ? present!.every(one) : present!.some(one);
}

export function conditionsMatch(clauses: ConditionClause[], values: RequestValues, variables: RequestValues | undefined): boolean {
  return clauses.every((c) => conditionMatches(c, values, variables));
}
