// Amazon EventBridge on Sift's endpoint: the default event bus of each account and Region and custom buses (with
// resource policies that let other accounts put events on them, evaluated by Sift's IAM), rules with event patterns
// (the whole pattern language, pattern/), targets (SNS topics, CloudWatch Logs log groups, API destinations with
// their connections), PutEvents and TestEventPattern. A matched event becomes one outbox row per target before
// PutEvents answers (outbox/), delivered with retries and exponential backoff on the code's clock for up to the
// target's RetryPolicy (24 hours and 185 attempts by default). Macie findings arrive through `putAwsEvents`
// (macie-publisher.ts); a target's Input, InputPath or InputTransformer shapes what it receives (input-transform.ts).
// Partner buses, schedules, archives, replays and other target types answer NotImplemented.
import type { Database } from '../../store/index.js';
import { ServiceError, type Outbound, type RequestContext } from '../../common/index.js';
import { errors as E, type EventsApi } from '../../models/events/index.js';
import type * as T from '../../models/events/index.js';
import type { LogsInternalApi } from '../logs/index.js';
import { createOutbox, type AttemptResult, type OutboxItem } from '../outbox/index.js';
import type { PlatformDeps, Provider, ServiceRegistration } from '../types.js';
import { flattenEvent, PatternError } from './pattern/index.js';
import { compiledPattern, matchRules, type RuleEntry } from './rule-set.js';
import { InputPathError, parseJsonPath, targetInput, transformerProblem } from './input-transform.js';

export const MAX_EVENT_BYTES = 256 * 1024;
export const MAX_RULES_PER_BUS = 300;
export const MAX_TARGETS_PER_RULE = 5;
export const MAX_PUT_EVENTS_ENTRIES = 10;
export const MAX_PATTERN_BYTES = 4096;
const DEFAULT_MAX_ATTEMPTS = 185;
const DEFAULT_MAX_AGE_S = 86_400;

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const notImplemented = (what: string) => new ServiceError('NotImplemented', `Sift does not implement ${what}.`, 501, 'server');
const validation = (message: string) => new ServiceError('ValidationException', message, 400);

/** A row as the schema declares it (migration 0018). */
type RuleRow = Database['events_rules'];

/** An EventBridge event as targets receive it. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** One target invocation in the outbox. */
interface TargetDelivery {
  ruleArn: string;
  accountId: string;
  region: string;
  target: T.Target;
  /** The text the target receives (the event, Input, the InputPath's part, or the InputTransformer's output). */
  input: string;
  /** The event's id (names the log stream of a Logs target); absent in rows queued before it was recorded. */
  eventId?: string;
  eventTime: number;
}

/** A rule's ARN: `rule/<name>` on the default bus, `rule/<bus>/<name>` on a custom bus. */
export function ruleArnOf(accountId: string, region: string, name: string, bus = 'default'): string {
  return bus === 'default' ? `arn:aws:events:${region}:${accountId}:rule/${name}` : `arn:aws:events:${region}:${accountId}:rule/${bus}/${name}`;
}
const busArnOf = (accountId: string, region: string, bus = 'default') => `arn:aws:events:${region}:${accountId}:event-bus/${bus}`;
export const MAX_BUSES_PER_ACCOUNT = 100;
export const MAX_BUS_POLICY_BYTES = 10_240;

function parseBusArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws:events:([a-z0-9-]+):(\d{12}):event-bus\/([.\-_A-Za-z0-9]{1,256})$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}
const BUS_NAME = /^[.\-_A-Za-z0-9]{1,256}$/;

/** The bus name an `EventBusName` (a name or an ARN of this account's bus) designates; undefined for another account's. */
function busNameOf(nameOrArn: string | undefined, ctx: RequestContext): string | undefined {
  if (nameOrArn === undefined || nameOrArn === '') return 'default';
  const m = /^arn:aws:events:([a-z0-9-]+):(\d{12}):event-bus\/(.+)$/.exec(nameOrArn);
  if (!m) return nameOrArn;
  return m[1] === ctx.region && m[2] === ctx.accountId ? m[3] : undefined;
}

/** The event's time as EventBridge writes it: ISO 8601 to the second. */
export const eventTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** How targets publish to SNS topics (the SNS service's internal API, as the AWS service events.amazonaws.com). */
export interface SnsPublisher {
  publishAsService(call: { service: string; accountId: string; sourceArn: string; topicArn: string; message: string; subject?: string }): Promise<string>;
}

export interface EventsDeps extends Pick<PlatformDeps, 'store' | 'clock' | 'ids' | 'logger' | 'masterKey'> {
  outbound: Outbound;
  sns: SnsPublisher;
  logs: LogsInternalApi;
}

export interface EventsInternal {
  /** Puts events an AWS service emits (Macie's findings) on the account's default bus; resolves once queued. */
  putAwsEvents(accountId: string, region: string, events: readonly Omit<BusEvent, 'version' | 'id' | 'account' | 'region'>[]): Promise<void>;
  /** Runs due target deliveries now (tests, with a ManualClock). */
  deliverDue(): Promise<number>;
}


type TargetKind = 'sns' | 'logs' | 'api-destination';

function targetKind(arn: string): TargetKind {
  if (/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(arn)) return 'sns';
  if (/^arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+(:\*)?$/.test(arn)) return 'logs';
  if (/^arn:aws:events:[a-z0-9-]+:\d{12}:api-destination\/[^/]+(\/[^/]+)?$/.test(arn)) return 'api-destination';
  throw notImplemented(`EventBridge targets other than SNS topics, CloudWatch Logs log groups and API destinations (${arn.split(':')[2] ?? arn})`);
}

/** The id of the event an older outbox row carries in its input (rows queued before `eventId` was recorded). */
function legacyEventId(input: string): string | undefined {
  try {
    const id = (JSON.parse(input) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The log event a Logs target writes: an input transformer whose output is `{"timestamp": ..., "message": ...}` (the
 * form EventBridge documents for log group targets) sets both; any other input is the message, at the event's time.
 */
function logEventOf(d: TargetDelivery): { timestamp: number; message: string } {
  if (d.target.InputTransformer) {
    try {
      const v = JSON.parse(d.input) as { timestamp?: unknown; message?: unknown };
      if (v && typeof v === 'object' && !Array.isArray(v) && 'timestamp' in v && 'message' in v) {
        const ts = typeof v.timestamp === 'number' ? v.timestamp : Date.parse(String(v.timestamp));
        return { timestamp: Number.isFinite(ts) ? ts : d.eventTime, message: typeof v.message === 'string' ? v.message : JSON.stringify(v.message) };
      }
    } catch {
      // Not JSON: the whole text is the message.
    }
  }
  return { timestamp: d.eventTime, message: d.input };
}

/** Backoff between attempts: 1 s doubling to at most 5 minutes, as EventBridge's exponential retries. */
const backoffMs = (attempt: number) => Math.min(1000 * 2 ** Math.min(attempt, 20), 300_000);

export function createEventsProvider(deps: EventsDeps) {
  const db = deps.store.db;
  const box = deps.masterKey?.secretBox('sift/events/connection-auth');
  const outbox = createOutbox<TargetDelivery>('events', deps, (item) => deliver(item));
  /** Per API destination: call times in the last second (InvocationRateLimitPerSecond). */
  const calls = new Map<string, number[]>();

  /** The bus an `EventBusName` names in the caller's account and Region; ResourceNotFoundException when there is none. */
  async function checkBus(nameOrArn: string | undefined, ctx: RequestContext): Promise<string> {
    const name = busNameOf(nameOrArn, ctx);
    if (name === 'default') return name;
    const row = name === undefined ? undefined : await db.selectFrom('events_buses').select('name').where('arn', '=', busArnOf(ctx.accountId, ctx.region, name)).executeTakeFirst();
    if (!row) throw new E.ResourceNotFoundException(`Event bus ${name ?? nameOrArn} does not exist.`);
    return row.name;
  }

  async function ruleOf(ctx: RequestContext, name: string, busName?: string): Promise<RuleRow> {
    const bus = await checkBus(busName, ctx);
    const row = await db.selectFrom('events_rules').selectAll().where('arn', '=', ruleArnOf(ctx.accountId, ctx.region, name, bus)).executeTakeFirst();
    if (!row) throw new E.ResourceNotFoundException(`Rule ${name} does not exist on EventBus ${bus}.`);
    return row as RuleRow;
  }

  async function policyOf(busArn: string): Promise<string | undefined> {
    return (await db.selectFrom('events_bus_policies').select('policy').where('bus_arn', '=', busArn).executeTakeFirst())?.policy;
  }

  /**
   * Why an entry for another account's bus is refused, or undefined when the bus exists and its resource policy (with
   * the caller's own policies, through Sift's IAM) lets the caller put events on it.
   */
  async function crossAccountRefusal(ctx: RequestContext, busArn: string): Promise<{ code: string; message: string } | undefined> {
    const target = parseBusArn(busArn);
    const denied = { code: 'AccessDeniedException', message: `User: ${ctx.principal.arn} is not authorized to perform: events:PutEvents on resource: ${busArn}` };
    if (!target || target.region !== ctx.region) return { code: 'NotImplemented', message: 'Sift puts events on event buses of the same Region only.' };
    const exists = target.name === 'default' || (await db.selectFrom('events_buses').select('arn').where('arn', '=', busArnOf(target.accountId, target.region, target.name)).executeTakeFirst());
    const policy = await policyOf(busArnOf(target.accountId, target.region, target.name));
    // A missing bus answers as a refused one: existence does not leak to another account.
    if (!exists || !policy || !ctx.authorizer) return denied;
    const allowed = await ctx.authorizer.isAllowed({ action: 'events:PutEvents', resource: busArn, resourcePolicy: { ownerAccountId: target.accountId, policy, required: true } });
    return allowed ? undefined : denied;
  }

  function checkPattern(text: string): void {
    if (Buffer.byteLength(text) > MAX_PATTERN_BYTES) throw new E.InvalidEventPatternException(`Event pattern is not valid. Reason: the pattern is longer than ${MAX_PATTERN_BYTES} bytes`);
    try {
      compiledPattern(text);
    } catch (err) {
      if (err instanceof PatternError) throw new E.InvalidEventPatternException(`Event pattern is not valid. Reason: ${err.message}`);
      throw err;
    }
  }

  async function rulesOf(accountId: string, region: string, bus: string): Promise<RuleEntry<RuleRow>[]> {
    const rows = (await db.selectFrom('events_rules').selectAll().where('account_id', '=', accountId).where('region', '=', region).where('bus', '=', bus).where('state', '=', 'ENABLED').execute()) as RuleRow[];
    return rows.map((rule) => ({ rule, pattern: compiledPattern(rule.pattern) }));
  }

  /** Matches events against the bus's rules and queues one delivery per matched target. */
  async function route(accountId: string, region: string, events: BusEvent[], bus = 'default'): Promise<void> {
    const rules = await rulesOf(accountId, region, bus);
    if (rules.length === 0) return;
    const ingestedAt = deps.clock.nowMs();
    const deliveries: TargetDelivery[] = [];
    const targetsByRule = new Map<string, T.Target[]>();
    for (const event of events) {
      for (const rule of matchRules(rules, event)) {
        let targets = targetsByRule.get(rule.arn);
        if (!targets) {
          const rows = await db.selectFrom('events_targets').select('target').where('rule_arn', '=', rule.arn).orderBy('target_id').execute();
          targets = rows.map((r) => JSON.parse(r.target) as T.Target);
          targetsByRule.set(rule.arn, targets);
        }
        for (const target of targets) {
          const input = targetInput(target, event as unknown as Record<string, unknown>, { ruleName: rule.name, ruleArn: rule.arn, ingestedAt });
          deliveries.push({ ruleArn: rule.arn, accountId, region, target, input, eventId: event.id, eventTime: Date.parse(event.time) });
        }
      }
    }
    await outbox.add(deliveries);
  }

  async function deliver(item: OutboxItem<TargetDelivery>): Promise<AttemptResult> {
    const d = item.payload;
    const maxAttempts = (d.target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAX_ATTEMPTS) + 1;
    const maxAgeMs = (d.target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_S) * 1000;
    const retry = (why: string): AttemptResult => {
      const next = item.attempts + 1;
      deps.logger.warn('EventBridge target invocation failed', { rule: d.ruleArn, target: d.target.Id, attempt: next, why });
      if (next >= maxAttempts || deps.clock.nowMs() + backoffMs(next) - item.createdAt > maxAgeMs) return { done: true };
      return { done: false, retryInMs: backoffMs(next) };
    };
    const kind = targetKind(d.target.Arn);
    try {
      if (kind === 'sns') {
        await deps.sns.publishAsService({ service: 'events.amazonaws.com', accountId: d.accountId, sourceArn: d.ruleArn, topicArn: d.target.Arn, message: d.input });
        return { done: true };
      }
      if (kind === 'logs') {
        const m = /^arn:aws:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)/.exec(d.target.Arn)!;
        if (m[2] !== d.accountId || m[1] !== d.region) return retry('the log group is in another account or Region');
        // One stream per event, named by the event id, as EventBridge writes them.
        const id = d.eventId ?? legacyEventId(d.input) ?? item.id;
        await deps.logs.ensureStream(d.accountId, d.region, m[3]!, id);
        await deps.logs.putEvents(d.accountId, d.region, m[3]!, id, [logEventOf(d)]);
        return { done: true };
      }
      return await callApiDestination(item, retry);
    } catch (err) {
      if (err instanceof ServiceError) {
        // A missing topic or a topic policy that refuses is not retried forever: EventBridge drops after its retries.
        return retry(`${err.code}`);
      }
      throw err;
    }
  }

  async function callApiDestination(item: OutboxItem<TargetDelivery>, retry: (why: string) => AttemptResult): Promise<AttemptResult> {
    const d = item.payload;
    const dest = await db.selectFrom('events_api_destinations').selectAll().where('arn', '=', d.target.Arn).executeTakeFirst();
    if (!dest) return retry('the API destination does not exist');
    const conn = await db.selectFrom('events_connections').selectAll().where('arn', '=', dest.connection_arn).executeTakeFirst();
    if (!conn) return retry('the connection does not exist');
    if (dest.rate) {
      const now = deps.clock.nowMs();
      const recent = (calls.get(dest.arn) ?? []).filter((t) => t > now - 1000);
      if (recent.length >= Number(dest.rate)) return { done: false, retryInMs: 1000 };
      recent.push(now);
      calls.set(dest.arn, recent);
    }
    const auth = JSON.parse(box ? box.open(conn.auth, conn.arn) : conn.auth) as T.CreateConnectionAuthRequestParameters;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Amazon/EventBridge/ApiDestinations' };
    let url = dest.endpoint;
    for (const v of d.target.HttpParameters?.PathParameterValues ?? []) url = url.replace('*', encodeURIComponent(v));
    const query = new URLSearchParams();
    for (const p of auth.InvocationHttpParameters?.QueryStringParameters ?? []) if (p.Key) query.append(p.Key, p.Value ?? '');
    for (const [k, v] of Object.entries(d.target.HttpParameters?.QueryStringParameters ?? {})) query.append(k, v);
    if ([...query.keys()].length) url += (url.includes('?') ? '&' : '?') + query.toString();
    for (const h of auth.InvocationHttpParameters?.HeaderParameters ?? []) if (h.Key) headers[h.Key.toLowerCase()] = h.Value ?? '';
    for (const [k, v] of Object.entries(d.target.HttpParameters?.HeaderParameters ?? {})) headers[k.toLowerCase()] = v;
    if (auth.ApiKeyAuthParameters) headers[auth.ApiKeyAuthParameters.ApiKeyName.toLowerCase()] = auth.ApiKeyAuthParameters.ApiKeyValue;
    if (auth.BasicAuthParameters) headers.authorization = `Basic ${Buffer.from(`${auth.BasicAuthParameters.Username}:${auth.BasicAuthParameters.Password}`).toString('base64')}`;
    const method = dest.http_method as 'POST' | 'PUT' | 'GET';
    if (!['POST', 'PUT', 'GET'].includes(method)) return retry(`Sift's outbound calls do not use ${method}`);
    const result = await deps.outbound.send({ url, trust: 'caller', method, headers, ...(method === 'GET' ? {} : { body: d.input }) });
    if (result.ok) return { done: true };
    if (result.failure === 'blocked') return { done: true };
    return retry(result.detail);
  }

  function checkTarget(t: T.Target): void {
    targetKind(t.Arn);
    if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(t.Id)) throw validation(`Target Id ${t.Id} is not valid: 1 to 64 of . - _ letters and digits.`);
    if (t.DeadLetterConfig) throw notImplemented('dead-letter queues (DeadLetterConfig)');
    for (const k of ['KinesisParameters', 'RunCommandParameters', 'EcsParameters', 'BatchParameters', 'SqsParameters', 'RedshiftDataParameters', 'SageMakerPipelineParameters', 'AppSyncParameters'] as const) {
      if ((t as unknown as Record<string, unknown>)[k] !== undefined) throw notImplemented(`${k}`);
    }
    if ([t.Input, t.InputPath, t.InputTransformer].filter((x) => x !== undefined).length > 1) throw validation('Only one of Input, InputPath, or InputTransformer may be provided.');
    if (t.Input !== undefined) {
      try {
        JSON.parse(t.Input);
      } catch {
        throw validation(`Input for target ${t.Id} is not valid JSON text.`);
      }
    }
    if (t.InputPath !== undefined) {
      try {
        parseJsonPath(t.InputPath);
      } catch (err) {
        if (err instanceof InputPathError) throw validation(`Invalid InputPath for target ${t.Id}: ${err.message}`);
        throw err;
      }
    }
    if (t.InputTransformer) {
      const problem = transformerProblem(t.InputTransformer);
      if (problem) throw validation(`Invalid InputTemplate for target ${t.Id}: ${problem}`);
    }
    if (t.HttpParameters && targetKind(t.Arn) !== 'api-destination') throw validation('HttpParameters is only valid for API destination targets.');
  }

  const ruleView = (r: RuleRow): T.Rule => ({
    Name: r.name,
    Arn: r.arn,
    EventPattern: r.pattern,
    State: r.state as T.RuleState,
    ...(r.description ? { Description: r.description } : {}),
    ...(r.role_arn ? { RoleArn: r.role_arn } : {}),
    EventBusName: r.bus,
  });

  function pageOf<X>(items: X[], limit: number | undefined, token: string | undefined): { items: X[]; next?: string } {
    let start = 0;
    if (token !== undefined) {
      const text = Buffer.from(token, 'base64url').toString();
      if (!/^\d+$/.test(text)) throw validation('The NextToken is not valid.');
      start = Number(text);
    }
    const n = limit ?? 100;
    return { items: items.slice(start, start + n), ...(start + n < items.length ? { next: Buffer.from(String(start + n)).toString('base64url') } : {}) };
  }

  const connectionArn = (ctx: RequestContext, name: string) => `arn:aws:events:${ctx.region}:${ctx.accountId}:connection/${name}`;
  const destinationArnPrefix = (ctx: RequestContext, name: string) => `arn:aws:events:${ctx.region}:${ctx.accountId}:api-destination/${name}/`;

  async function connectionByName(ctx: RequestContext, name: string) {
    const row = await db.selectFrom('events_connections').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).where('name', '=', name).executeTakeFirst();
    if (!row) throw new E.ResourceNotFoundException(`Failed to describe the connection(s). Connection '${name}' does not exist.`);
    return row;
  }
  async function destinationByName(ctx: RequestContext, name: string) {
    const row = await db.selectFrom('events_api_destinations').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).where('name', '=', name).executeTakeFirst();
    if (!row) throw new E.ResourceNotFoundException(`Failed to describe the api-destination(s). An api-destination '${name}' does not exist.`);
    return row;
  }

  const provider = {
    async putRule(ctx: RequestContext, input: T.PutRuleRequest): Promise<T.PutRuleResponse> {
      const bus = await checkBus(input.EventBusName, ctx);
      if (!RULE_NAME.test(input.Name)) throw validation(`1 validation error detected: Value '${input.Name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
      if (input.ScheduleExpression) throw notImplemented('scheduled rules (ScheduleExpression)');
      if (input.Tags?.length) throw notImplemented('tags on EventBridge rules');
      if (input.State === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') throw notImplemented('the rule state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
      if (!input.EventPattern) throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
      checkPattern(input.EventPattern);
      const arn = ruleArnOf(ctx.accountId, ctx.region, input.Name, bus);
      const existing = await db.selectFrom('events_rules').select('arn').where('arn', '=', arn).executeTakeFirst();
      const values = { pattern: input.EventPattern, state: input.State ?? 'ENABLED', description: input.Description ?? null, role_arn: input.RoleArn ?? null };
      if (existing) {
        await db.updateTable('events_rules').set(values).where('arn', '=', arn).execute();
      } else {
        const n = await db.selectFrom('events_rules').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).where('bus', '=', bus).executeTakeFirst();
        if (Number(n?.n ?? 0) >= MAX_RULES_PER_BUS) throw new E.LimitExceededException(`The requested resource exceeds the maximum number allowed (${MAX_RULES_PER_BUS} rules per event bus).`);
        await db.insertInto('events_rules').values({ arn, account_id: ctx.accountId, region: ctx.region, bus, name: input.Name, created_at: deps.clock.nowMs(), ...values }).execute();
      }
      return { RuleArn: arn };
    },

    async describeRule(ctx: RequestContext, input: T.DescribeRuleRequest): Promise<T.DescribeRuleResponse> {
      const r = await ruleOf(ctx, input.Name, input.EventBusName);
      return { ...ruleView(r), CreatedBy: r.account_id };
    },

    async listRules(ctx: RequestContext, input: T.ListRulesRequest): Promise<T.ListRulesResponse> {
      const bus = await checkBus(input.EventBusName, ctx);
      const all = (await db.selectFrom('events_rules').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).where('bus', '=', bus).orderBy('name').execute()) as RuleRow[];
      const rows = all.filter((r) => !input.NamePrefix || r.name.startsWith(input.NamePrefix));
      const p = pageOf(rows, input.Limit, input.NextToken);
      return { Rules: p.items.map(ruleView), ...(p.next ? { NextToken: p.next } : {}) };
    },

    async enableRule(ctx: RequestContext, input: T.EnableRuleRequest): Promise<void> {
      const r = await ruleOf(ctx, input.Name, input.EventBusName);
      await db.updateTable('events_rules').set({ state: 'ENABLED' }).where('arn', '=', r.arn).execute();
    },

    async disableRule(ctx: RequestContext, input: T.DisableRuleRequest): Promise<void> {
      const r = await ruleOf(ctx, input.Name, input.EventBusName);
      await db.updateTable('events_rules').set({ state: 'DISABLED' }).where('arn', '=', r.arn).execute();
    },

    async deleteRule(ctx: RequestContext, input: T.DeleteRuleRequest): Promise<void> {
      const bus = await checkBus(input.EventBusName, ctx);
      const arn = ruleArnOf(ctx.accountId, ctx.region, input.Name, bus);
      const targets = await db.selectFrom('events_targets').select('target_id').where('rule_arn', '=', arn).execute();
      if (targets.length > 0) throw validation('Rule can\'t be deleted since it has targets.');
      // Deleting a rule that does not exist succeeds, as in EventBridge.
      await db.deleteFrom('events_rules').where('arn', '=', arn).execute();
    },

    async putTargets(ctx: RequestContext, input: T.PutTargetsRequest): Promise<T.PutTargetsResponse> {
      const r = await ruleOf(ctx, input.Rule, input.EventBusName);
      for (const t of input.Targets) checkTarget(t);
      const ids = new Set(input.Targets.map((t) => t.Id));
      if (ids.size !== input.Targets.length) throw validation('Target ids must be unique in one request.');
      const existing = await db.selectFrom('events_targets').select('target_id').where('rule_arn', '=', r.arn).execute();
      const after = new Set([...existing.map((e) => e.target_id), ...ids]);
      if (after.size > MAX_TARGETS_PER_RULE) throw new E.LimitExceededException(`The requested resource exceeds the maximum number allowed (${MAX_TARGETS_PER_RULE} targets per rule).`);
      await db.transaction().execute(async (trx) => {
        for (const t of input.Targets) {
          await trx.deleteFrom('events_targets').where('rule_arn', '=', r.arn).where('target_id', '=', t.Id).execute();
          await trx.insertInto('events_targets').values({ rule_arn: r.arn, target_id: t.Id, target: JSON.stringify(t) }).execute();
        }
      });
      return { FailedEntryCount: 0, FailedEntries: [] };
    },

    async removeTargets(ctx: RequestContext, input: T.RemoveTargetsRequest): Promise<T.RemoveTargetsResponse> {
      const r = await ruleOf(ctx, input.Rule, input.EventBusName);
      await db.deleteFrom('events_targets').where('rule_arn', '=', r.arn).where('target_id', 'in', input.Ids).execute();
      return { FailedEntryCount: 0, FailedEntries: [] };
    },

    async listTargetsByRule(ctx: RequestContext, input: T.ListTargetsByRuleRequest): Promise<T.ListTargetsByRuleResponse> {
      const r = await ruleOf(ctx, input.Rule, input.EventBusName);
      const rows = await db.selectFrom('events_targets').select('target').where('rule_arn', '=', r.arn).orderBy('target_id').execute();
      const p = pageOf(rows, input.Limit, input.NextToken);
      return { Targets: p.items.map((x) => JSON.parse(x.target) as T.Target), ...(p.next ? { NextToken: p.next } : {}) };
    },

    async testEventPattern(_ctx: RequestContext, input: T.TestEventPatternRequest): Promise<T.TestEventPatternResponse> {
      checkPattern(input.EventPattern);
      let event: unknown;
      try {
        event = JSON.parse(input.Event);
      } catch {
        throw validation('Parameter Event is not valid.');
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event)) throw validation('Parameter Event is not valid.');
      for (const f of ['id', 'account', 'source', 'time', 'region', 'detail-type']) {
        if (!(f in event)) throw validation(`Parameter Event is not valid: the event has no ${f}.`);
      }
      return { Result: compiledPattern(input.EventPattern).matches(flattenEvent(event)) };
    },

    async putEvents(ctx: RequestContext, input: T.PutEventsRequest): Promise<T.PutEventsResponse> {
      if (input.EndpointId) throw notImplemented('global endpoints (EndpointId)');
      if (input.Entries.length > MAX_PUT_EVENTS_ENTRIES) throw validation(`1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PUT_EVENTS_ENTRIES}`);
      const entries: T.PutEventsResultEntry[] = [];
      const events: { owner: string; bus: string; event: BusEvent }[] = [];
      let failed = 0;
      const total = input.Entries.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0);
      if (total > MAX_EVENT_BYTES) throw validation('Total size of the entries in the request is over the limit.');
      for (const e of input.Entries) {
        const error = (code: string, message: string) => {
          failed++;
          entries.push({ ErrorCode: code, ErrorMessage: message });
        };
        const bus = busNameOf(e.EventBusName, ctx);
        if (bus === undefined) {
          const refused = await crossAccountRefusal(ctx, e.EventBusName!);
          if (refused) {
            error(refused.code, refused.message);
            continue;
          }
        }
        if (bus !== undefined && bus !== 'default' && !(await db.selectFrom('events_buses').select('name').where('arn', '=', busArnOf(ctx.accountId, ctx.region, bus)).executeTakeFirst())) {
          error('InvalidArgument', `Event bus ${bus} does not exist.`);
          continue;
        }
        if (!e.Source) {
          error('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
          continue;
        }
        if (!e.DetailType) {
          error('InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.');
          continue;
        }
        if (!e.Detail) {
          error('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.');
          continue;
        }
        if (e.Source.startsWith('aws.')) {
          error('NotAuthorizedForSourceException', 'Not authorized for the source.');
          continue;
        }
        let detail: unknown;
        try {
          detail = JSON.parse(e.Detail);
        } catch {
          error('MalformedDetail', 'Detail is malformed.');
          continue;
        }
        if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
          error('MalformedDetail', 'Detail is malformed.');
          continue;
        }
        const id = deps.ids.uuid();
        const target = bus === undefined ? parseBusArn(e.EventBusName!)! : { accountId: ctx.accountId, name: bus };
        events.push({ owner: target.accountId, bus: target.name, event: {
          version: '0',
          id,
          'detail-type': e.DetailType,
          source: e.Source,
          account: ctx.accountId,
          time: eventTime(e.Time ? e.Time.getTime() : deps.clock.nowMs()),
          region: ctx.region,
          resources: e.Resources ?? [],
          detail,
        } });
        entries.push({ EventId: id });
      }
      // The event keeps the sender's account; it goes to the rules of the bus's owner.
      for (const key of new Set(events.map((e) => `${e.owner}/${e.bus}`))) {
        const [owner, bus] = [key.slice(0, 12), key.slice(13)];
        await route(owner, ctx.region, events.filter((e) => e.owner === owner && e.bus === bus).map((e) => e.event), bus);
      }
      return { FailedEntryCount: failed, Entries: entries };
    },

    async createEventBus(ctx: RequestContext, input: T.CreateEventBusRequest): Promise<T.CreateEventBusResponse> {
      if (input.EventSourceName || input.Name.startsWith('aws.partner/')) throw notImplemented('partner event buses (EventSourceName)');
      if (input.Name.includes('/')) throw validation('Event bus name must not contain \'/\'.');
      if (!BUS_NAME.test(input.Name)) throw validation(`1 validation error detected: Value '${input.Name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`);
      if (input.Name === 'default') throw validation('The event bus name default is reserved.');
      if (input.KmsKeyIdentifier) throw notImplemented('customer managed keys for event buses (KmsKeyIdentifier)');
      if (input.DeadLetterConfig) throw notImplemented('dead-letter queues for event buses (DeadLetterConfig)');
      if (input.LogConfig) throw notImplemented('event bus logging (LogConfig)');
      if (input.Tags?.length) throw notImplemented('tags on event buses');
      const arn = busArnOf(ctx.accountId, ctx.region, input.Name);
      if (await db.selectFrom('events_buses').select('arn').where('arn', '=', arn).executeTakeFirst()) throw new E.ResourceAlreadyExistsException(`Event bus ${input.Name} already exists.`);
      const n = await db.selectFrom('events_buses').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).executeTakeFirst();
      // The default bus counts towards the quota.
      if (Number(n?.n ?? 0) + 1 >= MAX_BUSES_PER_ACCOUNT) throw new E.LimitExceededException(`The requested resource exceeds the maximum number allowed (${MAX_BUSES_PER_ACCOUNT} event buses).`);
      await db.insertInto('events_buses').values({ arn, account_id: ctx.accountId, region: ctx.region, name: input.Name, description: input.Description ?? null, created_at: deps.clock.nowMs() }).execute();
      return { EventBusArn: arn, ...(input.Description ? { Description: input.Description } : {}) };
    },

    async deleteEventBus(ctx: RequestContext, input: T.DeleteEventBusRequest): Promise<void> {
      const name = busNameOf(input.Name, ctx);
      if (name === 'default') throw validation('Cannot delete event bus default.');
      if (name === undefined) return;
      const arn = busArnOf(ctx.accountId, ctx.region, name);
      // Deleting a bus that does not exist succeeds; the bus's rules and their targets go with it.
      await db.transaction().execute(async (trx) => {
        const rules = await trx.selectFrom('events_rules').select('arn').where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).where('bus', '=', name).execute();
        if (rules.length) {
          await trx.deleteFrom('events_targets').where('rule_arn', 'in', rules.map((r) => r.arn)).execute();
          await trx.deleteFrom('events_rules').where('arn', 'in', rules.map((r) => r.arn)).execute();
        }
        await trx.deleteFrom('events_buses').where('arn', '=', arn).execute();
      });
    },

    async describeEventBus(ctx: RequestContext, input: T.DescribeEventBusRequest): Promise<T.DescribeEventBusResponse> {
      const name = await checkBus(input.Name, ctx);
      const arn = busArnOf(ctx.accountId, ctx.region, name);
      const policy = await policyOf(arn);
      const withPolicy = policy ? { Policy: policy } : {};
      if (name === 'default') return { Name: 'default', Arn: arn, ...withPolicy };
      const row = (await db.selectFrom('events_buses').selectAll().where('arn', '=', arn).executeTakeFirst())!;
      return { Name: row.name, Arn: row.arn, ...(row.description ? { Description: row.description } : {}), ...withPolicy, CreationTime: new Date(Number(row.created_at)), LastModifiedTime: new Date(Number(row.created_at)) };
    },

    async putPermission(ctx: RequestContext, input: T.PutPermissionRequest): Promise<void> {
      const name = await checkBus(input.EventBusName, ctx);
      const arn = busArnOf(ctx.accountId, ctx.region, name);
      let policy: string;
      if (input.Policy !== undefined) {
        if (input.Action || input.Principal || input.StatementId || input.Condition) throw validation('Policy cannot be combined with Action, Principal, StatementId or Condition.');
        let doc: unknown;
        try {
          doc = JSON.parse(input.Policy);
        } catch {
          throw validation('Policy is not valid JSON.');
        }
        if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { Statement?: unknown }).Statement)) throw validation('Policy must be a JSON object with a Statement list.');
        policy = input.Policy;
      } else {
        if (input.Action !== 'events:PutEvents') throw validation('Action must be events:PutEvents.');
        if (!input.StatementId || !/^[a-zA-Z0-9-_]{1,64}$/.test(input.StatementId)) throw validation('StatementId is required: 1 to 64 of letters, digits, - and _.');
        if (!input.Principal || !/^(\d{12}|\*)$/.test(input.Principal)) throw validation('Principal must be an account id or *.');
        if (input.Principal === '*' && !input.Condition) throw validation('A Condition is required when the Principal is *.');
        if (input.Condition && (input.Condition.Type !== 'StringEquals' || input.Condition.Key !== 'aws:PrincipalOrgID')) throw validation('Condition must be StringEquals on aws:PrincipalOrgID.');
        const statement = {
          Sid: input.StatementId,
          Effect: 'Allow',
          Principal: input.Principal === '*' ? '*' : { AWS: `arn:aws:iam::${input.Principal}:root` },
          Action: 'events:PutEvents',
          Resource: arn,
          ...(input.Condition ? { Condition: { StringEquals: { [input.Condition.Key]: input.Condition.Value } } } : {}),
        };
        const current = await policyOf(arn);
        const doc = current ? (JSON.parse(current) as { Version?: string; Statement: { Sid?: string }[] }) : { Version: '2012-10-17', Statement: [] };
        if (doc.Statement.some((st) => st.Sid === input.StatementId)) throw new E.ResourceAlreadyExistsException(`Statement with the provided id ${input.StatementId} already exists.`);
        doc.Statement.push(statement);
        policy = JSON.stringify(doc);
      }
      if (Buffer.byteLength(policy) > MAX_BUS_POLICY_BYTES) throw new E.PolicyLengthExceededException(`The policy is longer than ${MAX_BUS_POLICY_BYTES} bytes.`);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('events_bus_policies').where('bus_arn', '=', arn).execute();
        await trx.insertInto('events_bus_policies').values({ bus_arn: arn, account_id: ctx.accountId, policy }).execute();
      });
    },

    async removePermission(ctx: RequestContext, input: T.RemovePermissionRequest): Promise<void> {
      const name = await checkBus(input.EventBusName, ctx);
      const arn = busArnOf(ctx.accountId, ctx.region, name);
      if (input.RemoveAllPermissions) {
        await db.deleteFrom('events_bus_policies').where('bus_arn', '=', arn).execute();
        return;
      }
      if (!input.StatementId) throw validation('StatementId is required unless RemoveAllPermissions is true.');
      const current = await policyOf(arn);
      const doc = current ? (JSON.parse(current) as { Statement: { Sid?: string }[] }) : { Statement: [] };
      const kept = doc.Statement.filter((st) => st.Sid !== input.StatementId);
      if (kept.length === doc.Statement.length) throw new E.ResourceNotFoundException('Statement with the provided id does not exist.');
      if (kept.length === 0) await db.deleteFrom('events_bus_policies').where('bus_arn', '=', arn).execute();
      else await db.updateTable('events_bus_policies').set({ policy: JSON.stringify({ ...doc, Statement: kept }) }).where('bus_arn', '=', arn).execute();
    },

    async listEventBuses(ctx: RequestContext, input: T.ListEventBusesRequest): Promise<T.ListEventBusesResponse> {
      const custom = await db.selectFrom('events_buses').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).orderBy('name').execute();
      const all: T.EventBus[] = [{ Name: 'default', Arn: busArnOf(ctx.accountId, ctx.region) }, ...custom.map((b) => ({ Name: b.name, Arn: b.arn, ...(b.description ? { Description: b.description } : {}), CreationTime: new Date(Number(b.created_at)), LastModifiedTime: new Date(Number(b.created_at)) }))]
        .filter((b) => !input.NamePrefix || b.Name!.startsWith(input.NamePrefix))
        .sort((a, b) => (a.Name! < b.Name! ? -1 : 1));
      const p = pageOf(all, input.Limit, input.NextToken);
      return { EventBuses: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },

    async createConnection(ctx: RequestContext, input: T.CreateConnectionRequest): Promise<T.CreateConnectionResponse> {
      if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(input.Name)) throw validation('The connection name is not valid.');
      if (input.AuthorizationType === 'OAUTH_CLIENT_CREDENTIALS' || input.AuthParameters.OAuthParameters) throw notImplemented('OAuth client-credentials connections');
      if (input.InvocationConnectivityParameters || input.AuthParameters.ConnectivityParameters) throw notImplemented('private connectivity (ConnectivityParameters)');
      if (input.KmsKeyIdentifier) throw notImplemented('customer managed keys for connections (KmsKeyIdentifier)');
      if (input.AuthorizationType === 'API_KEY' && !input.AuthParameters.ApiKeyAuthParameters) throw validation('ApiKeyAuthParameters are required for the API_KEY authorization type.');
      if (input.AuthorizationType === 'BASIC' && !input.AuthParameters.BasicAuthParameters) throw validation('BasicAuthParameters are required for the BASIC authorization type.');
      if (input.AuthParameters.InvocationHttpParameters?.BodyParameters?.length) throw notImplemented('connection body parameters');
      const arn = `${connectionArn(ctx, input.Name)}/${deps.ids.uuid()}`;
      const exists = await db.selectFrom('events_connections').select('arn').where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).where('name', '=', input.Name).executeTakeFirst();
      if (exists) throw new E.ResourceAlreadyExistsException(`Connection ${input.Name} already exists.`);
      const now = deps.clock.nowMs();
      const authText = JSON.stringify(input.AuthParameters);
      await db
        .insertInto('events_connections')
        .values({ arn, account_id: ctx.accountId, region: ctx.region, name: input.Name, description: input.Description ?? null, authorization_type: input.AuthorizationType, auth: box ? box.seal(authText, arn) : authText, created_at: now, updated_at: now })
        .execute();
      return { ConnectionArn: arn, ConnectionState: 'AUTHORIZED', CreationTime: new Date(now), LastModifiedTime: new Date(now) };
    },

    async describeConnection(ctx: RequestContext, input: T.DescribeConnectionRequest): Promise<T.DescribeConnectionResponse> {
      const c = await connectionByName(ctx, input.Name);
      const auth = JSON.parse(box ? box.open(c.auth, c.arn) : c.auth) as T.CreateConnectionAuthRequestParameters;
      return {
        ConnectionArn: c.arn,
        Name: c.name,
        ...(c.description ? { Description: c.description } : {}),
        ConnectionState: 'AUTHORIZED',
        AuthorizationType: c.authorization_type as T.ConnectionAuthorizationType,
        AuthParameters: {
          ...(auth.ApiKeyAuthParameters ? { ApiKeyAuthParameters: { ApiKeyName: auth.ApiKeyAuthParameters.ApiKeyName } } : {}),
          ...(auth.BasicAuthParameters ? { BasicAuthParameters: { Username: auth.BasicAuthParameters.Username } } : {}),
          ...(auth.InvocationHttpParameters
            ? {
                InvocationHttpParameters: {
                  HeaderParameters: (auth.InvocationHttpParameters.HeaderParameters ?? []).map((h) => ({ Key: h.Key, IsValueSecret: h.IsValueSecret ?? false, ...(h.IsValueSecret ? {} : { Value: h.Value }) })),
                  QueryStringParameters: (auth.InvocationHttpParameters.QueryStringParameters ?? []).map((h) => ({ Key: h.Key, IsValueSecret: h.IsValueSecret ?? false, ...(h.IsValueSecret ? {} : { Value: h.Value }) })),
                },
              }
            : {}),
        },
        CreationTime: new Date(Number(c.created_at)),
        LastModifiedTime: new Date(Number(c.updated_at)),
        LastAuthorizedTime: new Date(Number(c.updated_at)),
      };
    },

    async listConnections(ctx: RequestContext, input: T.ListConnectionsRequest): Promise<T.ListConnectionsResponse> {
      const rows = (await db.selectFrom('events_connections').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).orderBy('name').execute()).filter(
        (c) => !input.NamePrefix || c.name.startsWith(input.NamePrefix),
      );
      const p = pageOf(rows, input.Limit, input.NextToken);
      return {
        Connections: p.items.map((c) => ({ ConnectionArn: c.arn, Name: c.name, ConnectionState: 'AUTHORIZED', AuthorizationType: c.authorization_type as T.ConnectionAuthorizationType, CreationTime: new Date(Number(c.created_at)), LastModifiedTime: new Date(Number(c.updated_at)) })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },

    async deleteConnection(ctx: RequestContext, input: T.DeleteConnectionRequest): Promise<T.DeleteConnectionResponse> {
      const c = await connectionByName(ctx, input.Name);
      const used = await db.selectFrom('events_api_destinations').select('name').where('connection_arn', '=', c.arn).executeTakeFirst();
      if (used) throw validation(`Connection '${c.name}' is used by api-destination '${used.name}'.`);
      await db.deleteFrom('events_connections').where('arn', '=', c.arn).execute();
      return { ConnectionArn: c.arn, ConnectionState: 'DELETING', LastModifiedTime: new Date(deps.clock.nowMs()) };
    },

    async createApiDestination(ctx: RequestContext, input: T.CreateApiDestinationRequest): Promise<T.CreateApiDestinationResponse> {
      if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(input.Name)) throw validation('The api-destination name is not valid.');
      const conn = await db.selectFrom('events_connections').selectAll().where('arn', '=', input.ConnectionArn).where('account_id', '=', ctx.accountId).executeTakeFirst();
      if (!conn) throw new E.ResourceNotFoundException(`Connection '${input.ConnectionArn}' does not exist.`);
      if (!/^https:\/\//i.test(input.InvocationEndpoint) && !/^http:\/\//i.test(input.InvocationEndpoint)) throw validation('InvocationEndpoint must be an https URL.');
      if (!deps.outbound.permits(input.InvocationEndpoint.replace(/\*/g, 'x'), 'caller')) throw validation(`Sift calls only hosts the operator allows (SIFT_OUTBOUND_ALLOW); the InvocationEndpoint's host is not one of them.`);
      if (!['POST', 'PUT', 'GET'].includes(input.HttpMethod)) throw notImplemented(`API destinations with HttpMethod ${input.HttpMethod} (POST, PUT and GET are served)`);
      const exists = await db.selectFrom('events_api_destinations').select('arn').where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).where('name', '=', input.Name).executeTakeFirst();
      if (exists) throw new E.ResourceAlreadyExistsException(`An api-destination '${input.Name}' already exists.`);
      const arn = destinationArnPrefix(ctx, input.Name) + deps.ids.uuid();
      const now = deps.clock.nowMs();
      await db
        .insertInto('events_api_destinations')
        .values({ arn, account_id: ctx.accountId, region: ctx.region, name: input.Name, description: input.Description ?? null, connection_arn: conn.arn, endpoint: input.InvocationEndpoint, http_method: input.HttpMethod, rate: input.InvocationRateLimitPerSecond ?? null, created_at: now, updated_at: now })
        .execute();
      return { ApiDestinationArn: arn, ApiDestinationState: 'ACTIVE', CreationTime: new Date(now), LastModifiedTime: new Date(now) };
    },

    async describeApiDestination(ctx: RequestContext, input: T.DescribeApiDestinationRequest): Promise<T.DescribeApiDestinationResponse> {
      const d = await destinationByName(ctx, input.Name);
      return {
        ApiDestinationArn: d.arn,
        Name: d.name,
        ...(d.description ? { Description: d.description } : {}),
        ApiDestinationState: 'ACTIVE',
        ConnectionArn: d.connection_arn,
        InvocationEndpoint: d.endpoint,
        HttpMethod: d.http_method as T.ApiDestinationHttpMethod,
        ...(d.rate ? { InvocationRateLimitPerSecond: Number(d.rate) } : {}),
        CreationTime: new Date(Number(d.created_at)),
        LastModifiedTime: new Date(Number(d.updated_at)),
      };
    },

    async listApiDestinations(ctx: RequestContext, input: T.ListApiDestinationsRequest): Promise<T.ListApiDestinationsResponse> {
      const rows = (await db.selectFrom('events_api_destinations').selectAll().where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).orderBy('name').execute()).filter(
        (d) => (!input.NamePrefix || d.name.startsWith(input.NamePrefix)) && (!input.ConnectionArn || d.connection_arn === input.ConnectionArn),
      );
      const p = pageOf(rows, input.Limit, input.NextToken);
      return {
        ApiDestinations: p.items.map((d) => ({ ApiDestinationArn: d.arn, Name: d.name, ApiDestinationState: 'ACTIVE', ConnectionArn: d.connection_arn, InvocationEndpoint: d.endpoint, HttpMethod: d.http_method as T.ApiDestinationHttpMethod, CreationTime: new Date(Number(d.created_at)), LastModifiedTime: new Date(Number(d.updated_at)) })),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },

    async deleteApiDestination(ctx: RequestContext, input: T.DeleteApiDestinationRequest): Promise<T.DeleteApiDestinationResponse> {
      const d = await destinationByName(ctx, input.Name);
      await db.deleteFrom('events_api_destinations').where('arn', '=', d.arn).execute();
      return {};
    },
  } satisfies Partial<EventsApi>;

  const internal: EventsInternal = {
    async putAwsEvents(accountId, region, events) {
      await route(
        accountId,
        region,
        events.map((e) => ({ version: '0', id: deps.ids.uuid(), account: accountId, region, ...e })),
      );
    },
    deliverDue: () => outbox.runDue(),
  };
  return { provider, internal, background: outbox.background };
}

export interface EventsRegistration extends ServiceRegistration {
  internal: EventsInternal;
}

const RULE_OPERATIONS = new Set(['PutRule', 'DescribeRule', 'EnableRule', 'DisableRule', 'DeleteRule', 'PutTargets', 'RemoveTargets', 'ListTargetsByRule']);

export function createEventsRegistration(deps: EventsDeps, extra: { background?: { start(): void; stop(): Promise<void> } } = {}): EventsRegistration {
  const { provider, internal, background } = createEventsProvider(deps);
  return {
    service: 'events',
    provider: provider as unknown as Provider,
    internal,
    background: {
      start() {
        background.start();
        extra.background?.start();
      },
      async stop() {
        await extra.background?.stop();
        await background.stop();
      },
    },
    resourceOf: (operation, input, ctx) => {
      if (RULE_OPERATIONS.has(operation)) {
        const name = String(input?.Name ?? input?.Rule ?? '');
        const bus = busNameOf(typeof input?.EventBusName === 'string' ? input.EventBusName : undefined, ctx) ?? 'default';
        return name ? ruleArnOf(ctx.accountId, ctx.region, name, bus) : '*';
      }
      if (['DescribeEventBus', 'CreateEventBus', 'DeleteEventBus'].includes(operation)) return busArnOf(ctx.accountId, ctx.region, busNameOf(typeof input?.Name === 'string' ? input.Name : undefined, ctx) ?? 'default');
      if (operation === 'PutPermission' || operation === 'RemovePermission') return busArnOf(ctx.accountId, ctx.region, busNameOf(typeof input?.EventBusName === 'string' ? input.EventBusName : undefined, ctx) ?? 'default');
      if (operation === 'PutEvents') return busArnOf(ctx.accountId, ctx.region);
      return '*';
    },
  };
}
