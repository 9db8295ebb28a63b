// Opaque NextTokens: a small JSON position, base64url-encoded, that a later call decodes or rejects.
export function encodeToken(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position inside a token, or undefined when the token is not one of ours. */
export function decodeToken<T>(token: string, isPosition: (v: unknown) => v is T): T | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return isPosition(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNonNegativeInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
