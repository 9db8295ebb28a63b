// Parses and validates a policy document as IAM does, throwing MalformedPolicyDocument with IAM's wording
// (the messages moto's validator recorded from AWS): "Syntax errors in policy.", "Policy document must be version
// 2012-10-17 or greater.", "The policy failed legacy parsing", "Statement IDs (SID) in a single policy must be
// unique.", "Policy statement must contain actions.", "Policy statement must contain resources.",
// "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", "Resource x must be in ARN format or
// \"*\".", "Policy document should not specify a principal.", "Missing required field Principal",
// "Has prohibited field Resource", "Invalid principal in policy: \"AWS\":\"x\"".
import { ServiceError } from '../../common/errors.js';
import { parseOperator } from './conditions.js';
import type { ConditionClause, PolicyDocument, PolicyKind, PolicyVersion, PrincipalMap, PrincipalSpec, Statement } from './types.js';

export function malformedPolicyDocument(message: string): ServiceError {
  // Same code/shape as IAM's and STS's modelled MalformedPolicyDocumentException.
  return new ServiceError('MalformedPolicyDocument', message, 400, 'client', {}, 'MalformedPolicyDocumentException');
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

class Syntax extends Error {}
const syntax = (): never => {
  throw new Syntax();
};

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(v: Json): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return syntax();
}

function conditionValues(v: Json): string[] {
  const one = (x: Json): string => (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : syntax());
  return Array.isArray(v) ? v.map(one) : [one(v)];
}

function principalSpec(v: Json): PrincipalSpec {
  if (v === '*') return '*';
  if (!isObject(v)) return syntax();
  const out: PrincipalMap = {};
  for (const [type, value] of Object.entries(v)) {
    if (!PRINCIPAL_TYPES.has(type)) return syntax();
    out[type as keyof PrincipalMap] = stringList(value);
  }
  return out;
}

function conditionBlock(v: Json): ConditionClause[] {
  if (!isObject(v)) return syntax();
  const clauses: ConditionClause[] = [];
  for (const [operator, keys] of Object.entries(v)) {
    if (!isObject(keys)) return syntax();
    const parsed = parseOperator(operator);
    if (!parsed) return syntax();
    for (const [key, values] of Object.entries(keys)) clauses.push({ operator, ...parsed, key, values: conditionValues(values) });
  }
  return clauses;
}

interface RawStatement {
  raw: Record<string, Json>;
  statement: Statement;
}

function readStatement(raw: Json): RawStatement {
  if (!isObject(raw)) return syntax();
  for (const k of Object.keys(raw)) if (!STATEMENT_FIELDS.has(k)) syntax();
  if ('Action' in raw && 'NotAction' in raw) syntax();
  if ('Resource' in raw && 'NotResource' in raw) syntax();
  if ('Principal' in raw && 'NotPrincipal' in raw) syntax();
  const effect = raw.Effect;
  if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) syntax();
  if ('Sid' in raw && typeof raw.Sid !== 'string') syntax();
  const statement: Statement = { effect: effect as Statement['effect'], conditions: [] };
  if (typeof raw.Sid === 'string') statement.sid = raw.Sid;
  if ('Action' in raw) statement.action = stringList(raw.Action);
  if ('NotAction' in raw) statement.notAction = stringList(raw.NotAction);
  if ('Resource' in raw) statement.resource = stringList(raw.Resource);
  if ('NotResource' in raw) statement.notResource = stringList(raw.NotResource);
  if ('Principal' in raw) statement.principal = principalSpec(raw.Principal);
  if ('NotPrincipal' in raw) statement.notPrincipal = principalSpec(raw.NotPrincipal);
  if ('Condition' in raw) statement.conditions = conditionBlock(raw.Condition);
  return { raw, statement };
}

function checkAction(action: string): void {
  if (action === '*') return;
  const parts = action.split(':');
  if (parts.length === 1) throw malformedPolicyDocument('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  if (parts.length > 2) throw malformedPolicyDocument('Actions/Condition can contain only one colon.');
  if (/[^a-zA-Z0-9\-.*?]/.test(parts[0]!)) throw malformedPolicyDocument(`Vendor ${parts[0]} is not valid`);
}

function checkResource(resource: string): void {
  if (resource === '*') return;
  if (!resource.includes(':')) throw malformedPolicyDocument(`Resource ${resource} must be in ARN format or "*".`);
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) throw malformedPolicyDocument(`Resource ${resource} must be in ARN format or "*".`);
  if (parts[1] !== 'aws' && parts[1] !== '*' && !/^aws(-[a-z]+)*$/.test(parts[1]!)) {
    throw malformedPolicyDocument(`Partition "${parts[1]}" is not valid for resource "${resource}".`);
  }
}

const ACCOUNT = /^\d{12}$/;
const AWS_PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;

function checkPrincipal(spec: PrincipalSpec): void {
  if (spec === '*') return;
  for (const v of spec.AWS ?? []) {
    if (v === '*' || ACCOUNT.test(v)) continue;
    if (!AWS_PRINCIPAL_ARN.test(v) || v.includes('*') || v.includes('?')) throw malformedPolicyDocument(`Invalid principal in policy: "AWS":"${v}"`);
  }
  for (const v of spec.Service ?? []) {
    if (v !== '*' && !/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/.test(v)) throw malformedPolicyDocument(`Invalid principal in policy: "SERVICE":"${v}"`);
  }
  for (const v of spec.Federated ?? []) {
    if (v.includes('*')) throw malformedPolicyDocument(`Invalid principal in policy: "FEDERATED":"${v}"`);
  }
}

export interface ParsePolicyOptions {
  /** Identity policies must be version 2012-10-17 (IAM refuses older ones); others default to 2008-10-17 when missing. */
  requireCurrentVersion?: boolean;
}

/** Parses a policy document (JSON text or an already-parsed object) of the given kind. Throws MalformedPolicyDocument. */
export function parsePolicy(input: string | Json, kind: PolicyKind, options: ParsePolicyOptions = {}): PolicyDocument {
  let doc: Json;
  let statements: RawStatement[];
  let version: PolicyVersion;
  try {
    doc = typeof input === 'string' ? JSON.parse(input) : input;
    if (!isObject(doc)) return syntax();
    for (const k of Object.keys(doc)) if (!TOP_LEVEL.has(k)) syntax();
    if ('Version' in doc && (typeof doc.Version !== 'string' || !VERSIONS.has(doc.Version))) syntax();
    if ('Id' in doc && typeof doc.Id !== 'string') syntax();
    const list = Array.isArray(doc.Statement) ? doc.Statement : isObject(doc.Statement) ? [doc.Statement] : syntax();
    if (list.length === 0) syntax();
    statements = list.map(readStatement);
    version = (doc.Version as PolicyVersion | undefined) ?? '2008-10-17';
  } catch (err) {
    if (err instanceof Syntax || err instanceof SyntaxError) throw malformedPolicyDocument('Syntax errors in policy.');
    throw err;
  }

  // IAM takes 2008-10-17 documents too (their policy variables are plain text); only a caller may ask for 2012-10-17.
  const requireCurrent = options.requireCurrentVersion ?? false;
  if (requireCurrent && version !== '2012-10-17') throw malformedPolicyDocument('Policy document must be version 2012-10-17 or greater.');
  // Effect is matched case-sensitively after the syntax check accepted any casing: AWS's "legacy parsing".
  if (statements.some(({ statement }) => statement.effect !== 'Allow' && statement.effect !== 'Deny')) throw malformedPolicyDocument('The policy failed legacy parsing');

  const sids = new Set<string>();
  for (const { statement } of statements) {
    if (!statement.sid) continue;
    if (sids.has(statement.sid)) throw malformedPolicyDocument('Statement IDs (SID) in a single policy must be unique.');
    sids.add(statement.sid);
    if (kind !== 'resource' && !/^[0-9A-Za-z]*$/.test(statement.sid)) {
      throw malformedPolicyDocument('Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*');
    }
  }
  for (const { statement } of statements) {
    const actions = statement.action ?? statement.notAction;
    if (!actions || actions.length === 0) throw malformedPolicyDocument('Policy statement must contain actions.');
  }
  for (const { statement } of statements) {
    const resources = statement.resource ?? statement.notResource;
    if (kind === 'trust') {
      if (resources) throw malformedPolicyDocument('Has prohibited field Resource');
    } else if (!resources || resources.length === 0) {
      throw malformedPolicyDocument('Policy statement must contain resources.');
    }
    for (const r of resources ?? []) checkResource(r);
  }
  for (const { statement } of statements) for (const a of statement.action ?? statement.notAction ?? []) checkAction(a);
  for (const { statement } of statements) {
    const principal = statement.principal ?? statement.notPrincipal;
    if (kind === 'identity' || kind === 'session') {
      if (principal) throw malformedPolicyDocument('Policy document should not specify a principal.');
    } else {
      if (!principal) throw malformedPolicyDocument('Missing required field Principal');
      checkPrincipal(principal);
    }
  }
  const doc2 = doc as Record<string, Json>;
  return { version, ...(typeof doc2.Id === 'string' ? { id: doc2.Id } : {}), statements: statements.map((s) => s.statement) };
}

/** Characters IAM counts against policy size quotas: everything but whitespace. */
export function policySize(json: string): number {
  return json.replace(/\s+/g, '').length;
}
