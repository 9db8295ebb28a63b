// `conforms` is the fast path of input validation: it must say "valid" exactly when `validate` finds no violation,
// or an invalid input would slip through (or a valid one be answered with an empty error list).
import { describe, expect, it } from 'vitest';
import { schemas, type ServiceSchema } from '../models/index.js';
import { codePointLength, conforms, shapeOf, validate } from './shapes.js';

const whole = (schema: ServiceSchema) => schema.metadata.endpointPrefix === 'logs';
const agree = (schema: ServiceSchema, operation: string, input: unknown) => {
  const shape = schema.operations[operation]!.input!.shape;
  const fast = conforms(schema, shapeOf(schema, shape), input, whole(schema));
  expect({ operation, input, fast }).toEqual({ operation, input, fast: validate(schema, shape, input).length === 0 });
  return fast;
};

describe('conforms agrees with validate', () => {
  const logs = schemas.logs!;
  const s3 = schemas.s3!;
  const event = { timestamp: 1, message: 'x' };
  it('PutLogEvents: valid batches, and each kind of violation anywhere in a batch', () => {
    expect(agree(logs, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [event, event] })).toBe(true);
    expect(agree(logs, 'PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: Array(10_000).fill(event) })).toBe(true);
    const bad: unknown[] = [
      { logGroupName: 'g', logStreamName: 's', logEvents: [] }, // list min 1
      { logGroupName: 'g', logStreamName: 's', logEvents: Array(10_001).fill(event) }, // list max
      { logGroupName: 'g', logStreamName: 's', logEvents: [event, { timestamp: 1 }] }, // required member
      { logGroupName: 'g', logStreamName: 's', logEvents: [event, { timestamp: 1, message: '' }] }, // length min
      { logGroupName: 'g', logStreamName: 's', logEvents: [event, { timestamp: 1.5, message: 'x' }] }, // integer
      { logGroupName: 'g', logStreamName: 's', logEvents: [event, { timestamp: '1', message: 'x' }] }, // type
      { logGroupName: 'g', logStreamName: 's', logEvents: [event, 'x'] }, // structure
      { logGroupName: 'g', logStreamName: 's', logEvents: {} }, // list
      { logGroupName: 'g:*', logStreamName: 's', logEvents: [event] }, // pattern, whole value
      { logGroupName: 'g'.repeat(513), logStreamName: 's', logEvents: [event] }, // length max
      { logStreamName: 's', logEvents: [event] }, // required top-level member
      [],
    ];
    for (const input of bad) expect(agree(logs, 'PutLogEvents', input)).toBe(false);
  });

  it('string lengths in code points: astral characters count once, lone surrogates once each', () => {
    const max = 512; // logGroupName
    expect(agree(logs, 'CreateLogGroup', { logGroupName: '😀'.repeat(max) })).toBe(false); // the pattern refuses them anyway
    expect(codePointLength('😀'.repeat(3))).toBe([...'😀'.repeat(3)].length);
    expect(codePointLength('a\ud800b\udc00')).toBe([...'a\ud800b\udc00'].length);
    expect(codePointLength('\udc00\ud800')).toBe(2);
    expect(codePointLength('\ud83d')).toBe(1);
  });

  it('maps, enums, numbers and blobs (S3 and Logs)', () => {
    expect(agree(logs, 'TagLogGroup', { logGroupName: 'g', tags: { a: 'b' } })).toBe(true);
    expect(agree(logs, 'TagLogGroup', { logGroupName: 'g', tags: {} })).toBe(false);
    expect(agree(logs, 'TagLogGroup', { logGroupName: 'g', tags: { ['k'.repeat(129)]: 'b' } })).toBe(false);
    expect(agree(logs, 'DescribeLogGroups', { limit: 50 })).toBe(true);
    expect(agree(logs, 'DescribeLogGroups', { limit: 51 })).toBe(false);
    expect(agree(logs, 'DescribeLogGroups', { limit: Number.NaN })).toBe(false);
    expect(agree(logs, 'PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 7 })).toBe(true);
    expect(agree(s3, 'PutBucketVersioning', { Bucket: 'b', VersioningConfiguration: { Status: 'Enabled' } })).toBe(true);
    expect(agree(s3, 'PutBucketVersioning', { Bucket: 'b', VersioningConfiguration: { Status: 'On' } })).toBe(false);
    expect(agree(s3, 'PutObject', { Bucket: 'b', Key: 'k', Body: Buffer.from('x') })).toBe(true);
    expect(agree(s3, 'PutObject', { Bucket: 'b', Key: 'k', Body: 'x' })).toBe(false);
  });
});
