import { describe, expect, it } from 'vitest';
import { isPublicAcl, isPublicPolicy, policyAsApplied } from './public-access.js';

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const anyone = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

// Cases from S3's "The meaning of public": fixed values of the listed keys make a wildcard principal non-public.
describe('isPublicPolicy', () => {
  it.each([
    ['Principal "*"', doc(anyone), true],
    ['Principal {"AWS": "*"}', doc({ ...anyone, Principal: { AWS: ['111122223333', '*'] } }), true],
    ['NotPrincipal with Allow', doc({ ...anyone, Principal: undefined, NotPrincipal: { AWS: '111122223333' } }), true],
    ['an account principal', doc({ ...anyone, Principal: { AWS: '111122223333' } }), false],
    ['a service principal', doc({ ...anyone, Principal: { Service: 'macie.amazonaws.com' } }), false],
    ['a Deny for everyone', doc({ ...anyone, Effect: 'Deny' }), false],
    ['pinned aws:SourceAccount', doc({ ...anyone, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }), false],
    ['pinned aws:SourceArn with ArnLike and no wildcard', doc({ ...anyone, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' } } }), false],
    ['a wildcard in the pinned value', doc({ ...anyone, Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } }), true],
    ['a negated operator', doc({ ...anyone, Condition: { StringNotEquals: { 'aws:SourceAccount': '111122223333' } } }), true],
    ['IfExists', doc({ ...anyone, Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } } }), true],
    ['a key S3 does not list', doc({ ...anyone, Condition: { StringEquals: { 's3:prefix': 'home/' } } }), true],
    ['a /24 source IP range', doc({ ...anyone, Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }), false],
    ['0.0.0.0/0', doc({ ...anyone, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }), true],
  ])('%s', (_name, policy, expected) => expect(isPublicPolicy(policy)).toBe(expected));
});

describe('public ACLs and RestrictPublicBuckets', () => {
  it('knows the canned ACLs that grant AllUsers or AuthenticatedUsers', () => {
    expect(['public-read', 'public-read-write', 'authenticated-read'].every(isPublicAcl)).toBe(true);
    expect(['private', 'bucket-owner-full-control', 'aws-exec-read', 'log-delivery-write', undefined].some(isPublicAcl)).toBe(false);
  });

  it('keeps only the Denies of a public policy for callers outside the owner account, except AWS services', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' };
    const policy = doc(anyone, deny);
    const block = { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true };
    expect(JSON.parse(policyAsApplied(policy, block, { accountId: '444455556666', isService: false }, '111122223333')!).Statement).toEqual([deny]);
    expect(policyAsApplied(policy, block, { accountId: '111122223333', isService: false }, '111122223333')).toBe(policy);
    expect(policyAsApplied(policy, block, { accountId: '', isService: true }, '111122223333')).toBe(policy);
    expect(policyAsApplied(doc(anyone), block, { accountId: '444455556666', isService: false }, '111122223333')).toBeUndefined();
    expect(policyAsApplied(policy, { ...block, RestrictPublicBuckets: false }, { accountId: '444455556666', isService: false }, '111122223333')).toBe(policy);
  });
});
