// FindingCriteria → SQL. Every operator Macie has (eq, neq, gt, gte, lt, lte, eqExactMatch) on every field in
// fields.ts, checked as Macie checks it (known field, ≤50 values, eqExactMatch alone and only on list fields,
// ranges only on numbers and dates given as epoch milliseconds), and turned into one WHERE expression that the
// list, statistics and archive-filter queries share. Conditions on different fields are ANDed; values of eq and
// neq are ORed; values are case-sensitive.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../store/index.js';
import { errors, type CriterionAdditionalProperties, type FindingCriteria } from '../models/macie2/index.js';
import { fieldSpec, type FieldSpec } from './fields.js';

export type DialectName = 'sqlite' | 'postgres';
export type FindingsEb = ExpressionBuilder<Database, 'macie_findings'>;
export type WhereFn = (eb: FindingsEb) => Expression<SqlBool>;

export const MAX_CRITERION_VALUES = 50;
const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'eqExactMatch'] as const;
type Operator = (typeof OPERATORS)[number];

const invalid = (message: string) => new errors.ValidationException(message);

/** A criteria value for one field, converted to what its storage compares. */
type Scalar = string | number;

function toNumber(field: string, raw: unknown): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) throw invalid(`The value '${String(raw)}' isn't a number, as the criterion for ${field} requires.`);
  return n;
}

function toEpochMs(field: string, raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string') {
    if (/^-?\d+$/.test(raw.trim())) return Number(raw);
    const t = Date.parse(raw);
    if (Number.isFinite(t)) return t;
  }
  throw invalid(`The value '${String(raw)}' isn't a date (epoch milliseconds), as the criterion for ${field} requires.`);
}

function toBoolean(field: string, raw: unknown): boolean {
  if (raw === true || raw === false) return raw;
  const s = String(raw).toLowerCase();
  if (s === 'true' || s === 'false') return s === 'true';
  throw invalid(`The value '${String(raw)}' isn't true or false, as the criterion for ${field} requires.`);
}

/** The SQL expression a field is compared through, and how values are put in its terms. */
function target(spec: FieldSpec, dialect: DialectName) {
  const s = spec.storage;
  if (s.in === 'column') {
    const ref = sql.ref(`macie_findings.${s.column}`);
    const value = (raw: unknown): Scalar => {
      switch (spec.kind) {
        case 'number':
          return toNumber(spec.name, raw);
        case 'date':
          return toEpochMs(spec.name, raw);
        case 'boolean':
          return toBoolean(spec.name, raw) ? 1 : 0;
        default:
          return String(raw);
      }
    };
    return { ref, value, nullable: Boolean(s.nullable) };
  }
  if (s.in === 'json') {
    const path = s.path;
    let ref;
    if (dialect === 'postgres') {
      const text = sql`(macie_findings.finding::jsonb #>> ${`{${path.join(',')}}`}::text[])`;
      ref = spec.kind === 'number' ? sql`(${text})::double precision` : text;
    } else {
      ref = sql`json_extract(macie_findings.finding, ${`$.${path.join('.')}`})`;
    }
    const value = (raw: unknown): Scalar => {
      switch (spec.kind) {
        case 'number':
          return toNumber(spec.name, raw);
        // Dates sit in the JSON as ISO-8601 strings of one fixed width, so they compare as text.
        case 'date':
          return new Date(toEpochMs(spec.name, raw)).toISOString();
        case 'boolean': {
          const b = toBoolean(spec.name, raw);
          return dialect === 'postgres' ? String(b) : b ? 1 : 0;
        }
        default:
          return String(raw);
      }
    };
    return { ref, value, nullable: true };
  }
  return undefined;
}

function checkValues(field: string, op: Operator, values: unknown): unknown[] {
  if (!Array.isArray(values)) throw invalid(`The ${op} condition for ${field} must be a list of values.`);
  if (values.length === 0) throw invalid(`The ${op} condition for ${field} needs at least one value.`);
  if (values.length > MAX_CRITERION_VALUES) throw invalid(`The ${op} condition for ${field} can have at most ${MAX_CRITERION_VALUES} values.`);
  return values;
}

/**
 * How the list query should test an `eq` on a list-valued field: `probe` checks each candidate finding's terms
 * (best when many findings match, so walking the sort index finds a page quickly); `lookup` collects the matching
 * findings from the term index first (best when few match). FindingsStore decides per query from a bounded count.
 */
export type TermStrategy = 'probe' | 'lookup';
export interface CompileOptions {
  termStrategy?: (termCode: string, values: string[]) => TermStrategy;
}

function compileField(name: string, props: CriterionAdditionalProperties, dialect: DialectName, options: CompileOptions): WhereFn {
  const spec = fieldSpec(name);
  if (!spec) throw invalid(`The criterion field '${name}' isn't a field that findings can be filtered on.`);
  if (!props || typeof props !== 'object') throw invalid(`The criterion for ${name} must be an object of conditions.`);
  const ops = (Object.keys(props) as Operator[]).filter((k) => props[k] !== undefined && props[k] !== null);
  for (const op of ops) if (!OPERATORS.includes(op)) throw invalid(`'${op}' isn't a criterion operator.`);
  if (ops.length === 0) throw invalid(`The criterion for ${name} has no conditions.`);
  if (ops.includes('eqExactMatch')) {
    if (!spec.exactMatch) throw invalid(`eqExactMatch isn't supported for ${name}.`);
    if (ops.length > 1) throw invalid(`eqExactMatch can't be combined with other operators for ${name}.`);
  }
  const ranged = ops.filter((op) => op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte');
  if (ranged.length > 0 && spec.kind !== 'number' && spec.kind !== 'date') {
    throw invalid(`${name} supports only the eq and neq operators.`);
  }

  if (spec.storage.in === 'terms') return compileTermField(spec, props, ops, options);

  const t = target(spec, dialect)!;
  const parts: WhereFn[] = [];
  for (const op of ops) {
    if (op === 'eq') {
      const vals = checkValues(name, op, props.eq).map(t.value);
      parts.push((eb) => eb(t.ref as any, 'in', vals));
    } else if (op === 'neq') {
      const vals = checkValues(name, op, props.neq).map(t.value);
      // A finding without the field is "not equal" to every value.
      parts.push((eb) => (t.nullable ? eb.or([eb(t.ref as any, 'is', null), eb(t.ref as any, 'not in', vals)]) : eb(t.ref as any, 'not in', vals)));
    } else {
      const v = t.value(spec.kind === 'date' ? toEpochMs(name, props[op]) : toNumber(name, props[op]));
      const cmp = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op as 'gt'] as '>' | '>=' | '<' | '<=';
      parts.push((eb) => eb(t.ref as any, cmp, v));
    }
  }
  return (eb) => eb.and(parts.map((p) => p(eb)));
}

function compileTermField(spec: FieldSpec, props: CriterionAdditionalProperties, ops: Operator[], options: CompileOptions): WhereFn {
  const field = spec.termCode!;
  const strings = (op: Operator) => checkValues(spec.name, op, props[op]).map((v) => String(v));
  const parts: WhereFn[] = [];
  for (const op of ops) {
    if (op === 'eq') {
      const vals = strings(op);
      if ((options.termStrategy?.(field, vals) ?? 'lookup') === 'probe') {
        parts.push((eb) =>
          eb.exists(
            eb.selectFrom('macie_finding_terms as t').select('t.finding_id').whereRef('t.finding_id', '=', 'macie_findings.id').where('t.field', '=', field).where('t.value_text', 'in', vals),
          ),
        );
      } else {
        parts.push((eb) =>
          eb('macie_findings.id', 'in', eb.selectFrom('macie_finding_terms').select('macie_finding_terms.finding_id').where('field', '=', field).where('value_text', 'in', vals)),
        );
      }
    } else if (op === 'neq') {
      const vals = strings(op);
      parts.push((eb) =>
        eb.not(eb.exists(
          eb.selectFrom('macie_finding_terms as t').select('t.finding_id').whereRef('t.finding_id', '=', 'macie_findings.id').where('t.field', '=', field).where('t.value_text', 'in', vals),
        )),
      );
    } else if (op === 'eqExactMatch') {
      const vals = [...new Set(strings(op))];
      parts.push((eb) =>
        eb.and([
          eb(
            'macie_findings.id',
            'in',
            eb
              .selectFrom('macie_finding_terms')
              .select('macie_finding_terms.finding_id')
              .where('field', '=', field)
              .where('value_text', 'in', vals)
              .groupBy('macie_finding_terms.finding_id')
              .having((h) => h.fn.count(sql`distinct value_text`), '=', vals.length),
          ),
          eb.not(eb.exists(
            eb.selectFrom('macie_finding_terms as t').select('t.finding_id').whereRef('t.finding_id', '=', 'macie_findings.id').where('t.field', '=', field).where('t.value_text', 'not in', vals),
          )),
        ]),
      );
    }
  }
  return (eb) => eb.and(parts.map((p) => p(eb)));
}

/**
 * Checks criteria and compiles them to one WHERE function (true when there are none). Throws Macie's
 * ValidationException saying what is wrong.
 */
export function compileCriteria(criteria: FindingCriteria | undefined, dialect: DialectName, options: CompileOptions = {}): WhereFn {
  const criterion = criteria?.criterion;
  if (criterion === undefined || criterion === null) return (eb) => eb.and([]);
  if (typeof criterion !== 'object' || Array.isArray(criterion)) throw invalid('findingCriteria.criterion must be a map of field names to conditions.');
  const seen = new Set<string>();
  const parts: WhereFn[] = [];
  for (const [name, props] of Object.entries(criterion)) {
    const canonical = fieldSpec(name)?.name ?? name;
    if (seen.has(canonical)) throw invalid(`The criterion field ${canonical} can appear only once.`);
    seen.add(canonical);
    parts.push(compileField(name, props, dialect, options));
  }
  return (eb) => eb.and(parts.map((p) => p(eb)));
}
