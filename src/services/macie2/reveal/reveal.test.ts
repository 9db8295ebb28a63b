// The parts of reveal that need no server: KMS key id shapes, result signatures and their key file, the in-memory
// retrievals and their expiry, and what makes a reveal role too permissive.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock, MasterKey, type RequestContext } from '../../../common/index.js';
import { REVEAL_SERVICE, roleTooPermissive, targetsFromRecords } from './availability.js';
import { kmsKeyIdProblem } from './configuration.js';
import { createResultSigner, SIGNATURE_METADATA } from './result-signature.js';
import { RevealRetrievals } from './retrievals.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('kmsKeyIdProblem', () => {
  it('accepts key ids, key ARNs, aliases and alias ARNs of the Region; refuses other shapes, Regions and AWS managed aliases', () => {
    for (const ok of [
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      'alias/reveal-samples',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:kms:us-east-1:111122223333:alias/reveal',
    ]) {
      expect(kmsKeyIdProblem(ok, 'us-east-1'), ok).toBeUndefined();
    }
    for (const bad of [
      'reveal',
      '1234abcd',
      'alias/aws/s3',
      'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:kms:us-east-1:111122223333:key/not-a-key',
      'arn:aws:kms:us-east-1:111122223333:alias/aws/s3',
      'arn:aws:s3:::bucket',
    ]) {
      expect(kmsKeyIdProblem(bad, 'us-east-1'), bad).toBeTypeOf('string');
    }
  });
});

describe('result signatures', () => {
  it('verifies what it signed, refuses an edit or another key, reports a missing signature, and keeps its key 0600 across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sift-sign-'));
    dirs.push(dir);
    const signer = createResultSigner(dir);
    const body = Buffer.from('{"id":"f"}\n');
    const meta = signer.sign(body);
    expect(Object.keys(meta).sort()).toEqual(Object.values(SIGNATURE_METADATA).sort());
    expect(signer.verify(body, meta)).toBe('valid');
    expect(signer.verify(Buffer.from('{"id":"g"}\n'), meta)).toBe('invalid');
    expect(signer.verify(body, {})).toBe('unsigned');
    expect(signer.verify(body, undefined)).toBe('unsigned');
    expect(signer.verify(body, { ...meta, [SIGNATURE_METADATA.signature]: Buffer.alloc(32).toString('base64') })).toBe('invalid');
    expect(statSync(join(dir, 'keys', 'discovery-results.hmac')).mode & 0o777).toBe(0o600);
    // A restart reads the same key.
    expect(createResultSigner(dir).verify(body, meta)).toBe('valid');
    // Another installation's key does not verify it.
    expect(createResultSigner(undefined).verify(body, meta)).toBe('invalid');
  });
});

describe('RevealRetrievals', () => {
  it('answers PROCESSING until the work settles, keeps the outcome for its time to live only, and starts a key once', async () => {
    const clock = new ManualClock(0);
    const r = new RevealRetrievals(clock, 1000);
    let release!: () => void;
    let runs = 0;
    const work = () => {
      runs++;
      return new Promise<{ status: 'SUCCESS'; samples: Record<string, string[]> }>((resolve) => (release = () => resolve({ status: 'SUCCESS', samples: { X: ['v'] } })));
    };
    expect(r.get('k')).toBeUndefined();
    r.start('k', work);
    r.start('k', work);
    expect(runs).toBe(1);
    expect(r.get('k')).toEqual({ status: 'PROCESSING' });
    release();
    await new Promise((res) => setImmediate(res));
    expect(r.get('k')).toEqual({ status: 'SUCCESS', samples: { X: ['v'] } });
    clock.advance(999);
    expect(r.get('k')?.status).toBe('SUCCESS');
    clock.advance(1);
    expect(r.get('k')).toBeUndefined();
    r.start('e', () => Promise.reject(new Error('disk')));
    await new Promise((res) => setImmediate(res));
    const failed = r.get('e');
    expect(failed).toMatchObject({ status: 'ERROR' });
    expect(JSON.stringify(failed)).not.toContain('disk');
    // An ERROR is answered once: the next request starts afresh.
    expect(r.get('e')).toBeUndefined();
  });
});

describe('roleTooPermissive', () => {
  const ctx = { accountId: '111122223333', region: 'us-east-1', principal: { type: 'Root', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', principalId: '111122223333' }, requestId: 'r', clock: new ManualClock(0), sourceIp: '127.0.0.1', userAgent: 't' } as RequestContext;
  const role = 'arn:aws:iam::111122223333:role/MacieReveal';
  const trust = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] });
  it("accepts Macie's documented trust policy; refuses one without the account guard or open to anyone", () => {
    expect(roleTooPermissive(role, trust({ Principal: { Service: REVEAL_SERVICE }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }), ctx)).toBe(false);
    expect(roleTooPermissive(role, trust({ Principal: { Service: REVEAL_SERVICE } }), ctx)).toBe(true);
    expect(roleTooPermissive(role, trust({ Principal: '*' }), ctx)).toBe(true);
    expect(roleTooPermissive(role, trust({ Principal: { AWS: '*' } }), ctx)).toBe(true);
  });
});

describe('targetsFromRecords', () => {
  it('takes managed and custom detections with locations, keyed by type or by name and id, members by their path', () => {
    const occ = { cells: null, lineRanges: [{ start: 1, end: 1, startColumn: 1 }], offsetRanges: null, pages: null, records: null };
    const none = { cells: null, lineRanges: null, offsetRanges: null, pages: null, records: null };
    const targets = targetsFromRecords([
      { classificationDetails: { result: { sensitiveData: [{ detections: [{ type: 'NAME', occurrences: none }] }], customDataIdentifiers: { detections: [] } } }, resourcesAffected: { s3Object: {} } },
      {
        classificationDetails: {
          result: {
            sensitiveData: [{ detections: [{ type: 'NAME', occurrences: occ }] }],
            customDataIdentifiers: { detections: [{ arn: 'arn:aws:macie2:us-east-1:111122223333:custom-data-identifier/abc-1', name: 'Employee id', occurrences: occ }] },
          },
        },
        resourcesAffected: { s3Object: { embeddedFileDetails: { filePath: 'a/b.txt' } } },
      },
    ]);
    expect(targets).toEqual([
      { key: 'NAME', type: 'NAME', filePath: 'a/b.txt', occurrences: occ },
      { key: 'Employee id:abc-1', type: 'abc-1', filePath: 'a/b.txt', occurrences: occ },
    ]);
  });
});

describe('countReveal', () => {
  it('allows 100 retrievals per object per day, per object, and starts again the next day', async () => {
    const { openStore } = await import('../../../store/index.js');
    const { countReveal, REVEALS_PER_OBJECT_PER_DAY } = await import('./daily-quota.js');
    const dir = mkdtempSync(join(tmpdir(), 'sift-quota-'));
    dirs.push(dir);
    const store = await openStore(join(dir, 'sift.db'));
    try {
      const object = { accountId: '111122223333', region: 'us-east-1', bucket: 'b', key: 'k' };
      const day = Date.parse('2024-03-01T10:00:00Z');
      for (let i = 0; i < REVEALS_PER_OBJECT_PER_DAY; i++) expect(await countReveal(store.db, day, object)).toBe(true);
      expect(await countReveal(store.db, day + 3600_000, object)).toBe(false);
      expect(await countReveal(store.db, day, { ...object, key: 'other' })).toBe(true);
      expect(await countReveal(store.db, Date.parse('2024-03-02T00:00:01Z'), object)).toBe(true);
      // Past days are dropped.
      expect((await store.db.selectFrom('kv').select('key').where('namespace', '=', 'macie-reveal-daily-count').execute()).map((r) => r.key)).toEqual([
        '2024-03-02/111122223333/us-east-1/b/k',
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('checkAvailability over the embedded store', () => {
  it('reports the reason codes the e2e flow cannot reach cheaply: size quota, malformed or missing results, policy findings', async () => {
    const { Readable } = await import('node:stream');
    const { gzipSync } = await import('node:zlib');
    const { openStore } = await import('../../../store/index.js');
    const { createStorage } = await import('../../../storage/index.js');
    const { randomIds } = await import('../../../common/index.js');
    const { checkAvailability } = await import('./availability.js');
    const dir = mkdtempSync(join(tmpdir(), 'sift-avail-'));
    dirs.push(dir);
    const store = await openStore(join(dir, 'sift.db'));
    const clock = new ManualClock(Date.parse('2024-03-01T00:00:00Z'));
    try {
      const storage = await createStorage({ store, clock, ids: randomIds, dataDir: dir, masterKey: MasterKey.generate() });
      const acct = '111122223333';
      await storage.embedded.createBucket({ bucket: 'data', accountId: acct, region: 'us-east-1' });
      await storage.embedded.createBucket({ bucket: 'results', accountId: acct, region: 'us-east-1' });
      const put = (bucket: string, key: string, body: Buffer, Metadata?: Record<string, string>) =>
        storage.embedded.putObject(bucket, key, Readable.from([body]), { headers: { ...(Metadata ? { Metadata } : {}) } });
      const obj = await put('data', 'a.json', Buffer.from('{"ssn":"123-45-6789"}'));
      const signer = createResultSigner(dir);
      const occurrences = { cells: null, lineRanges: null, offsetRanges: null, pages: null, records: [{ recordIndex: 0, jsonPath: '$.ssn' }] };
      const record = { id: 'f1', classificationDetails: { result: { sensitiveData: [{ detections: [{ type: 'USA_SOCIAL_SECURITY_NUMBER', occurrences }] }] } }, resourcesAffected: { s3Object: {} } };
      const resultKey = `AWSLogs/${acct}/Macie/us-east-1/job/unit.jsonl.gz`;
      const good = gzipSync(JSON.stringify(record) + '\n');
      await put('results', resultKey, good, signer.sign(good));
      const finding = (over: Record<string, unknown> = {}) =>
        ({
          id: 'f1',
          category: 'CLASSIFICATION',
          classificationDetails: { detailedResultsLocation: `s3://results/${resultKey}`, result: { mimeType: 'application/json' } },
          resourcesAffected: { s3Bucket: { name: 'data' }, s3Object: { bucketArn: 'arn:aws:s3:::data', key: 'a.json', eTag: obj.etag.replace(/"/g, ''), size: 21 } },
          ...over,
        }) as never;
      const ctx = { accountId: acct, region: 'us-east-1', principal: { type: 'Root', accountId: acct, arn: `arn:aws:iam::${acct}:root`, principalId: acct }, requestId: 'r', clock, sourceIp: '127.0.0.1', userAgent: 't' } as RequestContext;
      const deps = { storage: await storage.forAccount(acct), signer, exportBucket: 'results', settings: { status: 'ENABLED' as const, retrievalMode: 'CALLER_CREDENTIALS' as const } };

      const ok = await checkAvailability(deps, ctx, finding());
      expect(ok.reasons).toEqual([]);
      expect(ok.plan?.targets).toEqual([{ key: 'USA_SOCIAL_SECURITY_NUMBER', type: 'USA_SOCIAL_SECURITY_NUMBER', filePath: '', occurrences }]);

      const big = finding({ resourcesAffected: { s3Bucket: { name: 'data' }, s3Object: { bucketArn: 'arn:aws:s3:::data', key: 'a.json', eTag: obj.etag.replace(/"/g, ''), size: 25 * 1024 * 1024 + 1 } } });
      expect((await checkAvailability(deps, ctx, big)).reasons).toEqual(['OBJECT_EXCEEDS_SIZE_QUOTA']);
      expect((await checkAvailability(deps, ctx, finding({ category: 'POLICY' }))).reasons).toEqual(['UNSUPPORTED_FINDING_TYPE']);
      expect((await checkAvailability({ ...deps, exportBucket: undefined }, ctx, finding())).reasons).toEqual(['INVALID_CLASSIFICATION_RESULT']);
      expect((await checkAvailability(deps, { ...ctx, region: 'eu-west-1' }, finding())).reasons).toEqual(['INVALID_CLASSIFICATION_RESULT']);
      // A signed file that is not gzip JSON Lines, and one with no record for the finding.
      const junk = Buffer.from('not gzip');
      await put('results', resultKey, junk, signer.sign(junk));
      expect((await checkAvailability(deps, ctx, finding())).reasons).toEqual(['INVALID_CLASSIFICATION_RESULT']);
      const other = gzipSync(JSON.stringify({ ...record, id: 'f2' }) + '\n');
      await put('results', resultKey, other, signer.sign(other));
      expect((await checkAvailability(deps, ctx, finding())).reasons).toEqual(['INVALID_CLASSIFICATION_RESULT']);
      // Unsigned: accepted with the caller's credentials, refused with a role.
      await put('results', resultKey, good);
      expect((await checkAvailability(deps, ctx, finding())).reasons).toEqual([]);
      expect((await checkAvailability({ ...deps, settings: { status: 'ENABLED', retrievalMode: 'ASSUME_ROLE', roleName: 'R' } }, ctx, finding())).reasons).toEqual(['RESULT_NOT_SIGNED']);
    } finally {
      await store.close();
    }
  });
});
