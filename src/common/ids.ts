// Ids and randomness come from an injected source so tests can make them predictable.
import { randomBytes, randomUUID } from 'node:crypto';

export interface IdSource {
  uuid(): string;
  /** Lowercase hex of `bytes` random bytes (Macie ids are 32 hex chars). */
  hex(bytes: number): string;
  /** Random characters from an alphabet (access key ids, secrets). */
  chars(length: number, alphabet: string): string;
}

export const randomIds: IdSource = {
  uuid: () => randomUUID(),
  hex: (bytes) => randomBytes(bytes).toString('hex'),
  chars: (length, alphabet) => {
    const out: string[] = [];
    // Rejection sampling keeps every character equally likely.
    const limit = 256 - (256 % alphabet.length);
    while (out.length < length) {
      for (const b of randomBytes(length * 2)) {
        if (b < limit && out.length < length) out.push(alphabet[b % alphabet.length]!);
      }
    }
    return out.join('');
  },
};

/** A deterministic id source for tests: counters, not randomness. */
export function sequentialIds(seed = 0): IdSource {
  let n = seed;
  const next = () => (n++).toString(16).padStart(8, '0');
  return {
    uuid: () => `00000000-0000-4000-8000-${next().padStart(12, '0')}`,
    hex: (bytes) => next().padStart(bytes * 2, '0').slice(-bytes * 2),
    chars: (length, alphabet) => {
      const v = n++;
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[(v + i) % alphabet.length];
      return s;
    },
  };
}

export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
