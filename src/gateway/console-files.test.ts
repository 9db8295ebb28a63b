// The console's static files: served from the built folder with its security headers, nothing outside it, a clear
// page until it is built, and signed or presigned requests left to the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleBuilt, createConsoleFiles } from './console-files.js';

let dir: string;
let servers: Server[] = [];

async function serve(consoleDir: string): Promise<string> {
  const handle = createConsoleFiles(consoleDir);
  const server = createServer((req, res) => {
    if (handle(req, res)) return;
    res.writeHead(418).end('api');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sift-console-files-'));
  mkdirSync(join(dir, 'built', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'built', 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'built', 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
});
afterAll(() => {
  for (const s of servers) s.close();
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('console files', () => {
  it('serves the page and its hashed assets with security and cache headers', async () => {
    const base = await serve(join(dir, 'built'));
    const page = await fetch(`${base}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await page.text()).toContain('<title>console</title>');
    const asset = await fetch(`${base}/console/assets/index-abc.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // Deep links without a file extension are the single page.
    expect(await (await fetch(`${base}/console/jobs/123`)).text()).toContain('<title>console</title>');
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside the built folder', async () => {
    const base = await serve(join(dir, 'built'));
    for (const path of ['/console/../secret.txt', '/console/%2e%2e/secret.txt', '/console/..%2fsecret.txt', '/console/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text(), path).not.toContain('outside');
    }
    expect((await fetch(`${base}/console/%E0%A4%A`)).status).toBe(400);
  });

  it('redirects a browser at the root and /console, and leaves API requests alone', async () => {
    const base = await serve(join(dir, 'built'));
    const root = await fetch(`${base}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/console/']);
    expect((await fetch(`${base}/`)).status).toBe(418);
    expect((await fetch(`${base}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
    expect((await fetch(`${base}/console/`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' } })).status).toBe(418);
    expect((await fetch(`${base}/console/key.txt?X-Amz-Credential=a&X-Amz-Signature=b`)).status).toBe(418);
    expect((await fetch(`${base}/console/`, { method: 'POST' })).status).toBe(418);
  });

  it('says how to build the console when it is not built', async () => {
    const base = await serve(join(dir, 'not-built'));
    const res = await fetch(`${base}/console/`);
    expect(res.status).toBe(503);
    expect([consoleBuilt(join(dir, 'not-built')), consoleBuilt(join(dir, 'built'))]).toEqual([false, true]);
    expect(await res.text()).toContain('Run <code>npm run build</code>');
  });
});
