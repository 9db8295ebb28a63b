// Amazon SNS on Sift's endpoint: standard topics with topic policies, HTTP and HTTPS subscriptions (the
// SubscriptionConfirmation handshake, ConfirmSubscription, the UnsubscribeURL), filter policies, Publish with
// SNS's signed JSON envelope and its delivery retry policy. Deliveries are written to the outbox before they are
// attempted (outbox/), so none is lost on a crash. Other protocols (email, sqs, lambda, sms, application), FIFO
// topics, encryption, tags, data protection and platform applications answer NotImplemented.
import type { Database } from '../../store/index.js';
import { createHash } from 'node:crypto';
import { ServiceError, type Clock, type IdSource, type Logger, type Outbound, type RequestContext } from '../../common/index.js';
import { evaluateDetailed, parsePolicy, type EvaluationPrincipal } from '../../iam/index.js';
import { errors as E, type SnsApi } from '../../models/sns/index.js';
import type * as T from '../../models/sns/index.js';
import { PatternError } from '../events/index.js';
import { createOutbox, type AttemptResult, type OutboxItem } from '../outbox/index.js';
import type { PlatformDeps, Provider, ServiceRegistration } from '../types.js';
import { DEFAULT_RETRY_POLICY, effectiveDeliveryPolicy, parseDeliveryPolicy, retryDelaySeconds, type RetryPolicy } from './delivery-policy.js';
import { compileFilterPolicy, filterMatches, type MessageAttribute } from './filter-policy.js';
import { SnsSigningKeys, stringToSign } from './signing.js';

/** SNS's limits (docs/limits.md). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
export const MAX_SUBJECT_CHARS = 100;
export const MAX_TOPICS_PER_ACCOUNT = 100_000;
const PAGE = 100;

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ATTRIBUTES = new Set(['DisplayName', 'Policy', 'DeliveryPolicy', 'SignatureVersion']);
const SUBSCRIPTION_ATTRIBUTES = new Set(['FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'DeliveryPolicy']);

const invalid = (what: string, reason?: string) => new E.InvalidParameterException(reason ? `Invalid parameter: ${what} Reason: ${reason}` : `Invalid parameter: ${what}`);
const notFound = (what: string) => new E.NotFoundException(`${what} does not exist`);
const notImplemented = (what: string) => new ServiceError('NotImplemented', `Sift does not implement ${what}.`, 501, 'server');

/** A row as the schema declares it (migration 0018). */
type TopicRow = Database['sns_topics'];
/** A row as the schema declares it (migration 0018). */
type SubscriptionRow = Database['sns_subscriptions'];

/** One HTTP(S) delivery in the outbox: the request is built (and signed) once, retried as is. */
export interface HttpDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: RetryPolicy;
  subscriptionArn: string;
}

export function topicArnOf(accountId: string, region: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

function parseTopicArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export function defaultTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

const attrsOf = (row: { attributes: string }): Record<string, string> => JSON.parse(row.attributes) as Record<string, string>;

/** A page of `items` after the opaque token (the index of the next item). */
function page<X>(items: X[], token: string | undefined): { items: X[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const text = Buffer.from(token, 'base64url').toString();
    if (!/^\d+$/.test(text)) throw invalid('NextToken');
    start = Number(text);
  }
  const slice = items.slice(start, start + PAGE);
  return { items: slice, ...(start + PAGE < items.length ? { next: Buffer.from(String(start + PAGE)).toString('base64url') } : {}) };
}

export interface SnsDeps extends Pick<PlatformDeps, 'store' | 'clock' | 'ids' | 'logger' | 'masterKey'> {
  /** The address receivers reach Sift at (SigningCertURL, SubscribeURL, UnsubscribeURL); read at send time. */
  endpointUrl: () => string;
  outbound: Outbound;
}

/** What other services (CloudWatch alarms, EventBridge targets) publish through. */
export interface SnsInternal {
  /**
   * Publishes as the AWS service `service` acting for `accountId` (its rule or alarm `sourceArn`). The topic policy
   * decides, except that CloudWatch alarms may always notify a topic of their own account (SNS's default policy).
   * Resolves with the message id, or throws NotFound / AuthorizationError.
   */
  publishAsService(call: { service: string; accountId: string; sourceArn: string; topicArn: string; message: string; subject?: string }): Promise<string>;
  /** Whether the topic exists (alarm actions tell SNS topics from other ARNs). */
  topicExists(topicArn: string): Promise<boolean>;
  /** The PEM served at SigningCertURL for `certId`. */
  certificate(certId: string): Promise<string | undefined>;
  /** The unauthenticated SubscribeURL: confirms and answers the subscription's ARN, or undefined when the token is unknown. */
  confirmByUrl(topicArn: string, token: string): Promise<string | undefined>;
  /** The unauthenticated UnsubscribeURL; false when the subscription is unknown or needs an authenticated Unsubscribe. */
  unsubscribeByUrl(subscriptionArn: string): Promise<boolean>;
  /** Runs due deliveries now (tests, with a ManualClock). */
  deliverDue(): Promise<number>;
}

export function createSnsProvider(deps: SnsDeps) {
  const db = deps.store.db;
  const keys = new SnsSigningKeys(deps, deps.masterKey?.secretBox('sift/sns/signing-keys'));
  const outbox = createOutbox<HttpDelivery>('sns', deps, (item) => attemptDelivery(item));

  async function attemptDelivery(item: OutboxItem<HttpDelivery>): Promise<AttemptResult> {
    const d = item.payload;
    // A subscription deleted since the message was queued gets nothing more (confirmation requests excepted).
    if (d.headers['x-amz-sns-message-type'] === 'Notification') {
      const sub = await db.selectFrom('sns_subscriptions').select('arn').where('arn', '=', d.subscriptionArn).executeTakeFirst();
      if (!sub) return { done: true };
    }
    const result = await deps.outbound.send({ url: d.url, trust: 'caller', method: 'POST', headers: d.headers, body: d.body });
    if (result.ok) return { done: true };
    const delay = retryDelaySeconds(d.policy, item.attempts + 1);
    deps.logger.warn('SNS delivery failed', { subscription: d.subscriptionArn, attempt: item.attempts + 1, failure: result.failure, detail: result.detail, retryInSeconds: delay ?? null });
    if (delay === undefined || result.failure === 'blocked') return { done: true };
    return { done: false, retryInMs: delay * 1000 };
  }

  async function topicOf(ctx: RequestContext | { accountId: string; region: string }, arn: string): Promise<TopicRow> {
    const parsed = parseTopicArn(arn);
    if (!parsed) throw invalid('TopicArn');
    const row = await db.selectFrom('sns_topics').selectAll().where('arn', '=', arn).executeTakeFirst();
    if (!row || row.region !== ctx.region) throw notFound('Topic');
    return row as TopicRow;
  }

  async function subscriptionOf(arn: string, region: string): Promise<SubscriptionRow> {
    if (!/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+:[0-9a-f-]{36}$/.test(arn)) throw invalid('SubscriptionArn');
    const row = await db.selectFrom('sns_subscriptions').selectAll().where('arn', '=', arn).executeTakeFirst();
    if (!row || row.region !== region) throw notFound('Subscription');
    return row as SubscriptionRow;
  }

  function checkTopicAttribute(name: string, value: string, topicArn: string): void {
    if (!TOPIC_ATTRIBUTES.has(name)) {
      if (['KmsMasterKeyId', 'FifoTopic', 'ContentBasedDeduplication', 'TracingConfig', 'ArchivePolicy', 'FifoThroughputScope'].includes(name) || name.endsWith('FeedbackRoleArn') || name.endsWith('FeedbackSampleRate')) {
        if (name === 'FifoTopic' && value === 'false') return;
        throw notImplemented(`the topic attribute ${name}`);
      }
      throw invalid('AttributeName');
    }
    if (name === 'SignatureVersion' && value !== '1' && value !== '2') throw invalid('Attributes', 'SignatureVersion must be 1 or 2');
    if (name === 'DisplayName' && value.length > 100) throw invalid('DisplayName', 'must be at most 100 characters');
    if (name === 'Policy') {
      try {
        parsePolicy(value, 'resource', { requireCurrentVersion: false });
      } catch (err) {
        throw invalid('Policy', (err as Error).message);
      }
      if (Buffer.byteLength(value) > 30 * 1024) throw invalid('Policy', 'the policy is larger than 30 KB');
    }
    if (name === 'DeliveryPolicy') {
      try {
        parseDeliveryPolicy(value, false);
      } catch (err) {
        throw invalid('DeliveryPolicy', (err as Error).message);
      }
    }
    void topicArn;
  }

  function checkSubscriptionAttribute(name: string, value: string): void {
    if (!SUBSCRIPTION_ATTRIBUTES.has(name)) {
      if (['RedrivePolicy', 'SubscriptionRoleArn', 'ReplayPolicy'].includes(name)) throw notImplemented(`the subscription attribute ${name}`);
      throw invalid('AttributeName');
    }
    if (name === 'FilterPolicy' && value !== '') {
      try {
        compileFilterPolicy(value);
      } catch (err) {
        if (err instanceof PatternError) throw invalid('FilterPolicy', err.message);
        throw err;
      }
    }
    if (name === 'FilterPolicyScope' && value !== 'MessageAttributes' && value !== 'MessageBody') throw invalid('Attributes', 'FilterPolicyScope: Invalid value [' + value + ']. Please use either MessageBody or MessageAttributes');
    if (name === 'RawMessageDelivery' && value !== 'true' && value !== 'false') throw invalid('Attributes', 'RawMessageDelivery: Invalid value [' + value + ']. Must be true or false.');
    if (name === 'DeliveryPolicy') {
      try {
        parseDeliveryPolicy(value, true);
      } catch (err) {
        throw invalid('DeliveryPolicy', (err as Error).message);
      }
    }
  }

  async function signed(region: string, message: Record<string, string | undefined>, version: '1' | '2'): Promise<Record<string, unknown>> {
    const key = await keys.forRegion(region);
    return {
      ...message,
      SignatureVersion: version,
      Signature: key.sign(stringToSign(message), version),
      SigningCertURL: `${deps.endpointUrl()}/SimpleNotificationService-${key.certId}.pem`,
    };
  }

  function retryPolicyOf(topic: TopicRow, sub: SubscriptionRow): RetryPolicy {
    const subPolicy = attrsOf(sub).DeliveryPolicy;
    const topicPolicy = attrsOf(topic).DeliveryPolicy;
    return (subPolicy ? parseDeliveryPolicy(subPolicy, true) : undefined) ?? (topicPolicy ? parseDeliveryPolicy(topicPolicy, false) : undefined) ?? DEFAULT_RETRY_POLICY;
  }

  async function queueConfirmation(topic: TopicRow, sub: SubscriptionRow): Promise<void> {
    const messageId = deps.ids.uuid();
    const subscribeUrl = `${deps.endpointUrl()}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topic.arn)}&Token=${sub.token}`;
    const message = {
      Type: 'SubscriptionConfirmation',
      MessageId: messageId,
      Token: sub.token,
      TopicArn: topic.arn,
      Message: `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: subscribeUrl,
      Timestamp: new Date(deps.clock.nowMs()).toISOString(),
    };
    const body = await signed(topic.region, message, (attrsOf(topic).SignatureVersion ?? '1') as '1' | '2');
    await outbox.add([
      {
        url: sub.endpoint,
        headers: {
          'content-type': 'text/plain; charset=UTF-8',
          'x-amz-sns-message-type': 'SubscriptionConfirmation',
          'x-amz-sns-message-id': messageId,
          'x-amz-sns-topic-arn': topic.arn,
          'user-agent': 'Amazon Simple Notification Service Agent',
        },
        body: JSON.stringify(body),
        policy: retryPolicyOf(topic, sub),
        subscriptionArn: sub.arn,
      },
    ]);
  }

  /** Queues the message for every confirmed subscription whose filter policy accepts it; resolves with the message id. */
  async function fanOut(topic: TopicRow, input: { Message: string; Subject?: string; MessageStructure?: string; MessageAttributes?: Record<string, MessageAttribute> }): Promise<string> {
    const messageId = deps.ids.uuid();
    const timestamp = new Date(deps.clock.nowMs()).toISOString();
    const subs = (await db.selectFrom('sns_subscriptions').selectAll().where('topic_arn', '=', topic.arn).where('confirmed', '=', 1).execute()) as SubscriptionRow[];
    let perProtocol: Record<string, string> | undefined;
    if (input.MessageStructure === 'json') perProtocol = JSON.parse(input.Message) as Record<string, string>;
    const version = (attrsOf(topic).SignatureVersion ?? '1') as '1' | '2';
    const deliveries: HttpDelivery[] = [];
    for (const sub of subs) {
      const a = attrsOf(sub);
      const text = perProtocol ? (perProtocol[sub.protocol] ?? perProtocol.default!) : input.Message;
      if (a.FilterPolicy) {
        const scope = (a.FilterPolicyScope ?? 'MessageAttributes') as 'MessageAttributes' | 'MessageBody';
        if (!filterMatches(compileFilterPolicy(a.FilterPolicy), scope, text, input.MessageAttributes ?? {})) continue;
      }
      const headers: Record<string, string> = {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-message-id': messageId,
        'x-amz-sns-topic-arn': topic.arn,
        'x-amz-sns-subscription-arn': sub.arn,
        'user-agent': 'Amazon Simple Notification Service Agent',
      };
      let body: string;
      if (a.RawMessageDelivery === 'true') {
        headers['x-amz-sns-rawdelivery'] = 'true';
        body = text;
      } else {
        const message: Record<string, string | undefined> = { Type: 'Notification', MessageId: messageId, TopicArn: topic.arn, Subject: input.Subject, Message: text, Timestamp: timestamp };
        const envelope = await signed(topic.region, message, version);
        envelope.UnsubscribeURL = `${deps.endpointUrl()}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(sub.arn)}`;
        if (input.MessageAttributes && Object.keys(input.MessageAttributes).length) {
          envelope.MessageAttributes = Object.fromEntries(
            Object.entries(input.MessageAttributes).map(([k, v]) => [k, { Type: v.DataType, Value: v.StringValue ?? Buffer.from((v as T.MessageAttributeValue).BinaryValue ?? []).toString('base64') }]),
          );
        }
        body = JSON.stringify(envelope);
      }
      deliveries.push({ url: sub.endpoint, headers, body, policy: retryPolicyOf(topic, sub), subscriptionArn: sub.arn });
    }
    await outbox.add(deliveries);
    return messageId;
  }

  function checkPublishInput(input: T.PublishInput): void {
    if (Buffer.byteLength(input.Message, 'utf8') > MAX_MESSAGE_BYTES) throw invalid('Message too long');
    if (input.Message.length === 0) throw invalid('Empty message');
    if (input.Subject !== undefined) {
      if (input.Subject.length === 0 || input.Subject.length > MAX_SUBJECT_CHARS || /[\r\n]/.test(input.Subject) || /[^\x20-\x7e]/.test(input.Subject)) throw invalid('Subject');
    }
    if (input.MessageStructure !== undefined) {
      if (input.MessageStructure !== 'json') throw invalid('MessageStructure');
      let parsed: unknown;
      try {
        parsed = JSON.parse(input.Message);
      } catch {
        throw invalid('Message Structure - JSON message body failed to parse');
      }
      if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Record<string, unknown>).default !== 'string') throw invalid('Message Structure - No default entry in JSON message body');
    }
    for (const [name, v] of Object.entries(input.MessageAttributes ?? {})) {
      if (!/^(String|Number|Binary|String\.Array)(\..+)?$/.test(v.DataType)) throw invalid(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
      if (v.DataType.startsWith('Binary') ? v.BinaryValue === undefined : v.StringValue === undefined) throw invalid(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${v.DataType.split('.')[0]}'.`);
      if (v.DataType.startsWith('Number') && !Number.isFinite(Number(v.StringValue))) throw invalid(`The message attribute '${name}' has an invalid number: ${v.StringValue}`);
    }
    if (input.MessageDeduplicationId !== undefined || input.MessageGroupId !== undefined) throw invalid('MessageGroupId', 'The request includes MessageGroupId parameter that is not valid for this topic type');
  }

  async function counts(topicArn: string): Promise<{ confirmed: number; pending: number }> {
    const rows = await db.selectFrom('sns_subscriptions').select(['confirmed']).where('topic_arn', '=', topicArn).execute();
    const confirmed = rows.filter((r) => Number(r.confirmed) === 1).length;
    return { confirmed, pending: rows.length - confirmed };
  }

  const subscriptionView = (s: SubscriptionRow): T.Subscription => ({
    SubscriptionArn: Number(s.confirmed) === 1 ? s.arn : 'PendingConfirmation',
    Owner: s.owner_account_id,
    Protocol: s.protocol,
    Endpoint: s.endpoint,
    TopicArn: s.topic_arn,
  });

  async function confirm(topicArn: string, token: string): Promise<string | undefined> {
    const sub = await db.selectFrom('sns_subscriptions').selectAll().where('token', '=', token).where('topic_arn', '=', topicArn).executeTakeFirst();
    if (!sub) return undefined;
    if (Number(sub.confirmed) !== 1) await db.updateTable('sns_subscriptions').set({ confirmed: 1 }).where('arn', '=', sub.arn).execute();
    return sub.arn;
  }

  const provider = {
    async createTopic(ctx: RequestContext, input: T.CreateTopicInput): Promise<T.CreateTopicResponse> {
      if (input.Name.endsWith('.fifo') || input.Attributes?.FifoTopic === 'true') throw notImplemented('FIFO topics');
      if (!TOPIC_NAME.test(input.Name)) throw invalid('Topic Name');
      if (input.Tags?.length) throw notImplemented('tags on SNS topics');
      if (input.DataProtectionPolicy) throw notImplemented('SNS message data protection (DataProtectionPolicy)');
      const arn = topicArnOf(ctx.accountId, ctx.region, input.Name);
      const attributes: Record<string, string> = {};
      for (const [k, v] of Object.entries(input.Attributes ?? {})) {
        checkTopicAttribute(k, v, arn);
        if (k !== 'FifoTopic') attributes[k] = v;
      }
      const existing = await db.selectFrom('sns_topics').selectAll().where('arn', '=', arn).executeTakeFirst();
      if (existing) {
        const had = attrsOf(existing);
        // CreateTopic is idempotent; the same name with other attributes is refused.
        if (Object.entries(attributes).some(([k, v]) => had[k] !== v)) throw invalid('Attributes', 'Topic already exists with different attributes');
        return { TopicArn: arn };
      }
      const n = await db.selectFrom('sns_topics').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', ctx.accountId).executeTakeFirst();
      if (Number(n?.n ?? 0) >= MAX_TOPICS_PER_ACCOUNT) throw new E.TopicLimitExceededException('Topic limit exceeded');
      await db
        .insertInto('sns_topics')
        .values({ arn, account_id: ctx.accountId, region: ctx.region, name: input.Name, attributes: JSON.stringify(attributes), created_at: deps.clock.nowMs() })
        .onConflict((oc) => oc.column('arn').doNothing())
        .execute();
      return { TopicArn: arn };
    },

    async deleteTopic(ctx: RequestContext, input: T.DeleteTopicInput): Promise<void> {
      if (!parseTopicArn(input.TopicArn)) throw invalid('TopicArn');
      const row = await db.selectFrom('sns_topics').select(['arn', 'region']).where('arn', '=', input.TopicArn).executeTakeFirst();
      // Deleting a topic that does not exist succeeds, as in SNS.
      if (!row || row.region !== ctx.region) return;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sns_subscriptions').where('topic_arn', '=', input.TopicArn).execute();
        await trx.deleteFrom('sns_topics').where('arn', '=', input.TopicArn).execute();
      });
    },

    async listTopics(ctx: RequestContext, input: T.ListTopicsInput): Promise<T.ListTopicsResponse> {
      const rows = await db.selectFrom('sns_topics').select('arn').where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).orderBy('arn').execute();
      const p = page(rows, input.NextToken);
      return { Topics: p.items.map((r) => ({ TopicArn: r.arn })), ...(p.next ? { NextToken: p.next } : {}) };
    },

    async getTopicAttributes(ctx: RequestContext, input: T.GetTopicAttributesInput): Promise<T.GetTopicAttributesResponse> {
      const topic = await topicOf(ctx, input.TopicArn);
      const a = attrsOf(topic);
      const c = await counts(topic.arn);
      return {
        Attributes: {
          TopicArn: topic.arn,
          Owner: topic.account_id,
          Policy: a.Policy ?? defaultTopicPolicy(topic.arn, topic.account_id),
          DisplayName: a.DisplayName ?? '',
          SubscriptionsConfirmed: String(c.confirmed),
          SubscriptionsPending: String(c.pending),
          SubscriptionsDeleted: '0',
          EffectiveDeliveryPolicy: effectiveDeliveryPolicy(a.DeliveryPolicy),
          ...(a.DeliveryPolicy ? { DeliveryPolicy: a.DeliveryPolicy } : {}),
          ...(a.SignatureVersion ? { SignatureVersion: a.SignatureVersion } : {}),
        },
      };
    },

    async setTopicAttributes(ctx: RequestContext, input: T.SetTopicAttributesInput): Promise<void> {
      const topic = await topicOf(ctx, input.TopicArn);
      const value = input.AttributeValue ?? '';
      checkTopicAttribute(input.AttributeName, value, topic.arn);
      const a = attrsOf(topic);
      if (value === '' && input.AttributeName !== 'DisplayName') delete a[input.AttributeName];
      else a[input.AttributeName] = value;
      await db.updateTable('sns_topics').set({ attributes: JSON.stringify(a) }).where('arn', '=', topic.arn).execute();
    },

    async subscribe(ctx: RequestContext, input: T.SubscribeInput): Promise<T.SubscribeResponse> {
      const topic = await topicOf(ctx, input.TopicArn);
      const protocol = input.Protocol.toLowerCase();
      if (['email', 'email-json', 'sqs', 'lambda', 'sms', 'application', 'firehose'].includes(protocol)) throw notImplemented(`SNS subscriptions with protocol ${protocol} (http and https are served)`);
      if (protocol !== 'http' && protocol !== 'https') throw invalid(`Amazon SNS does not support this protocol string: ${input.Protocol}`);
      const endpoint = input.Endpoint ?? '';
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        throw invalid('Invalid parameter: Endpoint must match the specified protocol');
      }
      if (url.protocol !== `${protocol}:`) throw invalid('Invalid parameter: Endpoint must match the specified protocol');
      if (!deps.outbound.permits(endpoint, 'caller')) throw invalid('Endpoint', `Sift delivers only to hosts the operator allows (SIFT_OUTBOUND_ALLOW); ${url.host} is not one of them`);
      const attributes: Record<string, string> = {};
      for (const [k, v] of Object.entries(input.Attributes ?? {})) {
        checkSubscriptionAttribute(k, v);
        attributes[k] = v;
      }
      // The same endpoint subscribed again to the same topic is the same subscription.
      const same = (await db.selectFrom('sns_subscriptions').selectAll().where('topic_arn', '=', topic.arn).where('protocol', '=', protocol).where('endpoint', '=', endpoint).executeTakeFirst()) as SubscriptionRow | undefined;
      if (same) {
        if (Object.entries(attributes).some(([k, v]) => attrsOf(same)[k] !== v)) throw invalid('Attributes', 'Subscription already exists with different attributes');
        if (Number(same.confirmed) !== 1) await queueConfirmation(topic, same);
        return { SubscriptionArn: Number(same.confirmed) === 1 || input.ReturnSubscriptionArn ? same.arn : 'pending confirmation' };
      }
      const row: SubscriptionRow = {
        arn: `${topic.arn}:${deps.ids.uuid()}`,
        topic_arn: topic.arn,
        owner_account_id: ctx.accountId,
        region: ctx.region,
        protocol,
        endpoint,
        confirmed: 0,
        token: deps.ids.hex(64),
        attributes: JSON.stringify(attributes),
        created_at: deps.clock.nowMs(),
      };
      await db.insertInto('sns_subscriptions').values(row).execute();
      await queueConfirmation(topic, row);
      return { SubscriptionArn: input.ReturnSubscriptionArn ? row.arn : 'pending confirmation' };
    },

    async confirmSubscription(ctx: RequestContext, input: T.ConfirmSubscriptionInput): Promise<T.ConfirmSubscriptionResponse> {
      const topic = await topicOf(ctx, input.TopicArn);
      const arn = await confirm(topic.arn, input.Token);
      if (!arn) throw invalid('Token');
      if (input.AuthenticateOnUnsubscribe === 'true') {
        const sub = await subscriptionOf(arn, ctx.region);
        await db.updateTable('sns_subscriptions').set({ attributes: JSON.stringify({ ...attrsOf(sub), AuthenticateOnUnsubscribe: 'true' }) }).where('arn', '=', arn).execute();
      }
      return { SubscriptionArn: arn };
    },

    async unsubscribe(ctx: RequestContext, input: T.UnsubscribeInput): Promise<void> {
      const sub = await subscriptionOf(input.SubscriptionArn, ctx.region);
      // The topic owner or the subscription owner may unsubscribe.
      if (sub.owner_account_id !== ctx.accountId && parseTopicArn(sub.topic_arn)?.accountId !== ctx.accountId) throw new E.AuthorizationErrorException('User is not authorized to unsubscribe this subscription');
      await db.deleteFrom('sns_subscriptions').where('arn', '=', sub.arn).execute();
    },

    async listSubscriptions(ctx: RequestContext, input: T.ListSubscriptionsInput): Promise<T.ListSubscriptionsResponse> {
      const rows = (await db.selectFrom('sns_subscriptions').selectAll().where('owner_account_id', '=', ctx.accountId).where('region', '=', ctx.region).orderBy('arn').execute()) as SubscriptionRow[];
      const p = page(rows, input.NextToken);
      return { Subscriptions: p.items.map(subscriptionView), ...(p.next ? { NextToken: p.next } : {}) };
    },

    async listSubscriptionsByTopic(ctx: RequestContext, input: T.ListSubscriptionsByTopicInput): Promise<T.ListSubscriptionsByTopicResponse> {
      const topic = await topicOf(ctx, input.TopicArn);
      const rows = (await db.selectFrom('sns_subscriptions').selectAll().where('topic_arn', '=', topic.arn).orderBy('arn').execute()) as SubscriptionRow[];
      const p = page(rows, input.NextToken);
      return { Subscriptions: p.items.map(subscriptionView), ...(p.next ? { NextToken: p.next } : {}) };
    },

    async getSubscriptionAttributes(ctx: RequestContext, input: T.GetSubscriptionAttributesInput): Promise<T.GetSubscriptionAttributesResponse> {
      const sub = await subscriptionOf(input.SubscriptionArn, ctx.region);
      if (sub.owner_account_id !== ctx.accountId && parseTopicArn(sub.topic_arn)?.accountId !== ctx.accountId) throw notFound('Subscription');
      const a = attrsOf(sub);
      const topic = await db.selectFrom('sns_topics').selectAll().where('arn', '=', sub.topic_arn).executeTakeFirst();
      return {
        Attributes: {
          SubscriptionArn: sub.arn,
          TopicArn: sub.topic_arn,
          Owner: sub.owner_account_id,
          Protocol: sub.protocol,
          Endpoint: sub.endpoint,
          ConfirmationWasAuthenticated: a.AuthenticateOnUnsubscribe === 'true' ? 'true' : 'false',
          PendingConfirmation: Number(sub.confirmed) === 1 ? 'false' : 'true',
          RawMessageDelivery: a.RawMessageDelivery ?? 'false',
          ...(a.FilterPolicy ? { FilterPolicy: a.FilterPolicy, FilterPolicyScope: a.FilterPolicyScope ?? 'MessageAttributes' } : {}),
          ...(a.DeliveryPolicy ? { DeliveryPolicy: a.DeliveryPolicy } : {}),
          EffectiveDeliveryPolicy: JSON.stringify({ healthyRetryPolicy: topic ? retryPolicyOf(topic as TopicRow, sub) : DEFAULT_RETRY_POLICY }),
        },
      };
    },

    async setSubscriptionAttributes(ctx: RequestContext, input: T.SetSubscriptionAttributesInput): Promise<void> {
      const sub = await subscriptionOf(input.SubscriptionArn, ctx.region);
      if (sub.owner_account_id !== ctx.accountId && parseTopicArn(sub.topic_arn)?.accountId !== ctx.accountId) throw notFound('Subscription');
      const value = input.AttributeValue ?? '';
      checkSubscriptionAttribute(input.AttributeName, value);
      const a = attrsOf(sub);
      if (value === '') delete a[input.AttributeName];
      else a[input.AttributeName] = value;
      await db.updateTable('sns_subscriptions').set({ attributes: JSON.stringify(a) }).where('arn', '=', sub.arn).execute();
    },

    async publish(ctx: RequestContext, input: T.PublishInput): Promise<T.PublishResponse> {
      if (input.PhoneNumber !== undefined) throw notImplemented('SMS (Publish with PhoneNumber)');
      const arn = input.TopicArn ?? input.TargetArn;
      if (!arn) throw invalid('TopicArn or TargetArn Reason: no value for required parameter');
      if (input.TopicArn && input.TargetArn) throw invalid('TopicArn', 'Only one of TopicArn or TargetArn may be given');
      if (/:endpoint\//.test(arn)) throw notImplemented('mobile push endpoints');
      checkPublishInput(input);
      const topic = await topicOf(ctx, arn);
      return { MessageId: await fanOut(topic, input as Parameters<typeof fanOut>[1]) };
    },
  } satisfies Partial<SnsApi>;

  const internal: SnsInternal = {
    async publishAsService(call) {
      const parsed = parseTopicArn(call.topicArn);
      if (!parsed) throw notFound('Topic');
      const topic = (await db.selectFrom('sns_topics').selectAll().where('arn', '=', call.topicArn).executeTakeFirst()) as TopicRow | undefined;
      if (!topic) throw notFound('Topic');
      const sameAccountAlarm = call.service === 'cloudwatch.amazonaws.com' && topic.account_id === call.accountId;
      if (!sameAccountAlarm) {
        const policy = parsePolicy(attrsOf(topic).Policy ?? defaultTopicPolicy(topic.arn, topic.account_id), 'resource', { requireCurrentVersion: false });
        const principal: EvaluationPrincipal = { arn: call.service, accountId: call.accountId, type: 'AWSService', service: call.service };
        const result = evaluateDetailed(
          { principal, action: 'sns:Publish', resource: topic.arn, resourceAccountId: topic.account_id, context: { 'aws:SourceAccount': call.accountId, 'aws:SourceArn': call.sourceArn } },
          [],
          policy,
          { resourcePolicyRequired: true },
        );
        if (result.decision !== 'Allow') throw new E.AuthorizationErrorException(`${call.service} is not authorized to perform: SNS:Publish on resource: ${topic.arn}`);
      }
      const input: T.PublishInput = { Message: call.message, ...(call.subject ? { Subject: call.subject.slice(0, MAX_SUBJECT_CHARS) } : {}) };
      checkPublishInput(input);
      return fanOut(topic, input);
    },
    async topicExists(topicArn) {
      return (await db.selectFrom('sns_topics').select('arn').where('arn', '=', topicArn).executeTakeFirst()) !== undefined;
    },
    certificate: (certId) => keys.certificate(certId),
    confirmByUrl: (topicArn, token) => confirm(topicArn, token),
    async unsubscribeByUrl(subscriptionArn) {
      const sub = await db.selectFrom('sns_subscriptions').selectAll().where('arn', '=', subscriptionArn).executeTakeFirst();
      if (!sub || attrsOf(sub).AuthenticateOnUnsubscribe === 'true') return false;
      await db.deleteFrom('sns_subscriptions').where('arn', '=', subscriptionArn).execute();
      return true;
    },
    deliverDue: () => outbox.runDue(),
  };
  return { provider, internal, background: outbox.background };
}

export type SnsProvider = ReturnType<typeof createSnsProvider>['provider'];

export interface SnsRegistration extends ServiceRegistration {
  internal: SnsInternal;
}

/** Operations on one topic, which its topic policy governs (with the caller's IAM policies). */
const TOPIC_OPERATIONS = new Set(['GetTopicAttributes', 'SetTopicAttributes', 'DeleteTopic', 'Subscribe', 'ListSubscriptionsByTopic', 'Publish', 'ConfirmSubscription', 'AddPermission', 'RemovePermission']);

export function createSnsRegistration(deps: SnsDeps): SnsRegistration {
  const { provider, internal, background } = createSnsProvider(deps);
  return {
    service: 'sns',
    provider: provider as unknown as Provider,
    internal,
    background,
    resourceOf: (operation, input, ctx) => {
      if (operation === 'CreateTopic' && typeof input?.Name === 'string') return topicArnOf(ctx.accountId, ctx.region, input.Name);
      if (TOPIC_OPERATIONS.has(operation)) return String(input?.TopicArn ?? input?.TargetArn ?? '*');
      if (['Unsubscribe', 'GetSubscriptionAttributes', 'SetSubscriptionAttributes'].includes(operation) && typeof input?.SubscriptionArn === 'string') {
        return String(input.SubscriptionArn).split(':').slice(0, 6).join(':');
      }
      return '*';
    },
    resourcePolicyOf: async (operation, input) => {
      if (!TOPIC_OPERATIONS.has(operation)) return undefined;
      const arn = String(input?.TopicArn ?? input?.TargetArn ?? '');
      const row = await deps.store.db.selectFrom('sns_topics').select(['account_id', 'attributes']).where('arn', '=', arn).executeTakeFirst();
      if (!row) return undefined;
      return { ownerAccountId: row.account_id, policy: attrsOf(row).Policy ?? defaultTopicPolicy(arn, row.account_id) };
    },
  };
}

/** A stable id for log lines about a message body (never the body itself). */
export const bodyDigest = (body: string) => createHash('sha256').update(body).digest('hex').slice(0, 16);
export type { Clock, IdSource, Logger };
