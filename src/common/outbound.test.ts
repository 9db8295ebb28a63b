// The outbound policy against real local HTTP servers; DNS answers come from a table so a name can resolve to
// loopback or to a metadata address as an attacker's DNS would make it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyAddress, createOutbound, parseOutboundAllow, type OutboundOptions } from './outbound.js';

let servers: Server[] = [];
const hits: string[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer((req, res) => {
    hits.push(`${(server.address() as AddressInfo).port}${req.url}`);
    req.resume();
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeEach(() => {
  hits.length = 0;
});
afterEach(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  servers = [];
});

const dnsTable = (table: Record<string, string[]>): OutboundOptions['resolve'] => async (name) => {
  const addresses = table[name];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('parseOutboundAllow', () => {
  it('reads host[:port] patterns, wildcards and IP literals, and refuses anything else', () => {
    expect(parseOutboundAllow(' Hooks.Example.com:8443 , *.corp.example, 10.0.0.5, [::1]:9000 ,')).toEqual([
      { host: 'hooks.example.com', wildcard: false, port: 8443 },
      { host: 'corp.example', wildcard: true },
      { host: '10.0.0.5', wildcard: false },
      { host: '::1', wildcard: false, port: 9000 },
    ]);
    expect(parseOutboundAllow(undefined)).toEqual([]);
    for (const bad of ['http://x', 'a b', 'host:99999', 'host:port', '*']) expect(() => parseOutboundAllow(bad)).toThrow(/SIFT_OUTBOUND_ALLOW/);
  });
});

describe('classifyAddress', () => {
  it('knows metadata, loopback and private ranges in every spelling', () => {
    for (const ip of ['169.254.169.254', '169.254.0.1', '100.100.100.200', 'fe80::1', 'febf::1', 'fd00:ec2::254', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe']) {
      expect(classifyAddress(ip), ip).toBe('metadata');
    }
    for (const ip of ['127.0.0.1', '127.9.9.9', '0.0.0.0', '::1', '::', '::ffff:127.0.0.1']) expect(classifyAddress(ip), ip).toBe('loopback');
    for (const ip of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', 'fd12::1', 'fc00::1']) expect(classifyAddress(ip), ip).toBe('private');
    for (const ip of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111']) expect(classifyAddress(ip), ip).toBe('public');
  });
});

describe('outbound calls', () => {
  it('allows no raw URL by default, and only listed hosts and ports otherwise', async () => {
    const port = await serve((_req, res) => res.writeHead(204).end());
    const none = createOutbound({ allow: [] });
    expect(none.permits(`http://127.0.0.1:${port}/`, 'caller')).toBe(false);
    expect(await none.send({ url: `http://127.0.0.1:${port}/`, trust: 'caller' })).toMatchObject({ ok: false, failure: 'blocked' });
    const listed = createOutbound({ allow: parseOutboundAllow(`127.0.0.1:${port}`) });
    expect(listed.permits(`http://127.0.0.1:${port + 1}/`, 'caller')).toBe(false);
    expect(listed.permits(`ftp://127.0.0.1:${port}/`, 'caller')).toBe(false);
    expect(listed.permits(`http://user:pw@127.0.0.1:${port}/`, 'caller')).toBe(false);
    expect(await listed.send({ url: `http://127.0.0.1:${port}/ok`, trust: 'caller' })).toEqual({ ok: true, status: 204 });
    expect(hits).toEqual([`${port}/ok`]);
  });

  it('resolves names itself: a wildcard entry never reaches loopback, an exact one may; metadata never', async () => {
    const port = await serve((_req, res) => res.writeHead(200).end());
    const resolve = dnsTable({ 'evil.corp.example': ['127.0.0.1'], 'hooks.corp.example': ['127.0.0.1'], 'meta.corp.example': ['169.254.169.254', '127.0.0.1'] });
    const outbound = createOutbound({ allow: parseOutboundAllow(`*.corp.example:${port}, hooks.corp.example:${port}, meta.corp.example:${port}`), resolve });
    expect(await outbound.send({ url: `http://evil.corp.example:${port}/`, trust: 'caller' })).toMatchObject({ ok: false, failure: 'blocked' });
    expect(await outbound.send({ url: `http://hooks.corp.example:${port}/`, trust: 'caller' })).toEqual({ ok: true, status: 200 });
    // The metadata answer is dropped; the socket connects only to an address that passed.
    expect(await outbound.send({ url: `http://meta.corp.example:${port}/`, trust: 'caller' })).toEqual({ ok: true, status: 200 });
    const onlyMeta = createOutbound({ allow: [], resolve: dnsTable({ 'sns.internal': ['169.254.169.254'] }) });
    expect(await onlyMeta.send({ url: 'http://sns.internal/', trust: 'operator' })).toMatchObject({ ok: false, failure: 'blocked' });
    expect(onlyMeta.permits('http://169.254.169.254/', 'operator')).toBe(false);
    expect(onlyMeta.permits('http://[::ffff:169.254.169.254]/', 'operator')).toBe(false);
    expect(hits).toEqual([`${port}/`, `${port}/`]);
  });

  it('follows a redirect only to an allowed URL', async () => {
    const target = await serve((_req, res) => res.writeHead(200).end());
    const hop = await serve((req, res) => res.writeHead(307, { location: req.url === '/out' ? `http://127.0.0.1:${target}/in` : 'http://169.254.169.254/' }).end());
    const outbound = createOutbound({ allow: parseOutboundAllow(`127.0.0.1:${hop}`) });
    expect(await outbound.send({ url: `http://127.0.0.1:${hop}/out`, trust: 'caller' })).toMatchObject({ ok: false, failure: 'blocked' });
    expect(await outbound.send({ url: `http://127.0.0.1:${hop}/meta`, trust: 'caller' })).toMatchObject({ ok: false, failure: 'blocked' });
    expect(hits).toEqual([`${hop}/out`, `${hop}/meta`]);
    const both = createOutbound({ allow: parseOutboundAllow(`127.0.0.1:${hop},127.0.0.1:${target}`) });
    expect(await both.send({ url: `http://127.0.0.1:${hop}/out`, trust: 'caller' })).toEqual({ ok: true, status: 200 });
  });

  it('bounds the time and the response it reads, and tells only "failed"', async () => {
    const big = await serve((_req, res) => {
      res.writeHead(500);
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      pump();
    });
    const silent = await serve(() => undefined);
    const outbound = createOutbound({ allow: parseOutboundAllow(`127.0.0.1:${big},127.0.0.1:${silent}`), timeoutMs: 300, maxResponseBytes: 1024 });
    expect(await outbound.send({ url: `http://127.0.0.1:${big}/`, trust: 'caller' })).toMatchObject({ ok: false, failure: 'failed', detail: 'HTTP 500' });
    const started = Date.now();
    expect(await outbound.send({ url: `http://127.0.0.1:${silent}/`, trust: 'caller' })).toMatchObject({ ok: false, failure: 'failed' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
