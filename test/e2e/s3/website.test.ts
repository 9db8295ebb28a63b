// Issue 15 (5): static website hosting with @aws-sdk/client-s3 and the aws CLI, carried out: requests to the website
// endpoint (Host `<bucket>.s3-website-<region>.localhost`, sent with node:http since fetch may not set Host) answered
// anonymously as S3's website endpoint does: index documents for folders, the folder redirect (302), the error
// document with the error's status, routing rules, RedirectAllRequestsTo, HTML error pages, and only what the bucket
// policy lets anyone read under Block Public Access.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketWebsiteCommand,
  DeletePublicAccessBlockCommand,
  GetBucketWebsiteCommand,
  PutBucketPolicyCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type WebsiteConfiguration,
} from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../harness.js';
import { aws, awsCliAvailable } from '../aws-cli.js';

let server: TestServer;
const s3 = () => new S3Client(server.clientConfig());
const failure = (p: Promise<unknown>) => p.then(() => 'ok', (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => `${e.$metadata.httpStatusCode} ${e.name}: ${e.message}`);

function web(bucket: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const u = new URL(server.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers: { host: `${bucket}.s3-website-${server.region}.localhost:${u.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

const publicRead = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` },
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/private/*` },
    ],
  });

const SITE: WebsiteConfiguration = {
  IndexDocument: { Suffix: 'index.html' },
  ErrorDocument: { Key: 'error.html' },
  RoutingRules: [
    { Condition: { KeyPrefixEquals: 'old/' }, Redirect: { ReplaceKeyPrefixWith: 'new/', HttpRedirectCode: '302' } },
    { Condition: { HttpErrorCodeReturnedEquals: '404', KeyPrefixEquals: 'moved/' }, Redirect: { HostName: 'example.com', Protocol: 'https' } },
  ],
};

beforeAll(async () => {
  server = await startServer();
  await s3().send(new CreateBucketCommand({ Bucket: 'site' }));
  const put = (Key: string, Body: string, extra: Record<string, unknown> = {}) => s3().send(new PutObjectCommand({ Bucket: 'site', Key, Body, ContentType: 'text/html', ...extra }));
  await put('index.html', '<h1>home</h1>');
  await put('about/index.html', '<h1>about</h1>');
  await put('error.html', '<h1>custom error</h1>');
  await put('new/page.html', 'new page');
  await put('private/index.html', 'secret');
  await put('go', '', { WebsiteRedirectLocation: '/about/' });
});
afterAll(async () => {
  await server?.close();
});

describe('S3 static website hosting', () => {
  it('puts, gets and deletes the configuration, with S3’s checks', async () => {
    const put = (c: WebsiteConfiguration) => failure(s3().send(new PutBucketWebsiteCommand({ Bucket: 'site', WebsiteConfiguration: c })));
    expect(await failure(s3().send(new GetBucketWebsiteCommand({ Bucket: 'site' })))).toBe('404 NoSuchWebsiteConfiguration: The specified bucket does not have a website configuration');
    expect(await put({ IndexDocument: { Suffix: 'a/index.html' } })).toBe('400 InvalidArgument: The IndexDocument Suffix is not well formed');
    expect(await put({ ErrorDocument: { Key: 'e.html' } })).toBe('400 InvalidArgument: A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty');
    expect(await put({ RedirectAllRequestsTo: { HostName: 'example.com' }, IndexDocument: { Suffix: 'index.html' } })).toBe('400 InvalidRequest: RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.');
    expect(await put({ IndexDocument: { Suffix: 'index.html' }, RoutingRules: [{ Redirect: { ReplaceKeyWith: 'a', ReplaceKeyPrefixWith: 'b' } }] })).toBe('400 InvalidRequest: You can only define ReplaceKeyPrefix or ReplaceKey but not both.');
    expect(await put({ IndexDocument: { Suffix: 'index.html' }, RoutingRules: [{ Redirect: { HttpRedirectCode: '300' } }] })).toMatch(/^400 InvalidArgument: The provided HTTP redirect code \(300\) is not valid/);
    const many = Array.from({ length: 51 }, () => ({ Redirect: { HostName: 'example.com' } }));
    expect(await put({ IndexDocument: { Suffix: 'index.html' }, RoutingRules: many })).toBe('400 InvalidRequest: The number of routing rules must not exceed 50.');
    await s3().send(new PutBucketWebsiteCommand({ Bucket: 'site', WebsiteConfiguration: SITE }));
    expect(await s3().send(new GetBucketWebsiteCommand({ Bucket: 'site' }))).toMatchObject(SITE);
  });

  it('serves nothing anonymously while Block Public Access and no public policy protect the bucket', async () => {
    const r = await web('site', '/');
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    // The error document is not readable either: S3 says so under its own error.
    expect(r.body).toContain('<li>Code: AccessDenied</li>');
    expect(r.body).toContain('An Error Occurred While Attempting to Retrieve a Custom Error Document');
    // Block Public Access off but no policy: still nothing; a public policy with RestrictPublicBuckets: still nothing.
    await s3().send(new DeletePublicAccessBlockCommand({ Bucket: 'site' }));
    expect((await web('site', '/index.html')).status).toBe(403);
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: publicRead('site') }));
    await s3().send(new PutPublicAccessBlockCommand({ Bucket: 'site', PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    expect((await web('site', '/index.html')).status).toBe(403);
    await s3().send(new DeletePublicAccessBlockCommand({ Bucket: 'site' }));
  });

  it('serves index documents, the folder redirect, the error document, redirects and routing rules', async () => {
    const home = await web('site', '/');
    expect(home.status).toBe(200);
    expect(home.body).toBe('<h1>home</h1>');
    expect(home.headers['content-type']).toBe('text/html');
    expect((await web('site', '/about/')).body).toBe('<h1>about</h1>');
    const head = await web('site', '/about/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('<h1>about</h1>'.length));
    expect(head.body).toBe('');
    // A folder without its slash: 302 to the folder.
    const folder = await web('site', '/about');
    expect(folder.status).toBe(302);
    expect(folder.headers.location).toBe('/about/');
    // Missing keys: anyone may not list the bucket, so 403 with the custom error document.
    const missing = await web('site', '/nope.html');
    expect(missing.status).toBe(403);
    expect(missing.body).toBe('<h1>custom error</h1>');
    // Denied by the policy's Deny statement.
    expect((await web('site', '/private/')).status).toBe(403);
    // Routing rule on a prefix: before anything is read.
    const old = await web('site', '/old/page.html');
    expect(old.status).toBe(302);
    expect(old.headers.location).toBe(`http://site.s3-website-${server.region}.localhost:${new URL(server.endpoint).port}/new/page.html`);
    // x-amz-website-redirect-location on an object.
    const go = await web('site', '/go');
    expect(go.status).toBe(301);
    expect(go.headers.location).toBe('/about/');
    // Conditional GET.
    const again = await web('site', '/', 'GET', { 'if-none-match': home.headers.etag as string });
    expect(again.status).toBe(304);
    // Only GET and HEAD.
    const post = await web('site', '/', 'POST');
    expect(post.status).toBe(405);
    expect(post.body).toContain('<li>Code: MethodNotAllowed</li>');
  });

  it('answers 404 when anyone may list the bucket, with routing rules on the error code', async () => {
    const policy = JSON.parse(publicRead('site'));
    policy.Statement.push({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::site' });
    await s3().send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: JSON.stringify(policy) }));
    const missing = await web('site', '/nope.html');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('<h1>custom error</h1>');
    const moved = await web('site', '/moved/x.html');
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe(`https://example.com/moved/x.html`);
    // Without an error document: S3's HTML page.
    await s3().send(new PutBucketWebsiteCommand({ Bucket: 'site', WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } } }));
    const plain = await web('site', '/nope.html');
    expect(plain.status).toBe(404);
    expect(plain.body).toContain('<title>404 Not Found</title>');
    expect(plain.body).toContain('<li>Code: NoSuchKey</li>');
    expect(plain.body).toContain('<li>Key: nope.html</li>');
  });

  it('redirects every request with RedirectAllRequestsTo, and is no website once deleted', async () => {
    await s3().send(new PutBucketWebsiteCommand({ Bucket: 'site', WebsiteConfiguration: { RedirectAllRequestsTo: { HostName: 'www.example.org', Protocol: 'https' } } }));
    const r = await web('site', '/a/b.html');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('https://www.example.org/a/b.html');
    await s3().send(new DeleteBucketWebsiteCommand({ Bucket: 'site' }));
    const gone = await web('site', '/');
    expect(gone.status).toBe(404);
    expect(gone.body).toContain('<li>Code: NoSuchWebsiteConfiguration</li>');
    expect((await web('no-such-bucket', '/')).body).toContain('<li>Code: NoSuchBucket</li>');
  });

  it.runIf(awsCliAvailable)('aws s3 website configures the bucket; aws s3api get-bucket-website reads it', async () => {
    const env = server.cliEnv();
    const put = await aws(env, ['s3', 'website', 's3://site', '--index-document', 'index.html', '--error-document', 'error.html']);
    expect(put.code).toBe(0);
    const got = await aws(env, ['s3api', 'get-bucket-website', '--bucket', 'site']);
    expect(got.json).toMatchObject({ IndexDocument: { Suffix: 'index.html' }, ErrorDocument: { Key: 'error.html' } });
    expect((await web('site', '/')).body).toBe('<h1>home</h1>');
  });
});
