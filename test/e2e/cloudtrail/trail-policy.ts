// The bucket policy a trail needs (the README shows the same one), for the CloudTrail e2e tests.
export function trailBucketPolicy(o: { bucket: string; prefix?: string; accountId: string; region: string; trail: string }): string {
  const trailArn = `arn:aws:cloudtrail:${o.region}:${o.accountId}:trail/${o.trail}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${o.bucket}`,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${o.bucket}/${o.prefix ? `${o.prefix}/` : ''}AWSLogs/${o.accountId}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
    ],
  });
}
