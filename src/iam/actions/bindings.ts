// Where a request's input supplies the parts of the resource ARNs and the condition keys that the Service
// Authorization Reference (reference.ts) lists for its action. Data, not code per operation: each resource type
// names the input members that fill its ARN template's variables, and each service the members that carry its
// request condition keys. Paths: `a` a member, `a[]` each element of a list, `a[].b` a member of each element.

export interface ResourceBinding {
  /** Template variable → input paths tried in order (the first that yields a value wins). */
  vars?: Record<string, string[]>;
  /** Input paths whose value may be a whole ARN of this type (tagging calls, identifiers that accept an ARN). */
  arns?: string[];
  /** When nothing binds: the caller's own ARN (IAM calls about "the calling user" omit UserName). */
  callerIf?: 'IAMUser';
  /** Text appended to the ARN, except for the listed actions. */
  suffix?: { text: string; except: string[] };
}

const LOG_GROUP_SUFFIX = {
  // CloudWatch Logs: "Use the second version, with the trailing :*, to refer to the ARN when specifying permissions in
  // IAM policies for all other API actions" (all but TagResource, UntagResource and ListTagsForResource).
  text: ':*',
  except: ['logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource'],
};

/** Per IAM service prefix, per resource type (as the reference names it). */
export const RESOURCE_BINDINGS: Record<string, Record<string, ResourceBinding>> = {
  macie2: {
    ClassificationJob: { vars: { ResourceId: ['jobId'] }, arns: ['resourceArn'] },
    AllowList: { vars: { ResourceId: ['id'] }, arns: ['resourceArn'] },
    CustomDataIdentifier: { vars: { ResourceId: ['id', 'ids[]'] }, arns: ['resourceArn'] },
    FindingsFilter: { vars: { ResourceId: ['id'] }, arns: ['resourceArn'] },
    Member: { vars: { ResourceId: ['id', 'account.accountId'] }, arns: ['resourceArn'] },
  },
  logs: {
    'log-group': {
      vars: { LogGroupName: ['logGroupName', 'logGroupIdentifier', 'logGroupIdentifiers[]', 'logGroupNames[]'] },
      arns: ['resourceArn', 'logGroupArnList[]', 'resourceIdentifier'],
      suffix: LOG_GROUP_SUFFIX,
    },
    'log-stream': { vars: { LogGroupName: ['logGroupName', 'logGroupIdentifier'], LogStreamName: ['logStreamName'] } },
    destination: { vars: { DestinationName: ['destinationName'] }, arns: ['resourceArn', 'destinationArn'] },
    'delivery-source': { vars: { DeliverySourceName: ['deliverySourceName', 'name'] }, arns: ['resourceArn'] },
    'delivery-destination': { vars: { DeliveryDestinationName: ['deliveryDestinationName', 'name'] }, arns: ['resourceArn', 'deliveryDestinationArn'] },
    delivery: { vars: { DeliveryName: ['id'] }, arns: ['resourceArn'] },
    'anomaly-detector': { arns: ['anomalyDetectorArn', 'resourceArn'] },
    'lookup-table': { vars: { LookupTableName: ['lookupTableName'] }, arns: ['lookupTableArn', 'resourceArn'] },
    'scheduled-query': { arns: ['identifier', 'resourceArn'] },
  },
  cloudwatch: {
    alarm: { vars: { AlarmName: ['AlarmName', 'AlarmNames[]'] }, arns: ['ResourceARN'] },
    'alarm-mute-rule': { vars: { AlarmMuteRuleName: ['AlarmMuteRuleName', 'Name'] }, arns: ['ResourceARN'] },
    dashboard: { vars: { DashboardName: ['DashboardName', 'DashboardNames[]'] }, arns: ['ResourceARN'] },
    'insight-rule': { vars: { InsightRuleName: ['RuleName', 'RuleNames[]'] }, arns: ['ResourceARN'] },
    'metric-stream': { vars: { MetricStreamName: ['Name', 'Names[]'] }, arns: ['ResourceARN'] },
  },
  cloudtrail: {
    trail: { vars: { TrailName: ['Name', 'TrailName'] }, arns: ['ResourceId', 'ResourceIdList[]', 'Name', 'TrailName'] },
    eventdatastore: { vars: { EventDataStoreId: ['EventDataStore', 'EventDataStores[]'] }, arns: ['EventDataStore', 'EventDataStores[]', 'ResourceArn', 'ResourceId', 'ResourceIdList[]'] },
    channel: { vars: { ChannelId: ['Channel'] }, arns: ['Channel', 'ResourceArn', 'ResourceId', 'ResourceIdList[]'] },
    dashboard: { vars: { DashboardName: ['DashboardId', 'Name'] }, arns: ['DashboardId', 'ResourceArn', 'ResourceId', 'ResourceIdList[]'] },
  },
  iam: {
    user: { vars: { UserNameWithPath: ['UserName'] }, arns: ['PolicySourceArn'], callerIf: 'IAMUser' },
    role: { vars: { RoleNameWithPath: ['RoleName'] }, arns: ['PolicySourceArn'] },
    group: { vars: { GroupNameWithPath: ['GroupName'] }, arns: ['PolicySourceArn'] },
    policy: { arns: ['PolicyArn'], vars: { PolicyNameWithPath: ['PolicyName'] } },
    mfa: { vars: { MfaTokenIdWithPath: ['VirtualMFADeviceName'] }, arns: ['SerialNumber'] },
    'instance-profile': { vars: { InstanceProfileNameWithPath: ['InstanceProfileName'] } },
    'server-certificate': { vars: { CertificateNameWithPath: ['ServerCertificateName'] } },
  },
  sts: {
    role: { arns: ['RoleArn'] },
  },
  s3: {
    bucket: { vars: { BucketName: ['Bucket'] } },
    object: { vars: { BucketName: ['Bucket'], ObjectName: ['Key'] } },
  },
  sns: {
    topic: { vars: { TopicName: ['Name'] }, arns: ['TopicArn', 'TargetArn', 'ResourceArn'] },
  },
  events: {
    'rule-on-default-event-bus': { vars: { RuleName: ['Name', 'Rule'] }, arns: ['ResourceARN'] },
    'event-bus': { vars: { EventBusName: ['EventBusName', 'Entries[].EventBusName', 'Name'] }, arns: ['ResourceARN'] },
    connection: { vars: { ConnectionName: ['Name'] } },
    'api-destination': { vars: { ApiDestinationName: ['Name'] } },
  },
};

/** Template variables that name an IAM entity with its path: `${UserNameWithPath}` is `path/name` without the leading slash. */
export const PATH_VARIABLES: Record<string, { kind: 'user' | 'role' | 'group' | 'mfa' | 'policy' | 'instance-profile' | 'server-certificate'; pathMember: string }> = {
  UserNameWithPath: { kind: 'user', pathMember: 'Path' },
  RoleNameWithPath: { kind: 'role', pathMember: 'Path' },
  GroupNameWithPath: { kind: 'group', pathMember: 'Path' },
  PolicyNameWithPath: { kind: 'policy', pathMember: 'Path' },
  MfaTokenIdWithPath: { kind: 'mfa', pathMember: 'Path' },
  InstanceProfileNameWithPath: { kind: 'instance-profile', pathMember: 'Path' },
  CertificateNameWithPath: { kind: 'server-certificate', pathMember: 'Path' },
};

/**
 * Service-specific condition keys and the input path that carries each; supplied only for actions whose reference
 * entry lists the key. Tags (aws:RequestTag/…, aws:TagKeys) are read by TAG_PATHS below.
 */
export const CONDITION_BINDINGS: Record<string, Record<string, string>> = {
  s3: {
    's3:prefix': 'Prefix',
    's3:delimiter': 'Delimiter',
    's3:max-keys': 'MaxKeys',
    's3:x-amz-acl': 'ACL',
    's3:x-amz-server-side-encryption': 'ServerSideEncryption',
    's3:x-amz-server-side-encryption-aws-kms-key-id': 'SSEKMSKeyId',
    's3:x-amz-server-side-encryption-customer-algorithm': 'SSECustomerAlgorithm',
    's3:x-amz-storage-class': 'StorageClass',
    's3:x-amz-copy-source': 'CopySource',
    's3:x-amz-metadata-directive': 'MetadataDirective',
    's3:x-amz-grant-read': 'GrantRead',
    's3:x-amz-grant-write': 'GrantWrite',
    's3:x-amz-grant-read-acp': 'GrantReadACP',
    's3:x-amz-grant-write-acp': 'GrantWriteACP',
    's3:x-amz-grant-full-control': 'GrantFullControl',
    's3:object-lock-mode': 'ObjectLockMode',
    's3:object-lock-retain-until-date': 'ObjectLockRetainUntilDate',
    's3:object-lock-legal-hold': 'ObjectLockLegalHoldStatus',
    's3:VersionId': 'VersionId',
    's3:LocationConstraint': 'CreateBucketConfiguration.LocationConstraint',
    's3:x-amz-object-ownership': 'ObjectOwnership',
  },
  iam: {
    'iam:PermissionsBoundary': 'PermissionsBoundary',
    'iam:PolicyARN': 'PolicyArn',
    'iam:AWSServiceName': 'AWSServiceName',
  },
  sts: {
    'sts:ExternalId': 'ExternalId',
    'sts:RoleSessionName': 'RoleSessionName',
    'sts:SourceIdentity': 'SourceIdentity',
    'sts:TransitiveTagKeys': 'TransitiveTagKeys[]',
  },
  logs: {},
  cloudwatch: {},
  cloudtrail: {},
  macie2: {},
};

/**
 * Where request tags travel, per service: a map (`tags`), a list of `{Key, Value}` (`Tags`), or only keys
 * (`tagKeys`). Read for actions whose reference entry lists aws:RequestTag/${TagKey} or aws:TagKeys.
 */
export const TAG_PATHS: Record<string, { maps?: string[]; pairs?: string[]; keys?: string[]; queryString?: string[] }> = {
  macie2: { maps: ['tags'], keys: ['tagKeys'] },
  logs: { maps: ['tags'], keys: ['tagKeys'] },
  cloudwatch: { pairs: ['Tags'], keys: ['TagKeys'] },
  cloudtrail: { pairs: ['TagsList', 'Tags'] },
  iam: { pairs: ['Tags'], keys: ['TagKeys'] },
  sts: { pairs: ['Tags'] },
  s3: { pairs: ['Tagging.TagSet'], queryString: ['Tagging'] },
};
