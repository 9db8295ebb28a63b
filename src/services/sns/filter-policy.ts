// Subscription filter policies: the EventBridge pattern language applied to a message's attributes
// (FilterPolicyScope MessageAttributes, the default) or to its JSON body (MessageBody). An attribute of type
// String matches as a string, Number as a number, String.Array as the elements of its JSON array; Binary
// attributes are not matched. A message whose body is not JSON never matches a MessageBody policy.
import { compilePatternText, flattenEvent, PatternError, type CompiledPattern, type FlatEvent } from '../events/index.js';

export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
}

/** SNS's limits on a filter policy (FilterPolicy is at most 256 KiB; at most 150 value combinations). */
export const MAX_FILTER_POLICY_BYTES = 256 * 1024;

export function compileFilterPolicy(text: string): CompiledPattern {
  if (Buffer.byteLength(text) > MAX_FILTER_POLICY_BYTES) throw new PatternError('Filter policy is too long');
  return compilePatternText(text);
}

function attributesAsEvent(attrs: Record<string, MessageAttribute>): FlatEvent {
  const out: FlatEvent = new Map();
  for (const [name, a] of Object.entries(attrs)) {
    if (a.DataType.startsWith('String.Array')) {
      try {
        const list = JSON.parse(a.StringValue ?? '');
        if (Array.isArray(list)) out.set(name, list.filter((x) => typeof x !== 'object' || x === null));
      } catch {
        // Not an array: it matches nothing.
      }
    } else if (a.DataType.startsWith('Number')) {
      const n = Number(a.StringValue);
      if (Number.isFinite(n)) out.set(name, [n]);
    } else if (a.DataType.startsWith('String')) {
      out.set(name, [a.StringValue ?? '']);
    }
  }
  return out;
}

export function filterMatches(policy: CompiledPattern, scope: 'MessageAttributes' | 'MessageBody', message: string, attrs: Record<string, MessageAttribute>): boolean {
  if (scope === 'MessageAttributes') return policy.matches(attributesAsEvent(attrs));
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return false;
  }
  if (typeof body !== 'object' || body === null) return false;
  return policy.matches(flattenEvent(body));
}
