import { describe, expect, it } from 'vitest';
import { schemas } from '../models/index.js';
import { assertValidInput } from './shapes.js';

const logs = schemas.logs!;
const check = (operation: string, input: unknown) => {
  try {
    assertValidInput(logs, logs.operations[operation]!.input?.shape, input);
    return 'ok';
  } catch (err) {
    const e = err as { code: string; httpStatus: number; message: string };
    return `${e.code} ${e.httpStatus}: ${e.message}`;
  }
};

describe('CloudWatch Logs input validation, as Logs answers it', () => {
  it('range and length violations are InvalidParameterException, not ValidationException', () => {
    expect(check('DescribeLogGroups', { limit: 51 })).toBe("InvalidParameterException 400: 1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
    expect(check('CreateLogGroup', { logGroupName: 'g'.repeat(513) })).toMatch(/^InvalidParameterException 400: 1 validation error detected: Value '.*' at 'logGroupName' failed to satisfy constraint: Member must have length less than or equal to 512$/);
    expect(check('DescribeLogGroups', { limit: 50 })).toBe('ok');
  });

  it('matches patterns against the whole value: a log group ARN ending in :* is refused', () => {
    const arn = 'arn:aws:logs:us-east-1:111122223333:log-group:app:*';
    expect(check('DescribeLogStreams', { logGroupIdentifier: arn })).toBe(
      `InvalidParameterException 400: 1 validation error detected: Value '${arn}' at 'logGroupIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*`,
    );
    expect(check('DescribeLogStreams', { logGroupIdentifier: arn.slice(0, -2) })).toBe('ok');
  });
});
