/**
 * Every outbound HTTP call Sift makes goes through here, under the operator's control:
 * - a URL an API caller supplied (a raw-URL alarm action) may only name a host the operator lists in
 *   SIFT_OUTBOUND_ALLOW (comma-separated `host[:port]`, `*.domain[:port]`, IP literals, `[v6]:port`); none by default;
 * - a destination from the operator's own configuration (an ARN mapped to a URL, an external S3 endpoint) is called
 *   as configured;
 * - the host is resolved here and every address is checked before connecting: link-local and cloud metadata
 *   addresses (169.254.0.0/16, fe80::/10, 100.100.100.200, fd00:ec2::254) are never called; loopback and private
 *   ranges only when the operator named that host exactly (an allow-list entry without a wildcard, or their own
 *   configuration). The socket connects to the checked address itself, so a second DNS answer cannot rebind it;
 * - redirects are followed (at most 3) only to URLs that pass the same checks as a caller's URL; time and the
 *   response bytes read are bounded. Callers learn "blocked" or "failed", never what answered.
 */
import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';

export interface HostPattern {
  /** Lower-case host, without brackets for IPv6; `*.example.com` for any subdomain. */
  host: string;
  wildcard: boolean;
  /** Undefined: any port. */
  port?: number;
}

/** Who chose the destination: an API caller (the allow list applies) or the operator's own configuration. */
export type OutboundTrust = 'caller' | 'operator';

export type AddressClass = 'metadata' | 'loopback' | 'private' | 'public';

export interface OutboundOptions {
  allow: readonly HostPattern[];
  /** Whole call, redirects included (default 5 s). */
  timeoutMs?: number;
  /** Response bytes read before the connection is dropped (default 64 KiB). */
  maxResponseBytes?: number;
  maxRedirects?: number;
  /** DNS, replaceable in tests; default dns.lookup with all addresses. */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

export interface OutboundRequest {
  url: string;
  trust: OutboundTrust;
  method?: 'POST' | 'PUT' | 'GET';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export type OutboundResult =
  | { ok: true; status: number }
  /** `blocked`: the policy refused the destination; `failed`: it was called and did not answer 2xx in time. */
  | { ok: false; failure: 'blocked' | 'failed'; /** For the server log only: never shown to callers. */ detail: string };

export interface Outbound {
  /** Whether a URL passes the static checks for its trust (scheme, allow list, literal addresses): no DNS. */
  permits(url: string, trust: OutboundTrust): boolean;
  send(request: OutboundRequest): Promise<OutboundResult>;
}

/** The messages Sift records for a failed call (alarm history, job events): they say nothing of what answered. */
export const OUTBOUND_BLOCKED_MESSAGE = 'blocked by SIFT_OUTBOUND_ALLOW';
export const OUTBOUND_FAILED_MESSAGE = 'delivery failed';

/** Parses SIFT_OUTBOUND_ALLOW; throws on an entry that is not a host pattern. */
export function parseOutboundAllow(text: string | undefined): HostPattern[] {
  if (!text) return [];
  const out: HostPattern[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    let host = entry;
    let port: number | undefined;
    const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      host = bracketed[1];
      port = bracketed[2] !== undefined ? Number(bracketed[2]) : undefined;
    } else if (isIP(entry) !== 6) {
      const m = /^([^:]+)(?::(\d+))?$/.exec(entry);
      if (!m) throw new Error(`SIFT_OUTBOUND_ALLOW: "${raw.trim()}" is not host[:port]`);
      host = m[1];
      port = m[2] !== undefined ? Number(m[2]) : undefined;
    }
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new Error(`SIFT_OUTBOUND_ALLOW: bad port in "${raw.trim()}"`);
    const wildcard = host.startsWith('*.');
    const name = wildcard ? host.slice(2) : host;
    if (!isIP(name) && !/^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/.test(name)) {
      throw new Error(`SIFT_OUTBOUND_ALLOW: "${raw.trim()}" is not a host name or IP address`);
    }
    out.push({ host: name.replace(/\.$/, ''), wildcard, ...(port !== undefined ? { port } : {}) });
  }
  return out;
}

function parseV4(ip: string): number[] | undefined {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

/** Expands an IPv6 address to 8 groups (an embedded IPv4 tail becomes two groups). */
function parseV6(ip: string): number[] | undefined {
  let text = ip.toLowerCase().split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const p = parseV4(v4[1]);
    if (!p) return undefined;
    text = text.slice(0, -v4[1].length) + `${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array(Math.max(0, fill)).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** What kind of address an IP literal is, for the rules above. */
export function classifyAddress(ip: string): AddressClass {
  const v4 = parseV4(ip);
  if (v4) return classifyV4(v4);
  const g = parseV6(ip);
  if (!g) return 'metadata'; // unparseable: refuse as the strictest class
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms are their IPv4 address.
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0) && (g[6] !== 0 || g[5] === 0xffff)) {
    return classifyV4([g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff]);
  }
  if ((g[0] & 0xffc0) === 0xfe80) return 'metadata'; // fe80::/10 link-local
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'metadata'; // AWS IMDS over IPv6
  if (g.slice(0, 7).every((x) => x === 0) && (g[7] === 1 || g[7] === 0)) return 'loopback'; // ::1, ::
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 site-local (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b) return 'private'; // NAT64 reaches IPv4 space we cannot see
  return 'public';
}

function classifyV4([a, b, c, d]: number[]): AddressClass {
  if (a === 169 && b === 254) return 'metadata'; // link-local, EC2/GCP/Azure metadata
  if (a === 100 && b === 100 && c === 100 && d === 200) return 'metadata'; // Alibaba Cloud metadata
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT
  if (a === 198 && (b === 18 || b === 19)) return 'private'; // benchmarking
  if (a >= 224) return 'private'; // multicast, reserved, broadcast
  return 'public';
}

const defaultPort = (protocol: string): number => (protocol === 'https:' ? 443 : 80);

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
}

function matches(pattern: HostPattern, host: string, port: number): boolean {
  if (pattern.port !== undefined && pattern.port !== port) return false;
  return pattern.wildcard ? host.endsWith(`.${pattern.host}`) : host === pattern.host;
}

export interface Decision {
  allowed: boolean;
  /** Loopback and private addresses may be reached (the operator named this very host). */
  privateOk: boolean;
}

/** Whether a URL may be called under these rules, and whether loopback and private addresses may answer it. */
export function decide(url: URL, trust: OutboundTrust, allow: readonly HostPattern[]): Decision {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { allowed: false, privateOk: false };
  if (url.username || url.password) return { allowed: false, privateOk: false };
  const host = hostOf(url);
  const port = url.port ? Number(url.port) : defaultPort(url.protocol);
  let decision: Decision;
  if (trust === 'operator') decision = { allowed: true, privateOk: true };
  else {
    const hits = allow.filter((p) => matches(p, host, port));
    decision = { allowed: hits.length > 0, privateOk: hits.some((p) => !p.wildcard) };
  }
  if (decision.allowed && isIP(host) && !addressOk(host, decision.privateOk)) return { allowed: false, privateOk: false };
  return decision;
}

function addressOk(ip: string, privateOk: boolean): boolean {
  const kind = classifyAddress(ip);
  return kind === 'public' || (privateOk && kind !== 'metadata');
}

class Blocked extends Error {}

/**
 * A `lookup` for sockets that resolves, keeps only the addresses the rules allow, and hands the socket exactly those
 * (so the address checked is the address connected to). Used by send() and by the AWS SDK's agents.
 */
export function guardedLookup(privateOk: boolean, resolve: (hostname: string) => Promise<LookupAddress[]> = resolveAll) {
  return (hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    resolve(hostname).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        const ok = wanted.filter((a) => addressOk(a.address, privateOk));
        if (ok.length === 0) {
          const err: NodeJS.ErrnoException = new Blocked(`no allowed address for ${hostname}`);
          err.code = 'EOUTBOUNDBLOCKED';
          callback(err, '', 0);
          return;
        }
        if (options.all) callback(null, ok);
        else callback(null, ok[0].address, ok[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

const resolveAll = (hostname: string): Promise<LookupAddress[]> => dns.promises.lookup(hostname, { all: true, verbatim: true });

let sharedAgents: { httpAgent: http.Agent; httpsAgent: https.Agent } | undefined;

/** Agents for clients Sift configures itself (external S3 endpoints): operator trust, metadata addresses refused. */
export function operatorAgents(): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  if (!sharedAgents) {
    const lookup = guardedLookup(true) as unknown as http.AgentOptions['lookup'];
    sharedAgents = { httpAgent: new http.Agent({ keepAlive: true, lookup }), httpsAgent: new https.Agent({ keepAlive: true, lookup }) };
  }
  return sharedAgents;
}

/** Refuses an operator-configured endpoint that names a metadata address outright (the agents catch names). */
export function assertOperatorEndpoint(url: string): void {
  const parsed = new URL(url);
  const host = hostOf(parsed);
  if (isIP(host) && classifyAddress(host) === 'metadata') throw new Error(`${url}: link-local and metadata addresses are never called`);
}

export function createOutbound(options: OutboundOptions): Outbound {
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const resolve = options.resolve ?? resolveAll;

  const permits = (url: string, trust: OutboundTrust): boolean => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    return decide(parsed, trust, options.allow).allowed;
  };

  const once = (url: URL, privateOk: boolean, req: OutboundRequest, deadline: number): Promise<{ status: number; location?: string }> =>
    new Promise((resolvePromise, reject) => {
      const mod = url.protocol === 'https:' ? https : http;
      const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body) : Buffer.from(req.body);
      const r = mod.request(
        url,
        {
          method: req.method ?? 'POST',
          headers: { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
          lookup: guardedLookup(privateOk, resolve) as unknown as http.RequestOptions['lookup'],
          agent: false,
          timeout: Math.max(1, deadline - Date.now()),
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > maxResponseBytes) res.destroy();
          });
          const done = () => resolvePromise({ status: res.statusCode ?? 0, ...(typeof res.headers.location === 'string' ? { location: res.headers.location } : {}) });
          res.on('end', done);
          res.on('close', done);
          res.on('error', done);
        },
      );
      const timer = setTimeout(() => r.destroy(new Error('timed out')), Math.max(1, deadline - Date.now()));
      r.on('close', () => clearTimeout(timer));
      r.on('timeout', () => r.destroy(new Error('timed out')));
      r.on('error', reject);
      r.end(body);
    });

  return {
    permits,
    async send(request) {
      const deadline = Date.now() + timeoutMs;
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return { ok: false, failure: 'blocked', detail: 'not a URL' };
      }
      let trust = request.trust;
      let current = request;
      for (let hop = 0; ; hop++) {
        const decision = decide(url, trust, options.allow);
        if (!decision.allowed) return { ok: false, failure: 'blocked', detail: `${url.host} is not allowed` };
        let answer: { status: number; location?: string };
        try {
          answer = await once(url, decision.privateOk, current, deadline);
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          if (e.code === 'EOUTBOUNDBLOCKED' || e instanceof Blocked) return { ok: false, failure: 'blocked', detail: e.message };
          return { ok: false, failure: 'failed', detail: e.code ?? e.message };
        }
        if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status };
        const redirect = answer.status >= 300 && answer.status < 400 && answer.location !== undefined;
        if (!redirect) return { ok: false, failure: 'failed', detail: `HTTP ${answer.status}` };
        if (hop >= maxRedirects) return { ok: false, failure: 'failed', detail: 'too many redirects' };
        try {
          url = new URL(answer.location!, url);
        } catch {
          return { ok: false, failure: 'failed', detail: 'bad redirect' };
        }
        // A redirect target was chosen by whoever answered, not by the operator: it must pass a caller's checks.
        trust = 'caller';
        if (answer.status === 301 || answer.status === 302 || answer.status === 303) {
          current = { ...current, method: 'GET', body: undefined };
        }
      }
    },
  };
}
