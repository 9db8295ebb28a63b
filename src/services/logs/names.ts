/**
 * Log group and stream names as AWS checks them (the protocol layer checks the model's length and pattern for wire
 * calls; these checks also guard the internal API, which has no protocol layer in front of it), ARNs, and the
 * `logGroupIdentifier` form (a name or an ARN) that newer operations accept.
 */
import { errors } from '../../models/logs/index.js';

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;
const GROUP_ARN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]{1,512})(:\*)?$/;

export function checkLogGroupName(name: unknown, member = 'logGroupName'): asserts name is string {
  if (typeof name !== 'string' || !GROUP_NAME.test(name)) {
    throw new errors.InvalidParameterException(
      `1 validation error detected: Value '${String(name)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+ and have length between 1 and 512`,
    );
  }
}

/** CreateLogGroup only: the `aws/` prefix is reserved for AWS's own log groups. */
export function checkNewLogGroupName(name: unknown): asserts name is string {
  checkLogGroupName(name);
  if (name.startsWith('aws/')) throw new errors.InvalidParameterException(`Log group names cannot start with 'aws/'.`);
}

export function checkLogStreamName(name: unknown, member = 'logStreamName'): asserts name is string {
  if (typeof name !== 'string' || !STREAM_NAME.test(name)) {
    throw new errors.InvalidParameterException(
      `1 validation error detected: Value '${String(name)}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]* and have length between 1 and 512`,
    );
  }
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>` — the form TagResource takes and `logGroupArn` shows. */
export function logGroupArn(region: string, accountId: string, name: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${name}`;
}

export function logStreamArn(region: string, accountId: string, group: string, stream: string): string {
  return `${logGroupArn(region, accountId, group)}:log-stream:${stream}`;
}

export interface ParsedGroupArn {
  region: string;
  accountId: string;
  name: string;
}

export function parseLogGroupArn(arn: string): ParsedGroupArn | undefined {
  const m = GROUP_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

/**
 * The group an operation names through `logGroupName` or `logGroupIdentifier` (exactly one of them; an identifier
 * may be an ARN, which must be of this account and region).
 */
export function groupNameOf(input: { logGroupName?: string; logGroupIdentifier?: string }, accountId: string, region: string): string {
  const { logGroupName, logGroupIdentifier } = input;
  if (logGroupName !== undefined && logGroupIdentifier !== undefined) {
    throw new errors.InvalidParameterException('LogGroup name and LogGroup identifier are mutually exclusive parameters.');
  }
  if (logGroupName !== undefined) {
    checkLogGroupName(logGroupName);
    return logGroupName;
  }
  if (logGroupIdentifier === undefined) {
    throw new errors.InvalidParameterException('Either LogGroup name or LogGroup identifier must be specified.');
  }
  if (logGroupIdentifier.startsWith('arn:')) {
    const parsed = parseLogGroupArn(logGroupIdentifier);
    if (!parsed) throw new errors.InvalidParameterException(`Invalid log group identifier: ${logGroupIdentifier}`);
    if (parsed.accountId !== accountId || parsed.region !== region) {
      throw new errors.ResourceNotFoundException('The specified log group does not exist.');
    }
    return parsed.name;
  }
  checkLogGroupName(logGroupIdentifier, 'logGroupIdentifier');
  return logGroupIdentifier;
}
