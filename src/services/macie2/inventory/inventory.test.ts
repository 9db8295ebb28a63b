import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, jobsFixture, REGION } from '../../../jobs/test-support.js';
import type { BucketCriteria, SearchResourcesBucketCriteria } from '../../../models/macie2/index.js';
import type { ObjectInfo } from '../../../storage/index.js';
import { bucketAccessOf, BucketInventory, classifiabilityOf, compileBucketCriteria, compileSearchCriteria, CriteriaError, extensionOf, page, summarize } from './index.js';

const obj = (key: string, size: number, storageClass = 'STANDARD', sse?: string): ObjectInfo => ({
  bucket: 'b', key, size, storageClass, lastModified: new Date(0), etag: '"x"', ...(sse ? { encryption: { ServerSideEncryption: sse } } : {}),
});

describe('object classification', () => {
  it('takes the extension of the last path segment, lower-cased', () => {
    expect(extensionOf('a/b/Report.CSV')).toBe('csv');
    expect(extensionOf('dir.d/noext')).toBe('');
    expect(extensionOf('.hidden')).toBe('');
  });

  it('says why an object is unclassifiable, storage class first', () => {
    expect(classifiabilityOf('x.csv', 'STANDARD')).toBe('classifiable');
    expect(classifiabilityOf('x.png', 'STANDARD')).toBe('fileType');
    expect(classifiabilityOf('x.csv', 'DEEP_ARCHIVE')).toBe('storageClass');
    expect(classifiabilityOf('x.png', 'GLACIER')).toBe('storageClass');
  });

  it('folds a listing into counts and sizes by reason and encryption type', () => {
    const s = summarize([obj('a.csv', 10, 'STANDARD', 'AES256'), obj('b.png', 20, 'STANDARD', 'aws:kms'), obj('c.json', 40, 'GLACIER', 'NONE'), obj('d.zip', 80)]);
    expect(s).toMatchObject({
      objectCount: 4, sizeInBytes: 150, sizeInBytesCompressed: 80, classifiableObjectCount: 2, classifiableSizeInBytes: 90,
      unclassifiableObjectCount: { fileType: 1, storageClass: 1, total: 2 },
      unclassifiableObjectSizeInBytes: { fileType: 20, storageClass: 40, total: 60 },
      objectCountByEncryptionType: { s3Managed: 1, kmsManaged: 1, unencrypted: 1, unknown: 1, customerManaged: 0 },
    });
  });
});

describe('bucket access', () => {
  const config = (over: object = {}) => ({
    name: 'b', ownerAccountId: ACCOUNT, region: REGION, createdAt: new Date(0), encryption: [{ SSEAlgorithm: 'AES256' }], grants: [], versioning: 'Unversioned' as const, tags: [], ...over,
  });
  const publicRead = [{ grantee: { type: 'Group' as const, uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'READ' as const }];

  it('is PUBLIC through a public-read ACL unless block public access ignores public ACLs', () => {
    const a = bucketAccessOf(config({ grants: publicRead }));
    expect(a.publicAccess.effectivePermission).toBe('PUBLIC');
    expect(a.publicAccess.permissionConfiguration?.bucketLevelPermissions?.accessControlList).toEqual({ allowsPublicReadAccess: true, allowsPublicWriteAccess: false });
    const blocked = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    expect(bucketAccessOf(config({ grants: publicRead, publicAccessBlock: blocked })).publicAccess.effectivePermission).toBe('NOT_PUBLIC');
  });

  it('reads public policies, external sharing, encryption and the encrypted-upload requirement', () => {
    const policy = JSON.stringify({ Statement: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/*', Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } },
    ] });
    const a = bucketAccessOf(config({ policy, encryption: [{ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'key-1' }] }));
    expect(a.publicAccess.effectivePermission).toBe('PUBLIC');
    expect(a.publicAccess.permissionConfiguration?.bucketLevelPermissions?.bucketPolicy).toEqual({ allowsPublicReadAccess: true, allowsPublicWriteAccess: false });
    expect(a.sharedAccess).toBe('EXTERNAL');
    expect(a.serverSideEncryption).toEqual({ type: 'aws:kms', kmsMasterKeyId: 'key-1' });
    expect(a.allowsUnencryptedObjectUploads).toBe('FALSE');
    const plain = bucketAccessOf(config());
    expect([plain.publicAccess.effectivePermission, plain.sharedAccess, plain.allowsUnencryptedObjectUploads]).toEqual(['NOT_PUBLIC', 'NOT_SHARED', 'TRUE']);
    expect(bucketAccessOf(config({ policy: '{not json' })).publicAccess.effectivePermission).toBe('UNKNOWN');
  });
});

describe('criteria and pages', () => {
  const b = (bucketName: string, objectCount: number, perm: 'PUBLIC' | 'NOT_PUBLIC') => ({ accountId: ACCOUNT, bucketName, objectCount, publicAccess: { effectivePermission: perm }, tags: [{ key: 'team', value: bucketName }] });
  const all = [b('alpha', 1, 'PUBLIC'), b('beta', 5, 'NOT_PUBLIC'), b('gamma', 10, 'NOT_PUBLIC')];

  it('applies each DescribeBuckets operator', () => {
    const names = (c: BucketCriteria) => all.filter(compileBucketCriteria(c)).map((x) => x.bucketName);
    expect(names({ bucketName: { eq: ['beta', 'gamma'] } })).toEqual(['beta', 'gamma']);
    expect(names({ bucketName: { neq: ['beta'] } })).toEqual(['alpha', 'gamma']);
    expect(names({ bucketName: { prefix: 'g' } })).toEqual(['gamma']);
    expect(names({ objectCount: { gt: 1, lte: 5 } })).toEqual(['beta']);
    expect(names({ objectCount: { gte: 5 }, 'publicAccess.effectivePermission': { eq: ['NOT_PUBLIC'] } })).toEqual(['beta', 'gamma']);
    expect(names({ 'tags.value': { eq: ['alpha'] } })).toEqual(['alpha']);
    expect(() => compileBucketCriteria({ nope: { eq: ['x'] } })).toThrow(CriteriaError);
  });

  it('applies SearchResources includes and excludes', () => {
    const names = (c: SearchResourcesBucketCriteria) => all.filter(compileSearchCriteria(c)).map((x) => x.bucketName);
    expect(names({ includes: { and: [{ simpleCriterion: { comparator: 'EQ', key: 'S3_BUCKET_EFFECTIVE_PERMISSION', values: ['NOT_PUBLIC'] } }] } })).toEqual(['beta', 'gamma']);
    expect(names({ excludes: { and: [{ tagCriterion: { comparator: 'EQ', tagValues: [{ key: 'team', value: 'beta' }] } }] } })).toEqual(['alpha', 'gamma']);
  });

  it('pages with an opaque token and refuses a forged one', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    const first = page(items, undefined, undefined);
    expect(first.items).toHaveLength(50);
    const second = page(items, 100, first.nextToken);
    expect(second.items[0]).toBe(50);
    expect(page(items, 30, second.nextToken).nextToken).toBeUndefined();
    expect(() => page(items, 10, 'garbage')).toThrow(CriteriaError);
    expect(() => page(items, 0, undefined)).toThrow(CriteriaError);
  });
});

describe('BucketInventory over the embedded store', () => {
  it('computes BucketMetadata for each bucket of the account in the Region, cached for its ttl', async () => {
    const f = await jobsFixture();
    try {
      await f.bucket('data');
      await f.bucket('other-region', { region: 'eu-west-1' });
      await f.put('data', 'users.csv', 'name,card\nA,1\n');
      await f.put('data', 'photo.png', 'PNGDATA');
      await f.storage.embedded.putObject('data', 'old.csv', Readable.from([Buffer.from('cold')]), { headers: {}, storageClass: 'DEEP_ARCHIVE' });
      await f.storage.embedded.setBucketField('data', 'public_access_block', null); // as DeletePublicAccessBlock: new buckets block public access
      await f.storage.embedded.setBucketField('data', 'acl', 'public-read');
      await f.storage.embedded.setBucketField('data', 'tags', JSON.stringify([{ Key: 'env', Value: 'prod' }]));
      const inventory = new BucketInventory({ storage: f.storage, db: f.store.db, clock: f.clock, ttlMs: 1000 });
      const [data, ...rest] = await inventory.buckets(ACCOUNT, REGION);
      expect(rest).toHaveLength(0);
      expect(data).toMatchObject({
        accountId: ACCOUNT, bucketName: 'data', bucketArn: 'arn:aws:s3:::data', region: REGION, objectCount: 3, sizeInBytes: 25,
        classifiableObjectCount: 1, classifiableSizeInBytes: 14,
        unclassifiableObjectCount: { fileType: 1, storageClass: 1, total: 2 },
        publicAccess: { effectivePermission: 'PUBLIC' }, sharedAccess: 'NOT_SHARED', versioning: false,
        serverSideEncryption: { type: 'AES256' }, tags: [{ key: 'env', value: 'prod' }],
        jobDetails: { isDefinedInJob: 'FALSE', isMonitoredByJob: 'FALSE' },
      });
      await f.put('data', 'new.txt', 'hello');
      expect((await inventory.buckets(ACCOUNT, REGION))[0]!.objectCount).toBe(3);
      f.clock.advance(1000);
      expect((await inventory.buckets(ACCOUNT, REGION))[0]!.objectCount).toBe(4);
    } finally {
      await f.close();
    }
  });
});
