// Structural checks for credential formats: a Basic header's token must decode to `user:password`; a JWT's header
// must decode to a JSON object naming an `alg` (RFC 7515/7519).

function decodeBase64(token: string, url: boolean): string | undefined {
  const normalized = url ? token.replace(/-/g, '+').replace(/_/g, '/') : token;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return undefined;
  return Buffer.from(normalized, 'base64').toString('utf8');
}

export function basicAuthHeader(value: string): boolean {
  const m = /Basic[ \t]+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(value);
  if (!m) return false;
  const decoded = decodeBase64(m[1], false);
  if (decoded === undefined) return false;
  const colon = decoded.indexOf(':');
  return colon > 0 && !/[\u0000-\u001f\ufffd]/.test(decoded);
}

export function jsonWebToken(value: string): boolean {
  const [header, payload] = value.split('.');
  if (!header || payload === undefined) return false;
  try {
    const h = JSON.parse(decodeBase64(header, true) ?? '') as unknown;
    const p = JSON.parse(decodeBase64(payload, true) ?? '') as unknown;
    return typeof h === 'object' && h !== null && typeof (h as { alg?: unknown }).alg === 'string' && typeof p === 'object' && p !== null;
  } catch {
    return false;
  }
}
