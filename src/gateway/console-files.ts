// The web console's static files (built by `npm run build` into dist/console), served at /console/ on the API's port.
// Only GET and HEAD of unsigned requests (signed or presigned ones are API calls, S3's included); anything outside the built folder is not found. Until the console is built
// the page says how to build it. A browser opening the server's root is sent to the console.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_PATH = '/console/';

/** dist/console from both src/gateway (tests run the sources) and dist/gateway (the built server). */
export const defaultConsoleDir = fileURLToPath(new URL('../../dist/console/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

// The console talks to this origin only and is never framed.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Whether `npm run build` has built the console (what `sift serve` tells the user). */
export function consoleBuilt(dir: string = defaultConsoleDir): boolean {
  return existsSync(join(dir, 'index.html'));
}

export const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sift console not built</title></head>
<body><main><h1>The Sift console is not built</h1><p>Run <code>npm run build</code> in Sift's folder, then reload this page.
The API on this port works without it.</p></main></body></html>`;

export function createConsoleFiles(dir: string = defaultConsoleDir) {
  const root = normalize(dir.endsWith(sep) ? dir : dir + sep);
  return function handleConsole(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (req.headers.authorization !== undefined) return false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    // A presigned S3 URL of a bucket named "console" stays an S3 request.
    if (q >= 0 && /(^|&)(X-Amz-Credential|X-Amz-Signature|AWSAccessKeyId|Signature)=/.test(url.slice(q + 1))) return false;
    if (path === '/' && q < 0 && String(req.headers.accept ?? '').includes('text/html')) {
      res.writeHead(302, { location: CONSOLE_PATH, 'content-length': '0' });
      res.end();
      return true;
    }
    if (path === '/console') {
      res.writeHead(301, { location: CONSOLE_PATH, 'content-length': '0' });
      res.end();
      return true;
    }
    if (!path.startsWith(CONSOLE_PATH)) return false;
    if (!existsSync(join(root, 'index.html'))) {
      send(res, req, 503, 'text/html; charset=utf-8', Buffer.from(NOT_BUILT_PAGE), 'no-store');
      return true;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(path.slice(CONSOLE_PATH.length));
    } catch {
      send(res, req, 400, 'text/plain; charset=utf-8', Buffer.from('Bad path'), 'no-store');
      return true;
    }
    const file = normalize(join(root, rel));
    if (!file.startsWith(root) || rel.includes('\0')) {
      send(res, req, 404, 'text/plain; charset=utf-8', Buffer.from('Not found'), 'no-store');
      return true;
    }
    const target = isFile(file) ? file : extname(rel) === '' ? join(root, 'index.html') : undefined;
    if (!target) {
      send(res, req, 404, 'text/plain; charset=utf-8', Buffer.from('Not found'), 'no-store');
      return true;
    }
    // Vite names built assets by their content hash: they never change. The page itself is checked each time.
    const cache = target.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    const size = statSync(target).size;
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'content-length': String(size), 'cache-control': cache, ...SECURITY_HEADERS });
    if (req.method === 'HEAD') res.end();
    else createReadStream(target).pipe(res);
    return true;
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: Buffer, cache: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(body.length), 'cache-control': cache, ...SECURITY_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : body);
}
