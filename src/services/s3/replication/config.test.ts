// The replication configuration's checks and the choice of destinations for a new version.
import { describe, expect, it } from 'vitest';
import type { ServiceError } from '../../../common/index.js';
import type * as T from '../../../models/s3/index.js';
import { storedRules, targetsFor, validateReplicationConfiguration, type ReplicationChecks } from './config.js';

const ROLE = 'arn:aws:iam::111122223333:role/replication';
const checks = (over: Partial<ReplicationChecks> = {}): ReplicationChecks => ({
  sourceBucket: 'src',
  sourceVersioning: 'Enabled',
  destinationVersioning: async (b) => (b === 'plain' ? null : b === 'dst' || b === 'dst2' ? 'Enabled' : undefined),
  newId: () => 'generated',
  ...over,
});
const rule = (over: Partial<T.ReplicationRule> = {}): T.ReplicationRule => ({
  ID: 'r', Priority: 1, Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Enabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' }, ...over,
});
const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: ServiceError) => `${e.httpStatus} ${e.code}`);

describe('replication configuration', () => {
  it('checks configurations as S3 does', async () => {
    const v = (rules: T.ReplicationRule[], c = checks()) => outcome(validateReplicationConfiguration({ Role: ROLE, Rules: rules }, c));
    expect(await v([rule()])).toBe('ok');
    expect(await v([rule()], checks({ sourceVersioning: 'Suspended' }))).toBe('400 InvalidRequest');
    expect(await outcome(validateReplicationConfiguration({ Role: 'arn:aws:iam::111122223333:user/u', Rules: [rule()] }, checks()))).toBe('400 InvalidArgument');
    expect(await v([rule(), rule({ Priority: 2 })])).toBe('400 InvalidArgument'); // duplicate ID
    expect(await v([rule(), rule({ ID: 'b' })])).toBe('400 InvalidRequest'); // same priority
    expect(await v([rule({ Filter: undefined, Prefix: 'a/', Priority: undefined, DeleteMarkerReplication: undefined })])).toBe('ok'); // V1
    expect(await v([rule({ Filter: undefined, Prefix: 'a/' })])).toBe('400 InvalidRequest'); // V1 with a priority
    expect(await v([rule(), rule({ ID: 'v1', Filter: undefined, Prefix: 'a/', Priority: undefined, DeleteMarkerReplication: undefined })])).toBe('400 MalformedXML');
    expect(await v([rule({ Filter: { And: { Prefix: 'a', Tags: [{ Key: 'k', Value: 'v' }] } } })])).toBe('400 InvalidRequest');
    expect(await v([rule({ Filter: { And: { Prefix: 'a', Tags: [{ Key: 'k', Value: 'v' }] } }, DeleteMarkerReplication: { Status: 'Disabled' } })])).toBe('ok');
    expect(await v([rule({ Destination: { Bucket: 'arn:aws:s3:::plain' } })])).toBe('400 InvalidRequest');
    expect(await v([rule({ Destination: { Bucket: 'arn:aws:s3:::elsewhere' } })])).toBe('ok'); // not held: FAILED when replicated
    expect(await v([rule({ Destination: { Bucket: 'arn:aws:s3:::dst', AccessControlTranslation: { Owner: 'Destination' } } })])).toBe('400 InvalidRequest');
    expect(await v([rule({ SourceSelectionCriteria: { ReplicaModifications: { Status: 'Enabled' } } })])).toBe('501 NotImplemented');
    expect(await v(Array.from({ length: 1001 }, (_, i) => rule({ ID: `r${i}`, Priority: i })))).toBe('400 InvalidRequest');
    const filled = await validateReplicationConfiguration({ Role: ROLE, Rules: [rule({ ID: undefined })] }, checks());
    expect(filled.Rules[0]!.ID).toBe('generated');
  });

  it('sends a version to each destination by its highest-priority matching rule', () => {
    const rules = storedRules({
      Role: ROLE,
      Rules: [
        rule({ ID: 'all', Priority: 1, DeleteMarkerReplication: { Status: 'Disabled' } }),
        rule({ ID: 'docs', Priority: 5, Filter: { Prefix: 'docs/' }, Destination: { Bucket: 'arn:aws:s3:::dst', StorageClass: 'GLACIER' } }),
        rule({ ID: 'tagged', Priority: 3, Filter: { And: { Prefix: 'docs/', Tags: [{ Key: 'k', Value: 'v' }] } }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst2' } }),
        rule({ ID: 'off', Priority: 9, Status: 'Disabled', Destination: { Bucket: 'arn:aws:s3:::dst2' } }),
      ],
    });
    expect(targetsFor(rules, 'x', [], false).map((t) => t.ruleId)).toEqual(['all']);
    expect(targetsFor(rules, 'docs/a', [], false)).toEqual([{ ruleId: 'docs', bucket: 'dst', storageClass: 'GLACIER', ownerOverride: false }]);
    expect(targetsFor(rules, 'docs/a', [{ Key: 'k', Value: 'v' }], false).map((t) => t.ruleId)).toEqual(['docs', 'tagged']);
    expect(targetsFor(rules, 'docs/a', [{ Key: 'k', Value: 'v' }], true).map((t) => t.ruleId)).toEqual(['docs']);
    expect(targetsFor(rules, 'x', [], true)).toEqual([]);
  });
});
