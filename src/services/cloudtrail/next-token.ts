// LookupEvents' NextToken: an opaque, signed cursor. It names where the next page starts and a digest of the
// query it belongs to, under an HMAC whose key lives in the store (so tokens survive restarts and work across
// API processes). A token that was altered, or is replayed with different parameters, is refused with
// InvalidNextTokenException, as AWS does.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IdSource } from '../../common/index.js';
import type { HistoryCursor } from '../../audit/index.js';
import { errors } from '../../models/cloudtrail/index.js';
import type { Store } from '../../store/index.js';

const KEY_NAMESPACE = 'cloudtrail';
const KEY_NAME = 'lookup-events-token-key';
const MAX_TOKEN_LENGTH = 1024;

export const INVALID_NEXT_TOKEN_MESSAGE = 'Invalid NextToken: the token is not valid or was used with different request parameters.';

export interface NextTokenCodec {
  encode(cursor: HistoryCursor, queryDigest: string): Promise<string>;
  /** The cursor in `token`, or InvalidNextTokenException. */
  decode(token: string, queryDigest: string): Promise<HistoryCursor>;
}

/** A short, stable digest of everything a token must be reused with. */
export function queryDigest(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
}

export function createNextTokenCodec(store: Store, ids: IdSource): NextTokenCodec {
  let key: Promise<Buffer> | undefined;
  const signingKey = () => {
    // Loaded once; a failed load is forgotten so the next request tries again.
    key ??= loadOrCreateKey(store, ids).catch((err: unknown) => {
      key = undefined;
      throw err;
    });
    return key;
  };
  const sign = (k: Buffer, payload: string) => createHmac('sha256', k).update(payload).digest();

  return {
    async encode(cursor, digest) {
      const payload = Buffer.from(JSON.stringify({ t: cursor.eventTime, s: cursor.seq, q: digest })).toString('base64url');
      return `${payload}.${sign(await signingKey(), payload).toString('base64url')}`;
    },
    async decode(token, digest) {
      const invalid = () => new errors.InvalidNextTokenException(INVALID_NEXT_TOKEN_MESSAGE);
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalid();
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) throw invalid();
      const expected = sign(await signingKey(), payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      let body: unknown;
      try {
        body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      const { t, s, q } = (body ?? {}) as { t?: unknown; s?: unknown; q?: unknown };
      if (!Number.isSafeInteger(t) || !Number.isSafeInteger(s) || q !== digest) throw invalid();
      return { eventTime: t as number, seq: s as number };
    },
  };
}

async function loadOrCreateKey(store: Store, ids: IdSource): Promise<Buffer> {
  const read = () => store.db.selectFrom('kv').select('value').where('namespace', '=', KEY_NAMESPACE).where('key', '=', KEY_NAME).executeTakeFirst();
  const existing = await read();
  if (existing) return Buffer.from(existing.value, 'hex');
  // Two processes may race to create it: the first insert wins and both read the winner back.
  await store.db
    .insertInto('kv')
    .values({ namespace: KEY_NAMESPACE, key: KEY_NAME, value: ids.hex(32) })
    .onConflict((oc) => oc.columns(['namespace', 'key']).doNothing())
    .execute();
  const created = await read();
  if (!created) throw new Error('the LookupEvents token key could not be stored');
  return Buffer.from(created.value, 'hex');
}
