// SigV4 in the browser with Smithy's signer (the AWS SDK's own) and a pure-JS SHA-256, so signing works on plain
// http:// origins where WebCrypto is unavailable.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface UnsignedRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

export async function signRequest(creds: Credentials, region: string, service: string, req: UnsignedRequest): Promise<Record<string, string>> {
  const signer = new SignatureV4({ credentials: creds, region, service, sha256: Sha256, uriEscapePath: service !== 's3' });
  const url = new URL(window.location.href);
  const signed = await signer.sign({
    method: req.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: req.path,
    query: req.query ?? {},
    headers: { ...req.headers, host: url.host },
    body: req.body,
  });
  // The browser sets Host itself (to the same value).
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') headers[k] = String(v);
  return headers;
}
