import { describe, it, expect } from 'vitest';
import { buildRequestValues, conditionMatches, parseOperator, type ConditionClause, type ContextValue } from './index.js';

const user = { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userId: 'AIDAEXAMPLE', type: 'IAMUser' as const };

function clause(operator: string, key: string, values: string[]): ConditionClause {
  const parsed = parseOperator(operator);
  if (!parsed) throw new Error(`unknown operator ${operator}`);
  return { operator, ...parsed, key, values };
}
function check(operator: string, key: string, values: string[], context: Record<string, ContextValue>): boolean {
  const v = buildRequestValues(user, context, new Date('2026-01-15T12:00:00Z'));
  return conditionMatches(clause(operator, key, values), v, v);
}

describe('condition operators', () => {
  it.each<[string, string, string[], Record<string, ContextValue>, boolean]>([
    // strings
    ['StringEquals', 'sts:ExternalId', ['abc', 'def'], { 'sts:ExternalId': 'def' }, true],
    ['StringEquals', 'sts:ExternalId', ['abc'], { 'sts:ExternalId': 'ABC' }, false],
    ['StringEquals', 'sts:ExternalId', ['abc'], {}, false],
    ['StringNotEquals', 'sts:ExternalId', ['abc'], { 'sts:ExternalId': 'xyz' }, true],
    ['StringNotEquals', 'sts:ExternalId', ['abc', 'xyz'], { 'sts:ExternalId': 'xyz' }, false],
    ['StringNotEquals', 'sts:ExternalId', ['abc'], {}, true],
    ['StringEqualsIgnoreCase', 'sts:ExternalId', ['ABC'], { 'sts:ExternalId': 'abc' }, true],
    ['StringNotEqualsIgnoreCase', 'sts:ExternalId', ['ABC'], { 'sts:ExternalId': 'abc' }, false],
    ['StringLike', 's3:prefix', ['home/alice/*'], { 's3:prefix': 'home/alice/docs/' }, true],
    ['StringLike', 's3:prefix', ['home/?/x'], { 's3:prefix': 'home/b/x' }, true],
    ['StringLike', 's3:prefix', ['home/?/x'], { 's3:prefix': 'home/bb/x' }, false],
    ['StringLike', 's3:prefix', ['Home/*'], { 's3:prefix': 'home/a' }, false],
    ['StringNotLike', 's3:prefix', ['home/*'], { 's3:prefix': 'tmp/a' }, true],
    ['StringLike', 's3:prefix', ['home/${aws:username}/*'], { 's3:prefix': 'home/alice/a' }, true],
    ['StringLike', 's3:prefix', ['home/${aws:username}/*'], { 's3:prefix': 'home/bob/a' }, false],
    ['StringEquals', 's3:prefix', ['${*}'], { 's3:prefix': '*' }, true],
    ['StringEquals', 's3:prefix', ['${*}'], { 's3:prefix': 'x' }, false],
    ['StringEquals', 's3:prefix', ["${aws:PrincipalTag/team, 'none'}"], { 's3:prefix': 'none' }, true],
    ['StringEquals', 'aws:PrincipalArn', ['arn:aws:iam::123456789012:user/alice'], {}, true],
    ['StringEquals', 'AWS:USERNAME', ['alice'], {}, true],
    ['StringEquals', 'aws:userid', ['AIDAEXAMPLE'], {}, true],
    ['StringEquals', 'aws:PrincipalType', ['User'], {}, true],
    // numbers
    ['NumericLessThan', 's3:max-keys', ['10'], { 's3:max-keys': '9' }, true],
    ['NumericLessThan', 's3:max-keys', ['10'], { 's3:max-keys': '10' }, false],
    ['NumericLessThanEquals', 's3:max-keys', ['10'], { 's3:max-keys': 10 }, true],
    ['NumericGreaterThan', 's3:max-keys', ['10'], { 's3:max-keys': '10.5' }, true],
    ['NumericGreaterThanEquals', 's3:max-keys', ['10'], { 's3:max-keys': '9' }, false],
    ['NumericEquals', 's3:max-keys', ['10'], { 's3:max-keys': 'ten' }, false],
    ['NumericNotEquals', 's3:max-keys', ['10'], { 's3:max-keys': '11' }, true],
    // dates (ISO and epoch seconds; aws:CurrentTime supplied by the clock)
    ['DateLessThan', 'aws:CurrentTime', ['2026-02-01T00:00:00Z'], {}, true],
    ['DateGreaterThan', 'aws:CurrentTime', ['2026-02-01T00:00:00Z'], {}, false],
    ['DateGreaterThanEquals', 'aws:CurrentTime', ['2026-01-15T12:00:00Z'], {}, true],
    ['DateEquals', 'aws:EpochTime', ['2026-01-15T12:00:00Z'], {}, true],
    ['DateLessThanEquals', 'aws:TokenIssueTime', ['1768478400'], { 'aws:TokenIssueTime': '2026-01-15T12:00:00Z' }, true],
    ['DateNotEquals', 'aws:CurrentTime', ['2020-01-01'], {}, true],
    ['DateLessThan', 'aws:CurrentTime', ['not a date'], {}, false],
    // booleans
    ['Bool', 'aws:SecureTransport', ['true'], { 'aws:SecureTransport': true }, true],
    ['Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': 'true' }, false],
    ['Bool', 'aws:SecureTransport', ['false'], {}, false],
    ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['true'], {}, true],
    ['BoolIfExists', 'aws:MultiFactorAuthPresent', ['true'], { 'aws:MultiFactorAuthPresent': 'false' }, false],
    // IP addresses (v4 and v6, CIDR and single address)
    ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.77' }, true],
    ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.114.1' }, false],
    ['IpAddress', 'aws:SourceIp', ['10.0.0.1'], { 'aws:SourceIp': '10.0.0.1' }, true],
    ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '2001:db8:1::5' }, true],
    ['IpAddress', 'aws:SourceIp', ['2001:db8::/32'], { 'aws:SourceIp': '203.0.113.1' }, false],
    ['IpAddress', 'aws:SourceIp', ['bogus/99'], { 'aws:SourceIp': '203.0.113.1' }, false],
    ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24', '198.51.100.0/24'], { 'aws:SourceIp': '192.0.2.1' }, true],
    ['NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.9' }, false],
    // ARNs: each of the six parts on its own
    ['ArnLike', 'aws:SourceArn', ['arn:aws:cloudtrail:*:123456789012:trail/*'], { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main' }, true],
    ['ArnLike', 'aws:SourceArn', ['arn:aws:cloudtrail:*:123456789012:trail/*'], { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:999999999999:trail/main' }, false],
    ['ArnEquals', 'aws:SourceArn', ['arn:aws:s3:::bucket'], { 'aws:SourceArn': 'arn:aws:s3:::bucket' }, true],
    ['ArnEquals', 'aws:SourceArn', ['arn:aws:s3:::bucket'], { 'aws:SourceArn': 'not-an-arn' }, false],
    ['ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/admin-*'], {}, true],
    ['ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::123456789012:user/${aws:username}'], {}, true],
    // Null
    ['Null', 'aws:TokenIssueTime', ['true'], {}, true],
    ['Null', 'aws:TokenIssueTime', ['false'], {}, false],
    ['Null', 'aws:TokenIssueTime', ['false'], { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, true],
    // IfExists on a positive operator with the key present and missing
    ['StringEqualsIfExists', 'ec2:InstanceType', ['t3.micro'], {}, true],
    ['StringEqualsIfExists', 'ec2:InstanceType', ['t3.micro'], { 'ec2:InstanceType': 'm5.large' }, false],
    // multivalued keys
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['cost', 'team'] }, true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['cost', 'team'] }, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], {}, false],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'team'] }, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'cost'] }, false],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], {}, true],
    ['ForAllValues:StringLike', 'aws:TagKeys', ['app-*'], { 'aws:TagKeys': ['app-a', 'app-b'] }, true],
    ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'x'] }, true],
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'x'] }, false],
    ['StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['x', 'env'] }, true],
  ])('%s %s %j with %j → %s', (operator, key, values, context, expected) => {
    expect(check(operator, key, values, context)).toBe(expected);
  });

  it('policy variables are literal in version 2008-10-17 policies', () => {
    const v = buildRequestValues(user, { 's3:prefix': 'home/alice/' });
    expect(conditionMatches(clause('StringLike', 's3:prefix', ['home/${aws:username}/']), v, undefined)).toBe(false);
    expect(conditionMatches(clause('StringLike', 's3:prefix', ['home/${aws:username}/']), v, v)).toBe(true);
  });

  it.each(['StringEqualz', 'ForSomeValues:StringEquals', 'NullIfExists', 'ForAnyValue:Null', 'IfExists'])('unknown operator %s is refused', (op) => {
    expect(parseOperator(op)).toBeUndefined();
  });
});
