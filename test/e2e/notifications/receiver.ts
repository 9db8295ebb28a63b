// A local HTTP(S) subscriber as a real one works: it verifies every SNS message's signature with node:crypto against
// the certificate fetched from SigningCertURL (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA), confirms
// subscriptions by GETting the SubscribeURL, and records what it received. It can be told to fail the next N
// deliveries (HTTP 500) to exercise retries.
import { createVerify, X509Certificate } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed SNS envelope (undefined for raw deliveries and non-JSON bodies). */
  message?: Record<string, any>;
  /** Whether the signature verified against the served certificate (undefined when the body is not signed). */
  verified?: boolean;
}

const SIGNED: Record<string, string[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

export async function verifySnsSignature(m: Record<string, any>): Promise<boolean> {
  const cert = new X509Certificate(await (await fetch(m.SigningCertURL)).text());
  let text = '';
  for (const f of SIGNED[m.Type] ?? []) if (m[f] !== undefined) text += `${f}\n${m[f]}\n`;
  const verifier = createVerify(m.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1');
  verifier.update(text, 'utf8');
  return verifier.verify(cert.publicKey, m.Signature, 'base64');
}

export class Receiver {
  readonly received: Received[] = [];
  failNext = 0;
  autoConfirm = true;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          if (this.failNext > 0) {
            this.failNext--;
            res.writeHead(500).end();
            return;
          }
          const body = Buffer.concat(chunks).toString('utf8');
          const r: Received = { path: req.url ?? '', headers: req.headers, body };
          try {
            const m = JSON.parse(body);
            if (m && typeof m === 'object' && m.Signature) {
              r.message = m;
              r.verified = await verifySnsSignature(m);
              if (m.Type === 'SubscriptionConfirmation' && this.autoConfirm) await fetch(m.SubscribeURL);
            } else r.message = m;
          } catch {
            // A raw delivery of a non-JSON message.
          }
          this.received.push(r);
          res.writeHead(200).end();
        })();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  of(path: string, type = 'Notification'): Received[] {
    return this.received.filter((r) => r.path === path && (r.message?.Type ?? 'raw') === type);
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Polls (real time) until `ok`, for deliveries that run in the server's background. */
export async function waitFor<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
