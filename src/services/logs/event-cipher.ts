/**
 * How the message of an event in a KMS-keyed log group is stored: AES-256-GCM under the group's data key, with the
 * group's ARN as additional data (a sealed message cannot be moved to another group), written into the engine's
 * message field as `\0K<ref>:<base64 iv|ciphertext|tag>`. Once a group has had a key, a clear message that itself
 * begins with NUL is stored as `\0P<message>`, so no clear message can be mistaken for a sealed one.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

const SEALED = '\u0000K';
const ESCAPED = '\u0000P';

/** Seals and opens the messages of one group; `keys` maps a data key's ref to the key in clear. */
export interface EventCipher {
  seal(message: string): string;
  open(stored: string): string;
}

export class UnreadableEventError extends Error {}

// Random IVs are drawn in bulk: one randomBytes call per 256 events instead of one each (it dominated sealing).
const IV_BYTES = 12;
const IV_POOL_EVENTS = 256;

/** `unusable`: why a data key could not be opened (KMS refused it); thrown only when an event sealed under it is read. */
export function eventCipher(groupArn: string, keys: ReadonlyMap<number, Buffer>, current?: number, unusable: ReadonlyMap<number, unknown> = new Map()): EventCipher {
  const aad = Buffer.from(groupArn, 'utf8');
  const sealKey: KeyObject | undefined = current === undefined ? undefined : createSecretKey(keys.get(current)!);
  let ivPool = Buffer.alloc(0);
  let ivAt = 0;
  const nextIv = (): Buffer => {
    if (ivAt === ivPool.length) {
      ivPool = randomBytes(IV_BYTES * IV_POOL_EVENTS);
      ivAt = 0;
    }
    ivAt += IV_BYTES;
    return ivPool.subarray(ivAt - IV_BYTES, ivAt);
  };
  return {
    seal(message) {
      if (current === undefined || !sealKey) return message.startsWith('\u0000') ? ESCAPED + message : message;
      const key = sealKey;
      const iv = nextIv();
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(aad);
      const body = Buffer.concat([iv, c.update(message, 'utf8'), c.final(), c.getAuthTag()]);
      return `${SEALED}${current.toString(36)}:${body.toString('base64')}`;
    },
    open(stored) {
      if (stored.startsWith(ESCAPED)) return stored.slice(ESCAPED.length);
      if (!stored.startsWith(SEALED)) return stored;
      const colon = stored.indexOf(':', SEALED.length);
      const ref = colon > 0 ? parseInt(stored.slice(SEALED.length, colon), 36) : NaN;
      const key = keys.get(ref);
      if (!key) throw unusable.get(ref) ?? new UnreadableEventError(`no data key ${ref} for ${groupArn}`);
      const body = Buffer.from(stored.slice(colon + 1), 'base64');
      if (body.length < 28) throw new UnreadableEventError('sealed log event too short');
      const d = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
      d.setAAD(aad);
      d.setAuthTag(body.subarray(body.length - 16));
      try {
        return Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()]).toString('utf8');
      } catch {
        throw new UnreadableEventError('sealed log event failed authentication');
      }
    },
  };
}

/** The cipher of a group that never had a key: messages stored as they are. */
export const CLEAR: EventCipher = { seal: (m) => m, open: (m) => m };
