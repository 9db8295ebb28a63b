// SNS's HTTP/S delivery policy: how many times a failed delivery is retried and how long apart. The default
// (numRetries 3, 20 s apart, linear) is SNS's; a topic's DeliveryPolicy `http.defaultHealthyRetryPolicy` or a
// subscription's `healthyRetryPolicy` replaces it. Retries run in four phases: immediate (numNoDelayRetries),
// at minDelayTarget (numMinDelayRetries), backoff from minDelayTarget to maxDelayTarget (the rest), then at
// maxDelayTarget (numMaxDelayRetries).
export interface RetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  numMaxDelayRetries: number;
  backoffFunction: 'linear' | 'arithmetic' | 'geometric' | 'exponential';
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numMaxDelayRetries: 0,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  backoffFunction: 'linear',
};

/** What GetTopicAttributes shows as EffectiveDeliveryPolicy for a topic without its own policy. */
export function effectiveDeliveryPolicy(topicPolicy: string | undefined): string {
  if (topicPolicy) return topicPolicy;
  return JSON.stringify({
    http: { defaultHealthyRetryPolicy: DEFAULT_RETRY_POLICY, disableSubscriptionOverrides: false, defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' } },
  });
}

const FUNCTIONS = new Set(['linear', 'arithmetic', 'geometric', 'exponential']);

/** Checks a retry policy object; throws a message for InvalidParameter on a bad one. */
function readRetryPolicy(value: unknown): RetryPolicy {
  if (typeof value !== 'object' || value === null) throw new Error('healthyRetryPolicy must be an object');
  const v = value as Record<string, unknown>;
  const out = { ...DEFAULT_RETRY_POLICY };
  for (const k of ['minDelayTarget', 'maxDelayTarget', 'numRetries', 'numNoDelayRetries', 'numMinDelayRetries', 'numMaxDelayRetries'] as const) {
    if (v[k] === undefined) continue;
    if (!Number.isInteger(v[k]) || (v[k] as number) < 0) throw new Error(`${k} must be a non-negative integer`);
    out[k] = v[k] as number;
  }
  if (v.backoffFunction !== undefined) {
    if (!FUNCTIONS.has(String(v.backoffFunction))) throw new Error('backoffFunction must be one of linear, arithmetic, geometric, exponential');
    out.backoffFunction = v.backoffFunction as RetryPolicy['backoffFunction'];
  }
  // SNS's documented bounds for HTTP/S.
  if (out.numRetries > 100) throw new Error('numRetries must be at most 100');
  if (out.minDelayTarget < 1 || out.maxDelayTarget > 3600 || out.minDelayTarget > out.maxDelayTarget) throw new Error('delay targets must satisfy 1 <= minDelayTarget <= maxDelayTarget <= 3600');
  if (out.numNoDelayRetries + out.numMinDelayRetries + out.numMaxDelayRetries > out.numRetries) throw new Error('numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not exceed numRetries');
  return out;
}

/** Parses a topic's DeliveryPolicy (or a subscription's, `subscription` true); throws a message on a bad one. */
export function parseDeliveryPolicy(text: string, subscription: boolean): RetryPolicy | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('DeliveryPolicy: not valid JSON');
  }
  if (typeof json !== 'object' || json === null) throw new Error('DeliveryPolicy: must be a JSON object');
  const j = json as Record<string, any>;
  if (subscription) return j.healthyRetryPolicy !== undefined ? readRetryPolicy(j.healthyRetryPolicy) : undefined;
  if (j.http === undefined) return undefined;
  return j.http.defaultHealthyRetryPolicy !== undefined ? readRetryPolicy(j.http.defaultHealthyRetryPolicy) : undefined;
}

/** Seconds to wait before retry number `retry` (1-based), or undefined when no retry is left. */
export function retryDelaySeconds(policy: RetryPolicy, retry: number): number | undefined {
  if (retry > policy.numRetries) return undefined;
  if (retry <= policy.numNoDelayRetries) return 0;
  if (retry <= policy.numNoDelayRetries + policy.numMinDelayRetries) return policy.minDelayTarget;
  const backoff = policy.numRetries - policy.numNoDelayRetries - policy.numMinDelayRetries - policy.numMaxDelayRetries;
  const i = retry - policy.numNoDelayRetries - policy.numMinDelayRetries;
  if (i > backoff) return policy.maxDelayTarget;
  const { minDelayTarget: lo, maxDelayTarget: hi } = policy;
  if (backoff <= 1) return lo;
  const t = (i - 1) / (backoff - 1);
  const shape = { linear: t, arithmetic: t * t, geometric: Math.sqrt(t), exponential: (Math.pow(2, t * 10) - 1) / 1023 }[policy.backoffFunction];
  return Math.round(lo + (hi - lo) * shape);
}
