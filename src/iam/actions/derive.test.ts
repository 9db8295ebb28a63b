import { describe, expect, it } from 'vitest';
import { deriveAuthorization, type DeriveContext } from './derive.js';

const ctx: DeriveContext = {
  accountId: '111122223333',
  region: 'eu-west-1',
  callerArn: 'arn:aws:iam::111122223333:user/dev/alice',
  callerType: 'IAMUser',
  pathOf: async (kind, name) => (kind === 'user' && name === 'bob' ? '/ops/' : undefined),
};
const derive = (action: string, input: unknown) => deriveAuthorization(action, input, ctx);

describe('resource ARNs from the Service Authorization Reference', () => {
  it('macie2 job actions name the classification job', async () => {
    expect((await derive('macie2:DescribeClassificationJob', { jobId: 'abc' })).resources).toEqual(['arn:aws:macie2:eu-west-1:111122223333:classification-job/abc']);
    expect((await derive('macie2:CreateClassificationJob', { name: 'x' })).resources).toEqual(['arn:aws:macie2:eu-west-1:111122223333:classification-job/*']);
    expect((await derive('macie2:ListClassificationJobs', {})).resources).toEqual(['*']);
    expect((await derive('macie2:BatchGetCustomDataIdentifiers', { ids: ['a', 'b'] })).resources).toEqual([
      'arn:aws:macie2:eu-west-1:111122223333:custom-data-identifier/a',
      'arn:aws:macie2:eu-west-1:111122223333:custom-data-identifier/b',
    ]);
    expect((await derive('macie2:TagResource', { resourceArn: 'arn:aws:macie2:eu-west-1:111122223333:allow-list/z', tags: { a: '1' } })).resources).toEqual([
      'arn:aws:macie2:eu-west-1:111122223333:allow-list/z',
    ]);
  });
  it('logs group-level actions use log-group:NAME:* but tagging uses log-group:NAME', async () => {
    expect((await derive('logs:DescribeLogStreams', { logGroupName: 'app' })).resources).toEqual(['arn:aws:logs:eu-west-1:111122223333:log-group:app:*']);
    expect((await derive('logs:DeleteLogGroup', { logGroupName: 'app' })).resources).toEqual(['arn:aws:logs:eu-west-1:111122223333:log-group:app:*']);
    expect((await derive('logs:GetLogEvents', { logGroupIdentifier: 'arn:aws:logs:eu-west-1:111122223333:log-group:app', logStreamName: 's1' })).resources).toEqual([
      'arn:aws:logs:eu-west-1:111122223333:log-group:app:log-stream:s1',
    ]);
    expect((await derive('logs:TagResource', { resourceArn: 'arn:aws:logs:eu-west-1:111122223333:log-group:app', tags: {} })).resources).toEqual([
      'arn:aws:logs:eu-west-1:111122223333:log-group:app',
    ]);
    expect((await derive('logs:DescribeLogGroups', {})).resources).toEqual(['*']);
  });
  it('s3 objects and buckets', async () => {
    expect((await derive('s3:GetObject', { Bucket: 'b', Key: 'k/1' })).resources).toEqual(['arn:aws:s3:::b/k/1']);
    expect((await derive('s3:ListBucket', { Bucket: 'b', Prefix: 'p/' })).resources).toEqual(['arn:aws:s3:::b']);
    expect((await derive('s3:ListAllMyBuckets', {})).resources).toEqual(['*']);
  });
  it('iam users carry their path; calls about the calling user name it', async () => {
    expect((await derive('iam:GetUser', { UserName: 'bob' })).resources).toEqual(['arn:aws:iam::111122223333:user/ops/bob']);
    expect((await derive('iam:CreateUser', { UserName: 'carol', Path: '/x/' })).resources).toEqual(['arn:aws:iam::111122223333:user/x/carol']);
    expect((await derive('iam:ListAccessKeys', {})).resources).toEqual(['arn:aws:iam::111122223333:user/dev/alice']);
    expect((await derive('sts:AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/r' })).resources).toEqual(['arn:aws:iam::111122223333:role/r']);
  });
  it('cloudwatch alarms, one ARN per named alarm', async () => {
    expect((await derive('cloudwatch:DeleteAlarms', { AlarmNames: ['a', 'b'] })).resources).toEqual([
      'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a',
      'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:b',
    ]);
  });
});

describe('request condition keys', () => {
  it('s3:prefix, s3:delimiter and s3:max-keys on ListBucket', async () => {
    expect((await derive('s3:ListBucket', { Bucket: 'b', Prefix: 'home/', Delimiter: '/', MaxKeys: 10 })).context).toEqual({ 's3:prefix': 'home/', 's3:delimiter': '/', 's3:max-keys': '10' });
  });
  it('tags as aws:RequestTag and aws:TagKeys where the reference lists them', async () => {
    expect((await derive('logs:CreateLogGroup', { logGroupName: 'g', tags: { team: 'red' } })).context).toEqual({ 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'red' });
    expect((await derive('iam:TagUser', { UserName: 'bob', Tags: [{ Key: 'k', Value: 'v' }] })).context).toEqual({ 'aws:TagKeys': ['k'], 'aws:RequestTag/k': 'v' });
    expect((await derive('iam:UntagUser', { UserName: 'bob', TagKeys: ['k'] })).context).toEqual({ 'aws:TagKeys': ['k'] });
    expect((await derive('macie2:DescribeClassificationJob', { jobId: 'x', tags: { a: 'b' } })).context).toEqual({});
  });
  it('sts keys on AssumeRole', async () => {
    expect((await derive('sts:AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 's', ExternalId: 'e' })).context).toEqual({ 'sts:ExternalId': 'e', 'sts:RoleSessionName': 's' });
  });
});

// The condition keys listed per action are worked out once (gateway7): every action of every service, asked twice
// with an input that fills every bound path, gets exactly the keys its reference entry lists, in the table's order.
describe('request condition keys from the bindings, per action', () => {
  it('every listed, bound key and no other, the same on a repeated call', async () => {
    const { reference } = await import('./reference.js');
    const { CONDITION_BINDINGS } = await import('./bindings.js');
    let checked = 0;
    for (const [service, ref] of Object.entries(reference.services)) {
      const table = Object.entries(CONDITION_BINDINGS[service] ?? {});
      if (table.length === 0) continue;
      // Each bound path given a value of its own ('Prefix' → 'v-Prefix'; a list path a one-item list).
      const input: Record<string, unknown> = {};
      for (const [, path] of table) {
        const [head, ...rest] = path.replace(/\[\]$/, '').split('.');
        const value = path.endsWith('[]') ? [`v-${path}`] : `v-${path}`;
        if (rest.length) input[head!] = { ...(input[head!] as object), [rest.join('.')]: value };
        else input[head!] = value;
      }
      for (const [name, entry] of Object.entries(ref.actions)) {
        const listed = new Set([...(entry.conditionKeys ?? []), ...entry.resources.flatMap((r) => r.conditionKeys ?? [])]);
        const want = table.filter(([key]) => listed.has(key)).map(([key, path]) => [key, path.endsWith('[]') ? [`v-${path}`] : `v-${path}`]);
        for (let round = 0; round < 2; round++) {
          const { context } = await derive(`${service}:${name}`, input);
          expect(Object.entries(context).filter(([k]) => !k.startsWith('aws:') && !k.startsWith('s3:RequestObjectTag')), `${service}:${name}`).toEqual(want);
        }
        if (want.length) checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
