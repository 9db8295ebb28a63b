// CreateSampleFindings: one complete, realistic finding of each requested type, marked `sample: true`, about
// Macie's sample bucket. Sensitive data samples carry detections with occurrence locations of the kind their file
// type gets (cells for CSV, records for JSON, line ranges for text); policy samples carry the API call and actor.
import type { Finding, FindingType, SensitiveDataItem } from '../models/macie2/index.js';
import { FINDING_TYPES } from './finding-text.js';
import { POLICY_SEVERITY, sensitiveDataSeverity, severityOf } from './severity.js';

export const SAMPLE_BUCKET = 'macie-sample-finding-bucket';

interface SampleScope {
  accountId: string;
  region: string;
  now: Date;
  /** A fresh id (32 hex characters) for the sample job and result files. */
  hex(): string;
}

function bucket(scope: SampleScope): NonNullable<Finding['resourcesAffected']>['s3Bucket'] {
  return {
    name: SAMPLE_BUCKET,
    arn: `arn:aws:s3:::${SAMPLE_BUCKET}`,
    createdAt: new Date(scope.now.getTime() - 30 * 86_400_000),
    owner: { displayName: 'johndoe', id: '7009a8971cd538e11f6b6606438875e7c86c5b672f46db45460ddcd087d36c32' },
    allowsUnencryptedObjectUploads: 'FALSE',
    defaultServerSideEncryption: { encryptionType: 'AES256' },
    publicAccess: {
      effectivePermission: 'NOT_PUBLIC',
      permissionConfiguration: {
        accountLevelPermissions: { blockPublicAccess: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } },
        bucketLevelPermissions: {
          accessControlList: { allowsPublicReadAccess: false, allowsPublicWriteAccess: false },
          blockPublicAccess: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
          bucketPolicy: { allowsPublicReadAccess: false, allowsPublicWriteAccess: false },
        },
      },
    },
    tags: [{ key: 'environment', value: 'sample' }],
  };
}

const lines = (...ls: number[]) => ({ lineRanges: ls.map((l) => ({ start: l, end: l, startColumn: 1 })) });
const cells = (col: number, name: string, ...rows: number[]) => ({ cells: rows.map((row) => ({ row, column: col, columnName: name })) });
const records = (...paths: string[]) => ({ records: paths.map((jsonPath, recordIndex) => ({ recordIndex, jsonPath })) });

/** What each sensitive data sample contains: its object and detections. */
const SENSITIVE: Record<string, { key: string; mimeType: string; data: SensitiveDataItem[]; custom?: boolean }> = {
  'SensitiveData:S3Object/Credentials': {
    key: 'config/credentials.txt',
    mimeType: 'text/plain',
    data: [{ category: 'CREDENTIALS', totalCount: 2, detections: [{ type: 'AWS_CREDENTIALS', count: 1, occurrences: lines(3) }, { type: 'OPENSSH_PRIVATE_KEY', count: 1, occurrences: lines(12) }] }],
  },
  'SensitiveData:S3Object/Financial': {
    key: 'exports/payments.csv',
    mimeType: 'text/csv',
    data: [{ category: 'FINANCIAL_INFORMATION', totalCount: 12, detections: [{ type: 'CREDIT_CARD_NUMBER', count: 8, occurrences: cells(4, 'card_number', 2, 3, 4, 5, 6, 7, 8, 9) }, { type: 'CREDIT_CARD_EXPIRATION', count: 4, occurrences: cells(5, 'expiry', 2, 3, 4, 5) }] }],
  },
  'SensitiveData:S3Object/Personal': {
    key: 'customers/records.json',
    mimeType: 'application/json',
    data: [{ category: 'PERSONAL_INFORMATION', totalCount: 4, detections: [{ type: 'USA_SOCIAL_SECURITY_NUMBER', count: 2, occurrences: records('$.customers[0].ssn', '$.customers[1].ssn') }, { type: 'NAME', count: 2, occurrences: records('$.customers[0].name', '$.customers[1].name') }] }],
  },
  'SensitiveData:S3Object/CustomIdentifier': {
    key: 'hr/employees.txt',
    mimeType: 'text/plain',
    data: [],
    custom: true,
  },
  'SensitiveData:S3Object/Multiple': {
    key: 'archive/dump.txt',
    mimeType: 'text/plain',
    data: [
      { category: 'CREDENTIALS', totalCount: 1, detections: [{ type: 'AWS_CREDENTIALS', count: 1, occurrences: lines(40) }] },
      { category: 'FINANCIAL_INFORMATION', totalCount: 3, detections: [{ type: 'CREDIT_CARD_NUMBER', count: 3, occurrences: lines(5, 6, 7) }] },
      { category: 'PERSONAL_INFORMATION', totalCount: 2, detections: [{ type: 'PHONE_NUMBER', count: 2, occurrences: lines(10, 11) }] },
    ],
  },
};

const POLICY_API: Record<string, string> = {
  'Policy:IAMUser/S3BucketPublic': 'PutBucketPolicy',
  'Policy:IAMUser/S3BucketSharedExternally': 'PutBucketPolicy',
  'Policy:IAMUser/S3BucketReplicatedExternally': 'PutBucketReplication',
  'Policy:IAMUser/S3BucketEncryptionDisabled': 'DeleteBucketEncryption',
  'Policy:IAMUser/S3BlockPublicAccessDisabled': 'PutBucketPublicAccessBlock',
  'Policy:IAMUser/S3BucketSharedWithCloudFront': 'PutBucketPolicy',
};

/** One sample finding of the type (not yet recorded: FindingsStore.record fills ids, titles and archiving). */
export function sampleFinding(scope: SampleScope, type: FindingType): Finding {
  const common = { type, sample: true, createdAt: scope.now, updatedAt: scope.now, count: 1 } satisfies Finding;
  const s3Bucket = bucket(scope);
  if (type.startsWith('Policy:')) {
    const seen = scope.now;
    return {
      ...common,
      severity: severityOf(POLICY_SEVERITY[type]!),
      resourcesAffected: { s3Bucket },
      policyDetails: {
        action: { actionType: 'AWS_API_CALL', apiCallDetails: { api: POLICY_API[type], apiServiceName: 's3.amazonaws.com', firstSeen: seen, lastSeen: seen } },
        actor: {
          domainDetails: { domainName: 'example.com' },
          ipAddressDetails: {
            ipAddressV4: '192.0.2.10',
            ipCity: { name: 'Seattle' },
            ipCountry: { code: 'US', name: 'United States' },
            ipGeoLocation: { lat: 47.6062, lon: -122.3321 },
            ipOwner: { asn: '64496', asnOrg: 'ExampleNet', isp: 'Example ISP', org: 'Example Org' },
          },
          userIdentity: {
            type: 'IAMUser',
            iamUser: { accountId: scope.accountId, arn: `arn:aws:iam::${scope.accountId}:user/johndoe`, principalId: 'AIDAEXAMPLEPRINCIPAL', userName: 'johndoe' },
          },
        },
      },
    };
  }
  const spec = SENSITIVE[type]!;
  const jobId = scope.hex();
  const customArn = `arn:aws:macie2:${scope.region}:${scope.accountId}:custom-data-identifier/${'00000000-0000-4000-8000-000000000000'}`;
  const customDetections = spec.custom ? [{ arn: customArn, name: 'employee-id', count: 3, occurrences: lines(1, 2, 3) }] : [];
  const managed = spec.data.flatMap((d) => (d.detections ?? []).map((x) => ({ type: x.type!, count: Number(x.count) })));
  const severity = sensitiveDataSeverity({ managed, custom: customDetections.map((c) => ({ count: c.count })) })!;
  const ext = spec.key.slice(spec.key.lastIndexOf('.') + 1);
  return {
    ...common,
    severity,
    resourcesAffected: {
      s3Bucket,
      s3Object: {
        bucketArn: s3Bucket!.arn,
        key: spec.key,
        path: `${SAMPLE_BUCKET}/${spec.key}`,
        extension: ext,
        eTag: '6a1f4b0cd4f6e5a7b2c0d1e2f3a4b5c6',
        lastModified: new Date(scope.now.getTime() - 86_400_000),
        size: 20_480,
        storageClass: 'STANDARD',
        publicAccess: false,
        serverSideEncryption: { encryptionType: 'AES256' },
        versionId: '',
        tags: [{ key: 'owner', value: 'data-team' }],
      },
    },
    classificationDetails: {
      jobId,
      jobArn: `arn:aws:macie2:${scope.region}:${scope.accountId}:classification-job/${jobId}`,
      originType: 'SENSITIVE_DATA_DISCOVERY_JOB',
      detailedResultsLocation: `s3://[export-config-not-set]/AWSLogs/${scope.accountId}/Macie/${scope.region}/${jobId}/${scope.accountId}/${scope.hex()}.jsonl.gz`,
      result: {
        additionalOccurrences: false,
        mimeType: spec.mimeType,
        sizeClassified: 20_480,
        status: { code: 'COMPLETE' },
        sensitiveData: spec.data,
        customDataIdentifiers: { detections: customDetections, totalCount: customDetections.reduce((n, c) => n + c.count, 0) },
      },
    },
  };
}

/** Omitted or empty: one of every type (A.14). */
export function sampleTypes(requested: readonly FindingType[] | undefined): FindingType[] {
  return requested && requested.length > 0 ? [...new Set(requested)] : [...FINDING_TYPES];
}
