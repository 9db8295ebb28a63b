// The external reader against a second S3 endpoint. Until the gateway serves S3 (then: test/e2e/s3), the endpoint is
// Sift's own S3 stack (restXml + the S3 provider + the embedded store) on a local port, without authentication.
// s3rver is not installed, so no third-party S3 implementation is exercised here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { PutBucketPolicyCommand, PutBucketTaggingCommand, PutObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { ManualClock, randomIds, ServiceError, type RequestContext, MasterKey } from '../common/index.js';
import { openStore } from '../store/index.js';
import { schema } from '../models/s3/index.js';
import { restXml } from '../protocol/rest-xml.js';
import { createS3Provider } from '../services/s3/provider.js';
import { EmbeddedStore } from './embedded.js';
import { createS3Client, externalStorage, toStorageError } from './external.js';
import { describeStorageContract } from './storage.contract.js';

const ACCOUNT = '222233334444';

async function plainS3Endpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'sift-ext-'));
  const store = await openStore(':memory:');
  const clock = new ManualClock();
  const provider = createS3Provider({ store: new EmbeddedStore({ db: store.db, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() }), maxPutBytes: 5 * 1024 ** 3 }) as unknown as Record<string, (c: RequestContext, i: unknown) => Promise<unknown>>;
  const ctx: RequestContext = { accountId: ACCOUNT, region: 'us-east-1', principal: { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT }, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: '' };
  const server: Server = createServer(async (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const wire = { method: req.method!, path: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? '' : url.slice(q + 1), query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)), headers: req.headers, body: Buffer.alloc(0) } as Parameters<typeof restXml.parseInput>[2];
    let out;
    try {
      const op = restXml.operationOf(schema, wire);
      if (restXml.streamsInput!(schema, op)) wire.bodyStream = req;
      else {
        const parts: Buffer[] = [];
        for await (const c of req) parts.push(c as Buffer);
        wire.body = Buffer.concat(parts);
      }
      const input = restXml.parseInput(schema, op, wire);
      const method = provider[op[0]!.toLowerCase() + op.slice(1)];
      if (!method) throw new ServiceError('NotImplemented', op, 501);
      out = restXml.serializeOutput(schema, op, await method(ctx, input), 'req');
    } catch (err) {
      out = restXml.serializeError(schema, err instanceof ServiceError ? err : new ServiceError('InternalError', String(err), 500, 'server'), 'req');
    }
    res.writeHead(out.status, out.headers);
    const body = out.body;
    if (body && typeof body === 'object' && 'pipe' in body) body.pipe(res);
    else res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise((r) => server.close(r));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStorageContract('external (a second Sift S3 stack over HTTP)', async () => {
  const endpoint = await plainS3Endpoint();
  const ep = { endpoint: endpoint.url, region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', forcePathStyle: true };
  const client = createS3Client(ep);
  return {
    storage: externalStorage(ep, client),
    createBucket: async (bucket) => void (await client.send(new CreateBucketCommand({ Bucket: bucket }))),
    putObject: async (bucket, key, body, o = {}) =>
      void (await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: o.contentType, Metadata: o.metadata, Tagging: o.tags?.map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`).join('&') }),
      )),
    putBucketPolicy: async (bucket, policy) => void (await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }))),
    putBucketTags: async (bucket, tags) => void (await client.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags } }))),
    close: async () => {
      client.destroy();
      await endpoint.close();
    },
  };
});

describe('external endpoint failures', () => {
  it('maps an unreachable endpoint to Unavailable naming the operation', async () => {
    const storage = externalStorage({ endpoint: 'http://127.0.0.1:1', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b', forcePathStyle: true });
    const err = await storage.listObjects('any').catch((e) => e);
    expect(err.reason).toBe('Unavailable');
    expect(err.details.operation).toBe('ListObjectsV2');
  });

  it('maps S3 status codes to causes (403 AccessDenied, 301 WrongRegion with the region)', async () => {
    const { S3ServiceException } = await import('@aws-sdk/client-s3');
    const denied = new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Access Denied' });
    expect(toStorageError(denied, 'GetBucketPolicy', 'b')).toMatchObject({ reason: 'AccessDenied', details: { operation: 'GetBucketPolicy', bucket: 'b', httpStatus: 403 } });
    const moved = new S3ServiceException({ name: 'PermanentRedirect', $fault: 'client', $metadata: { httpStatusCode: 301 }, message: 'moved' });
    (moved as unknown as { $response: unknown }).$response = { headers: { 'x-amz-bucket-region': 'eu-central-1' } };
    expect(toStorageError(moved, 'ListObjectsV2', 'b')).toMatchObject({ reason: 'WrongRegion', details: { region: 'eu-central-1' } });
    const headMissing = new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: '' });
    expect(toStorageError(headMissing, 'HeadObject', 'b', 'k').reason).toBe('NoSuchKey');
  });
});
