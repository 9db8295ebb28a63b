// Sends hand-made requests signed with the AWS SDK's own SigV4 signer, for tests of malformed input that the
// SDK clients would refuse to send.
import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './harness.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function signedRequest(
  endpoint: string,
  opts: { service: string; region: string; credentials: Credentials; method: string; path: string; headers?: Record<string, string>; body?: string | Uint8Array; query?: Record<string, string>; signingDate?: Date },
): Promise<RawResponse> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: opts.service, region: opts.region, credentials: opts.credentials, sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: opts.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: opts.path,
      query: opts.query,
      headers: { host: url.host, ...(opts.headers ?? {}) },
      body: opts.body,
    },
    { signingDate: opts.signingDate },
  );
  const qs = opts.query ? '?' + new URLSearchParams(opts.query).toString() : '';
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: opts.method, path: opts.path + qs, headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
