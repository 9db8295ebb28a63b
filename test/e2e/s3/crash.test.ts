// Issue 3: a server killed with SIGKILL in the middle of a large upload leaves no visible partial object.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startChild, type ChildServer } from '../child-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'sift-crash-'));
const creds = { accessKeyId: 'AKIACRASHTESTKEY0001', secretAccessKey: 'crashtestcrashtestcrashtestcrashtest0000' };
const env = { SIFT_DATA_DIR: dataDir, SIFT_ROOT_ACCESS_KEY_ID: creds.accessKeyId, SIFT_ROOT_SECRET_ACCESS_KEY: creds.secretAccessKey, SIFT_ACCOUNT_ID: '111122223333' };
let child: ChildServer | undefined;
afterAll(async () => {
  await child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (endpoint: string) => new S3Client({ endpoint, region: 'us-east-1', credentials: creds, forcePathStyle: true, maxAttempts: 1 });

describe('crash safety', () => {
  it('SIGKILL during a 1 GB upload leaves no partial object after restart', { timeout: 120_000 }, async () => {
    child = await startChild(env);
    const s3 = client(child.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'crash' }));
    await s3.send(new PutObjectCommand({ Bucket: 'crash', Key: 'before.txt', Body: 'kept' }));

    const size = 1024 ** 3;
    const u = new URL(child.endpoint);
    const signed = await new SignatureV4({ service: 's3', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: '/crash/huge.bin',
      headers: { host: u.host, 'content-length': String(size), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    let sent = 0;
    const killedAt = 200 * 1024 * 1024;
    await new Promise<void>((resolve) => {
      const req = request({ host: u.hostname, port: u.port, method: 'PUT', path: '/crash/huge.bin', headers: signed.headers }, (res) => {
        res.resume();
        resolve();
      });
      req.on('error', () => resolve());
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      const pump = () => {
        while (sent < size) {
          if (sent >= killedAt && child) {
            void child.kill('SIGKILL');
            return;
          }
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    await child.kill('SIGKILL');
    expect(sent).toBeGreaterThanOrEqual(killedAt);

    child = await startChild(env);
    const again = client(child.endpoint);
    await expect(again.send(new HeadObjectCommand({ Bucket: 'crash', Key: 'huge.bin' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const listed = await again.send(new ListObjectsV2Command({ Bucket: 'crash' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['before.txt']);
    // No temporary file of the killed upload is left on disk after the restart's recovery.
    // (uploads are written under objects/.tmp and renamed into place when whole)
    expect(readdirSync(join(dataDir, 'objects', '.tmp'))).toEqual([]);
  });
});
