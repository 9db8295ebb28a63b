// Issue 15 (5.1): bucket CORS with @aws-sdk/client-s3 and the aws CLI, and carried out: the unsigned OPTIONS
// preflight answered from the bucket's rules (S3's 400/403 answers otherwise), and Access-Control-* headers on the
// actual calls of an Origin a rule allows.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, DeleteBucketCorsCommand, GetBucketCorsCommand, PutBucketCorsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
const s3 = () => new S3Client(server.clientConfig());
const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => `${e.$metadata.httpStatusCode} ${e.name}: ${e.message}`);
/** A presigned URL, as a browser page would be handed one (UNSIGNED-PAYLOAD, as @aws-sdk/s3-request-presigner signs). */
async function presigned(method: string, path: string): Promise<string> {
  const u = new URL(server.endpoint);
  const r = await new SignatureV4({ service: 's3', region: server.region, credentials: server.root, sha256: Sha256, uriEscapePath: false }).presign(
    { method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    { expiresIn: 300 },
  );
  return `${server.endpoint}${r.path}?${new URLSearchParams(r.query as Record<string, string>).toString()}`;
}
const preflight = (path: string, headers: Record<string, string>) => fetch(`${server.endpoint}${path}`, { method: 'OPTIONS', headers });

beforeAll(async () => {
  server = await startServer();
  await s3().send(new CreateBucketCommand({ Bucket: 'web' }));
  await s3().send(new CreateBucketCommand({ Bucket: 'plain' }));
  await s3().send(new PutObjectCommand({ Bucket: 'web', Key: 'a/b.txt', Body: 'hello' }));
});
afterAll(async () => {
  await server?.close();
});

const RULES = [
  { ID: 'upload', AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['content-type', 'x-amz-*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
  { AllowedOrigins: ['https://*.example.org'], AllowedMethods: ['GET', 'HEAD'] },
  { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
];

describe('S3 bucket CORS', () => {
  it('puts, gets and deletes the configuration, with S3’s checks', async () => {
    expect(await failure(s3().send(new GetBucketCorsCommand({ Bucket: 'web' })))).toBe('404 NoSuchCORSConfiguration: The CORS configuration does not exist');
    const bad = (rule: Record<string, unknown>) => failure(s3().send(new PutBucketCorsCommand({ Bucket: 'web', CORSConfiguration: { CORSRules: [rule as never] } })));
    expect(await bad({ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] })).toBe('400 InvalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is PATCH');
    expect(await bad({ AllowedOrigins: ['https://*.*.com'], AllowedMethods: ['GET'] })).toBe('400 InvalidRequest: AllowedOrigin "https://*.*.com" can not have more than one wildcard.');
    expect(await failure(s3().send(new PutBucketCorsCommand({ Bucket: 'web', CORSConfiguration: { CORSRules: [] } })))).toMatch(/^400 MalformedXML/);
    const many = Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }));
    expect(await failure(s3().send(new PutBucketCorsCommand({ Bucket: 'web', CORSConfiguration: { CORSRules: many } })))).toMatch(/^400 MalformedXML/);
    expect(await failure(s3().send(new PutBucketCorsCommand({ Bucket: 'nope', CORSConfiguration: { CORSRules: RULES } })))).toMatch(/^404 NoSuchBucket/);

    await s3().send(new PutBucketCorsCommand({ Bucket: 'web', CORSConfiguration: { CORSRules: RULES } }));
    expect((await s3().send(new GetBucketCorsCommand({ Bucket: 'web' }))).CORSRules).toEqual(RULES);
    await s3().send(new PutBucketCorsCommand({ Bucket: 'plain', CORSConfiguration: { CORSRules: RULES } }));
    expect((await s3().send(new DeleteBucketCorsCommand({ Bucket: 'plain' }))).$metadata.httpStatusCode).toBe(204);
    expect(await failure(s3().send(new GetBucketCorsCommand({ Bucket: 'plain' })))).toMatch(/^404 NoSuchCORSConfiguration/);
  });

  it('answers the unsigned preflight from the first matching rule', async () => {
    const ok = await preflight('/web/a/b.txt', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'Content-Type, X-Amz-Meta-Owner' });
    expect(ok.status).toBe(200);
    expect(Object.fromEntries([...ok.headers].filter(([k]) => k.startsWith('access-control') || k === 'vary'))).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'PUT, POST',
      'access-control-allow-headers': 'content-type, x-amz-meta-owner',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'ETag',
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
    const sub = await preflight('/web/a/b.txt', { origin: 'https://cdn.example.org', 'access-control-request-method': 'HEAD' });
    expect([sub.status, sub.headers.get('access-control-allow-origin'), sub.headers.get('access-control-allow-methods')]).toEqual([200, 'https://cdn.example.org', 'GET, HEAD']);
    const anyone = await preflight('/web', { origin: 'https://evil.test', 'access-control-request-method': 'GET' });
    expect([anyone.status, anyone.headers.get('access-control-allow-origin'), anyone.headers.get('access-control-allow-credentials')]).toEqual([200, '*', null]);
    // Virtual-host style names the bucket in Host.
    const u = new URL(server.endpoint);
    const vhost = await new Promise<number>((resolve, reject) => {
      const r = request({ host: u.hostname, port: u.port, method: 'OPTIONS', path: '/a/b.txt', headers: { host: `web.localhost:${u.port}`, origin: 'https://evil.test', 'access-control-request-method': 'GET' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      r.on('error', reject);
      r.end();
    });
    expect(vhost).toBe(200);
  });

  it('refuses preflights as S3 does, and never lets an unsigned OPTIONS reach an operation', async () => {
    const refused = async (path: string, headers: Record<string, string>) => {
      const r = await preflight(path, headers);
      const body = await r.text();
      return `${r.status} ${/<Code>(.*?)<\/Code>/.exec(body)?.[1]}: ${/<Message>(.*?)<\/Message>/.exec(body)?.[1]}${/<ResourceType>(.*?)</.exec(body)?.[1] ? ' ' + /<ResourceType>(.*?)</.exec(body)![1] : ''}`;
    };
    expect(await refused('/web/a/b.txt', { origin: 'https://evil.test', 'access-control-request-method': 'PUT' })).toMatch(/^403 AccessForbidden: CORSResponse: This CORS request is not allowed\..* OBJECT$/);
    // A header no rule allows.
    expect(await refused('/web/a/b.txt', { origin: 'https://app.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' })).toMatch(/^403 AccessForbidden: CORSResponse: This CORS request is not allowed/);
    expect(await refused('/plain', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' })).toBe('403 AccessForbidden: CORSResponse: CORS is not enabled for this bucket. BUCKET');
    expect(await refused('/missing/k', { origin: 'https://app.example.com', 'access-control-request-method': 'GET' })).toBe('403 AccessForbidden: CORSResponse: Bucket not found OBJECT');
    expect(await refused('/web/a/b.txt', { 'access-control-request-method': 'GET' })).toBe('400 BadRequest: Insufficient information. Origin request header needed.');
    expect(await refused('/web/a/b.txt', { origin: 'https://app.example.com' })).toBe('400 BadRequest: Invalid Access-Control-Request-Method: null');
    // Whatever the rules allow, an unsigned GET still needs credentials.
    const get = await fetch(`${server.endpoint}/web/a/b.txt`, { headers: { origin: 'https://evil.test' } });
    expect(get.status).toBe(403);
  });

  it('adds Access-Control-* headers to the actual calls of an allowed Origin, and none otherwise', async () => {
    const url = await presigned('GET', '/web/a/b.txt');
    const allowed = await fetch(url, { headers: { origin: 'https://cdn.example.org' } });
    expect(await allowed.text()).toBe('hello');
    expect([allowed.headers.get('access-control-allow-origin'), allowed.headers.get('access-control-allow-methods'), allowed.headers.get('vary')]).toEqual([
      'https://cdn.example.org',
      'GET, HEAD',
      'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    ]);
    const put = await presigned('PUT', '/web/up.txt');
    const upload = await fetch(put, { method: 'PUT', body: 'x', headers: { origin: 'https://app.example.com' } });
    expect([upload.status, upload.headers.get('access-control-allow-origin'), upload.headers.get('access-control-expose-headers')]).toEqual([200, 'https://app.example.com', 'ETag']);
    // No rule lets this origin PUT: the call succeeds as any call does, without Access-Control-* headers.
    const del = await presigned('PUT', '/web/other.txt');
    const denied = await fetch(del, { method: 'PUT', body: 'y', headers: { origin: 'https://evil.test' } });
    expect([denied.status, denied.headers.get('access-control-allow-origin'), denied.headers.get('vary')]).toEqual([200, null, 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method']);
    // An error answer carries them too, so the browser can read it.
    const missing = await presigned('GET', '/web/none');
    const notFound = await fetch(missing, { headers: { origin: 'https://evil.test' } });
    expect([notFound.status, notFound.headers.get('access-control-allow-origin')]).toEqual([404, '*']);
    // A bucket without CORS: no Access-Control-* at all.
    await s3().send(new PutObjectCommand({ Bucket: 'plain', Key: 'k', Body: 'z' }));
    const plain = await fetch(await presigned('GET', '/plain/k'), { headers: { origin: 'https://app.example.com' } });
    expect([plain.status, plain.headers.get('access-control-allow-origin'), plain.headers.get('vary')]).toEqual([200, null, null]);
  });

  it.skipIf(!awsCliAvailable)('is configured with the aws CLI', { timeout: 120_000 }, async () => {
    const env = server.cliEnv();
    const put = await aws(env, ['s3api', 'put-bucket-cors', '--bucket', 'plain', '--cors-configuration', JSON.stringify({ CORSRules: [{ AllowedOrigins: ['https://cli.example'], AllowedMethods: ['GET'], MaxAgeSeconds: 30 }] })]);
    expect(put.code, put.stderr).toBe(0);
    const got = await aws(env, ['s3api', 'get-bucket-cors', '--bucket', 'plain']);
    expect(got.json.CORSRules).toEqual([{ AllowedOrigins: ['https://cli.example'], AllowedMethods: ['GET'], MaxAgeSeconds: 30 }]);
    const ok = await preflight('/plain/k', { origin: 'https://cli.example', 'access-control-request-method': 'GET' });
    expect([ok.status, ok.headers.get('access-control-max-age')]).toEqual([200, '30']);
    const bad = await aws(env, ['s3api', 'put-bucket-cors', '--bucket', 'plain', '--cors-configuration', JSON.stringify({ CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['OPTIONS'] }] })]);
    expect(bad.stderr).toContain('Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS');
    expect((await aws(env, ['s3api', 'delete-bucket-cors', '--bucket', 'plain'])).code).toBe(0);
    expect((await aws(env, ['s3api', 'get-bucket-cors', '--bucket', 'plain'])).stderr).toContain('NoSuchCORSConfiguration');
  });
});
