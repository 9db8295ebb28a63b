// Where trail delivery writes, as CloudTrail does: objects into the trail's bucket (the embedded store after the
// bucket policy lets cloudtrail.amazonaws.com write, or the account's bound external endpoint with its credentials),
// and events into the trail's CloudWatch Logs group through the logs provider's internal API once the trail's role
// passes the checks of service-access.ts.
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Clock } from '../../common/index.js';
import type { TrailLogGroupSink, TrailObjectWriter } from '../../audit/index.js';
import type { IamDirectory } from '../../iam/index.js';
import { createS3Client, type Storage } from '../../storage/index.js';
import type { LogsInternalApi } from '../logs/index.js';
import { bucketAllowsCloudTrail, logRoleProblem } from './service-access.js';

class DeliveryError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export function trailObjectWriter(storage: Storage, clock: Clock): TrailObjectWriter {
  return {
    async put(trail, bucket, key, body, metadata) {
      const ep = await storage.bindings.get(trail.accountId);
      if (ep) {
        await createS3Client(ep).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json', Metadata: metadata, ACL: 'bucket-owner-full-control' }));
        return;
      }
      const b = await storage.embedded.findBucket(bucket);
      if (!b) throw new DeliveryError('NoSuchBucket');
      const allowed = bucketAllowsCloudTrail({ clock, bucket, ownerAccountId: b.account_id, policy: b.policy ?? undefined, key, trailArn: trail.arn, accountId: trail.accountId, region: trail.homeRegion });
      if (!allowed) throw new DeliveryError('AccessDenied');
      await storage.embedded.putObject(bucket, key, Readable.from([body]), { headers: { ContentType: 'application/json', ...(metadata && { Metadata: metadata }) }, acl: 'bucket-owner-full-control' });
    },
  };
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>[:*]` → its parts. */
export function parseLogGroupArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws:logs:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):log-group:([\w#/.-]{1,512}?)(?::\*)?$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export const trailStreamName = (accountId: string, region: string) => `${accountId}_CloudTrail_${region}`;

export function trailLogGroupSink(logs: LogsInternalApi, directory: IamDirectory, clock: Clock): TrailLogGroupSink {
  return {
    async put(trail, region, events) {
      const groupArn = trail.config.cloudWatchLogsLogGroupArn!;
      const group = parseLogGroupArn(groupArn);
      if (!group) throw new DeliveryError('InvalidLogGroupArn');
      const stream = trailStreamName(trail.accountId, region);
      const problem = await logRoleProblem(directory, clock, { roleArn: trail.config.cloudWatchLogsRoleArn ?? '', groupArn, accountId: trail.accountId, region: group.region, stream });
      if (problem) throw new DeliveryError('AccessDenied');
      await logs.ensureStream(group.accountId, group.region, group.name, stream);
      await logs.putEvents(group.accountId, group.region, group.name, stream, events);
    },
  };
}
