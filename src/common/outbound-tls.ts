/**
 * HTTPS GETs of small JSON documents from an identity provider (OpenID configuration, JWKS), under the rules of
 * ./outbound.ts: the URL must pass a caller's checks (SIFT_OUTBOUND_ALLOW), the socket connects only to addresses the
 * guard allows, no redirect is followed, time and bytes are bounded.
 *
 * Server trust is IAM's: the certificate must chain to a trusted CA (Node's bundled roots plus the operator's extra
 * CA bundle, SIFT_OIDC_CA_BUNDLE) and name the host; when it does not, the connection is still accepted if the SHA-1
 * thumbprint of the top certificate the server presents (its top intermediate CA, or the certificate itself when
 * self-signed) is one the provider lists, as IAM does for IdPs outside its CA library.
 */
import { createHash, X509Certificate } from 'node:crypto';
import https from 'node:https';
import tls, { type PeerCertificate, type TLSSocket } from 'node:tls';
import { decide, guardedLookup, type HostPattern } from './outbound.js';

export interface TlsFetchOptions {
  allow: readonly HostPattern[];
  /** Extra trusted CAs (PEM), added to Node's roots. */
  extraCa?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export type TlsFetchResult =
  | { ok: true; json: unknown }
  /** blocked: the rules refuse the URL; untrusted: the certificate is neither trusted nor a listed thumbprint. */
  | { ok: false; failure: 'blocked' | 'untrusted' | 'failed'; detail: string };

/** The top certificate of the chain the server presented. */
function topCertificate(leaf: PeerCertificate): PeerCertificate {
  let cert = leaf as tls.DetailedPeerCertificate;
  for (let i = 0; i < 10 && cert.issuerCertificate && cert.issuerCertificate !== cert && cert.issuerCertificate.raw; i++) cert = cert.issuerCertificate;
  return cert;
}

export const sha1Thumbprint = (der: Buffer) => createHash('sha1').update(der).digest('hex');

export function createTlsFetcher(options: TlsFetchOptions) {
  const ca = options.extraCa ? [...tls.rootCertificates, options.extraCa] : undefined;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 256 * 1024;
  return async function getJson(url: string, thumbprints: readonly string[]): Promise<TlsFetchResult> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, failure: 'blocked', detail: 'not a URL' };
    }
    if (parsed.protocol !== 'https:') return { ok: false, failure: 'blocked', detail: 'not https' };
    const decision = decide(parsed, 'caller', options.allow);
    if (!decision.allowed) return { ok: false, failure: 'blocked', detail: `${parsed.host} is not allowed` };
    const wanted = new Set(thumbprints.map((t) => t.toLowerCase()));
    return new Promise<TlsFetchResult>((resolve) => {
      let settled = false;
      const done = (r: TlsFetchResult) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      const req = https.request(
        parsed,
        {
          method: 'GET',
          headers: { accept: 'application/json' },
          agent: false,
          lookup: guardedLookup(decision.privateOk) as unknown as https.RequestOptions['lookup'],
          ...(ca ? { ca } : {}),
          // Checked below, so a listed thumbprint can stand in for a trusted chain.
          rejectUnauthorized: false,
          timeout: timeoutMs,
        },
        (res) => {
          const socket = res.socket as TLSSocket;
          if (!socket.authorized) {
            const leaf = socket.getPeerCertificate(true);
            const top = leaf?.raw ? topCertificate(leaf) : undefined;
            const hostOk = leaf?.raw ? new X509Certificate(leaf.raw).checkHost(parsed.hostname.replace(/^\[|\]$/g, '')) !== undefined || new X509Certificate(leaf.raw).checkIP(parsed.hostname.replace(/^\[|\]$/g, '')) !== undefined : false;
            if (!top || !hostOk || !wanted.has(sha1Thumbprint(top.raw))) {
              res.destroy();
              return done({ ok: false, failure: 'untrusted', detail: String(socket.authorizationError ?? 'certificate') });
            }
          }
          if (res.statusCode !== 200) {
            res.destroy();
            return done({ ok: false, failure: 'failed', detail: `HTTP ${res.statusCode}` });
          }
          const chunks: Buffer[] = [];
          let read = 0;
          res.on('data', (c: Buffer) => {
            read += c.length;
            if (read > maxBytes) {
              res.destroy();
              done({ ok: false, failure: 'failed', detail: 'response too large' });
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => {
            try {
              done({ ok: true, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
            } catch {
              done({ ok: false, failure: 'failed', detail: 'not JSON' });
            }
          });
          res.on('error', (e) => done({ ok: false, failure: 'failed', detail: e.message }));
        },
      );
      const timer = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, failure: e.code === 'EOUTBOUNDBLOCKED' ? 'blocked' : 'failed', detail: e.code ?? e.message }));
      req.end();
    });
  };
}

export type TlsFetcher = ReturnType<typeof createTlsFetcher>;
