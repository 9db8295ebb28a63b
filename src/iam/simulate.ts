// IAM's policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy) on the same evaluation engine every request
// goes through (./policy): for each action and resource, the decision (allowed / explicitDeny / implicitDeny), the
// statements that decided it (only the denying ones when a Deny applies) with their place in the policy text, the
// condition keys the applicable statements use that the simulation was not given, and what the permissions
// boundary decided. Only the given context entries (and what the principal itself supplies) are known: the
// simulator does not invent a source IP or a time of day.
import {
  buildRequestValues,
  evaluateDetailed,
  parsePolicy,
  resourceAccountOf,
  actionMatch,
  wildcardMatch,
  type ContextValue,
  type EvaluationPrincipal,
  type EvaluationRequest,
  type MatchedStatement,
  type PolicyDocument,
  type PolicyKind,
} from './policy/index.js';

export interface SimulatedPolicy {
  /** SourcePolicyId: a policy's name, or PolicyInputList.N for a document given as text. */
  id: string;
  /** SourcePolicyType as IAM reports it. */
  type: string;
  text: string;
}

export interface SimulationInput {
  principal: EvaluationPrincipal;
  identity: SimulatedPolicy[];
  boundary?: SimulatedPolicy[];
  resourcePolicy?: SimulatedPolicy;
  /** The account owning the resources (ResourceOwner); by default the resource ARN's, else the caller's. */
  resourceOwner?: string;
  actions: string[];
  /** Empty: every resource (`*`). */
  resources: string[];
  context: Record<string, ContextValue>;
  now: Date;
}

export interface Position {
  Line: number;
  Column: number;
}
export interface SimulatedStatement {
  SourcePolicyId: string;
  SourcePolicyType: string;
  StartPosition?: Position;
  EndPosition?: Position;
}
export type SimDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface ResourceResult {
  EvalResourceName: string;
  EvalResourceDecision: SimDecision;
  MatchedStatements: SimulatedStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, SimDecision>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
}

export interface SimulationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: SimDecision;
  MatchedStatements: SimulatedStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, SimDecision>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
  ResourceSpecificResults?: ResourceResult[];
}

const DECISION: Record<string, SimDecision> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };

interface Compiled {
  source: SimulatedPolicy;
  doc: PolicyDocument;
  spans: { start: Position; end: Position }[];
}

function compile(p: SimulatedPolicy, kind: PolicyKind): Compiled {
  return { source: p, doc: parsePolicy(p.text, kind, { requireCurrentVersion: false }), spans: statementSpans(p.text) };
}

export function simulate(input: SimulationInput): SimulationResult[] {
  const identity = input.identity.map((p) => compile(p, 'identity'));
  const boundaries = (input.boundary ?? []).map((p) => compile(p, 'identity'));
  const resource = input.resourcePolicy ? compile(input.resourcePolicy, 'resource') : undefined;
  // Several boundary documents bound together: one document with all their statements (positions kept per source).
  const boundaryDoc: PolicyDocument | undefined = boundaries.length ? { version: '2012-10-17', statements: boundaries.flatMap((b) => b.doc.statements) } : undefined;
  const boundaryOwner = boundaries.flatMap((b) => b.doc.statements.map((_, i) => ({ policy: b, index: i })));

  const describe = (m: MatchedStatement): SimulatedStatement => {
    let policy: Compiled | undefined;
    let index = m.statementIndex;
    if (m.source === 'identity') policy = identity[m.policyIndex];
    else if (m.source === 'resource') policy = resource;
    else if (m.source === 'boundary') ({ policy, index } = boundaryOwner[m.statementIndex] ?? { policy: undefined, index });
    const span = policy?.spans[index];
    return { SourcePolicyId: policy?.source.id ?? '', SourcePolicyType: policy?.source.type ?? 'none', ...(span ? { StartPosition: span.start, EndPosition: span.end } : {}) };
  };

  const results: SimulationResult[] = [];
  const resources = input.resources.length ? input.resources : ['*'];
  for (const action of input.actions) {
    for (const res of resources) {
      const request: EvaluationRequest = { principal: input.principal, action, resource: res, context: input.context, ...(input.resourceOwner ? { resourceAccountId: input.resourceOwner } : {}) };
      const r = evaluateDetailed(request, identity.map((c) => c.doc), resource?.doc, { ...(boundaryDoc ? { permissionsBoundary: boundaryDoc } : {}), now: input.now });
      const decision = DECISION[r.decision]!;
      // Only the statements that determine the result: the Denies when one applies, else the Allows (not the boundary's).
      const deciding = r.decision === 'ExplicitDeny' ? r.matched.filter((m) => m.effect === 'Deny') : r.decision === 'Allow' ? r.matched.filter((m) => m.effect === 'Allow' && m.source !== 'boundary') : [];
      const matched = deciding.map(describe);
      const missing = missingKeys([...identity.map((c) => c.doc), ...(resource ? [resource.doc] : []), ...(boundaryDoc ? [boundaryDoc] : [])], request, input.now);
      const boundaryDetail = boundaryDoc ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: r.matched.some((m) => m.source === 'boundary' && m.effect === 'Allow') && !r.matched.some((m) => m.source === 'boundary' && m.effect === 'Deny') } } : {};
      const crossAccount = resourceAccountOf(request) !== input.principal.accountId;
      // Cross-account: how each side decided; same account with a named resource: present and empty; `*`: absent.
      const details = crossAccount ? crossAccountDetails(r.matched) : res !== '*' ? {} : undefined;
      const result: SimulationResult = {
        EvalActionName: action,
        EvalResourceName: res,
        EvalDecision: decision,
        MatchedStatements: matched,
        MissingContextValues: res === '*' ? missing : [],
        ...(details ? { EvalDecisionDetails: details } : {}),
        ...boundaryDetail,
      };
      if (res !== '*') {
        result.ResourceSpecificResults = [
          { EvalResourceName: res, EvalResourceDecision: decision, MatchedStatements: matched, MissingContextValues: missing, ...(details ? { EvalDecisionDetails: details } : {}), ...boundaryDetail },
        ];
      }
      results.push(result);
    }
  }
  return results;
}

function crossAccountDetails(matched: MatchedStatement[]): Record<string, SimDecision> {
  const side = (sources: string[]): SimDecision =>
    matched.some((m) => sources.includes(m.source) && m.effect === 'Deny') ? 'explicitDeny' : matched.some((m) => sources.includes(m.source) && m.effect === 'Allow') ? 'allowed' : 'implicitDeny';
  return { IdentityPolicy: side(['identity']), ResourcePolicy: side(['resource']) };
}

/** Condition keys used by statements that apply to this action and resource, which the simulation has no value for. */
function missingKeys(docs: PolicyDocument[], req: EvaluationRequest, now: Date): string[] {
  const known = buildRequestValues(req.principal, req.context, now);
  const missing = new Map<string, string>();
  for (const doc of docs) {
    for (const s of doc.statements) {
      if (s.action && !s.action.some((p) => actionMatch(p, req.action))) continue;
      if (s.notAction && s.notAction.some((p) => actionMatch(p, req.action))) continue;
      if (s.resource && !s.resource.some((p) => wildcardMatch(p, req.resource, undefined) || p.includes('${'))) continue;
      for (const c of s.conditions) if (!known.has(c.key.toLowerCase()) && !missing.has(c.key.toLowerCase())) missing.set(c.key.toLowerCase(), c.key);
    }
  }
  return [...missing.values()];
}

/**
 * Where each statement of the Statement list is in the policy text (lines and columns from 1; the end is just past
 * the statement's closing brace). A single statement object counts as a list of one.
 */
export function statementSpans(text: string): { start: Position; end: Position }[] {
  const spans: { start: Position; end: Position }[] = [];
  const pos = (i: number): Position => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    return { Line: line, Column: i - before.lastIndexOf('\n') };
  };
  // Find the top-level "Statement" key, skipping strings and nested values.
  let depth = 0;
  let i = 0;
  const skipString = (j: number) => {
    for (j++; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return j;
  };
  /** The end (exclusive) of the JSON value starting at j. */
  const skipValue = (j: number): number => {
    if (text[j] === '"') return skipString(j);
    if (text[j] === '{' || text[j] === '[') {
      let d = 0;
      for (; j < text.length; j++) {
        const ch = text[j];
        if (ch === '"') {
          j = skipString(j) - 1;
          continue;
        }
        if (ch === '{' || ch === '[') d++;
        else if (ch === '}' || ch === ']') {
          d--;
          if (d === 0) return j + 1;
        }
      }
      return j;
    }
    while (j < text.length && !/[,}\]]/.test(text[j]!)) j++;
    return j;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = skipString(i);
      const key = text.slice(i + 1, end - 1);
      let j = end;
      while (/\s/.test(text[j] ?? '')) j++;
      if (depth === 1 && key === 'Statement' && text[j] === ':') {
        j++;
        while (/\s/.test(text[j] ?? '')) j++;
        if (text[j] === '{') return [{ start: pos(j), end: pos(skipValue(j)) }];
        if (text[j] !== '[') return spans;
        j++;
        for (;;) {
          while (/[\s,]/.test(text[j] ?? '')) j++;
          if (j >= text.length || text[j] === ']') return spans;
          const e = skipValue(j);
          if (e <= j) return spans; // not a value (malformed text): stop
          spans.push({ start: pos(j), end: pos(e) });
          j = e;
        }
      }
      i = end;
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    i++;
  }
  return spans;
}
