// Generated findings for tests and the ListFindings benchmark: deterministic (seeded), varied across every field
// that criteria and sorting use — types, severities, buckets, keys, jobs, detections, tags, policy actors.
import type { Finding, FindingType, SensitiveDataItem, SensitiveDataItemCategory } from '../models/macie2/index.js';
import { sensitiveDataFindingType } from './severity.js';

import { seededRandom } from '../common/seeded-random.js';

export { seededRandom };

const MANAGED: Record<Exclude<SensitiveDataItemCategory, 'CUSTOM_IDENTIFIER'>, string[]> = {
  CREDENTIALS: ['AWS_CREDENTIALS', 'OPENSSH_PRIVATE_KEY', 'JSON_WEB_TOKEN'],
  FINANCIAL_INFORMATION: ['CREDIT_CARD_NUMBER', 'CREDIT_CARD_EXPIRATION', 'BANK_ACCOUNT_NUMBER'],
  PERSONAL_INFORMATION: ['USA_SOCIAL_SECURITY_NUMBER', 'NAME', 'PHONE_NUMBER', 'DATE_OF_BIRTH', 'ADDRESS'],
};
const POLICY_TYPES: FindingType[] = ['Policy:IAMUser/S3BucketPublic', 'Policy:IAMUser/S3BucketEncryptionDisabled', 'Policy:IAMUser/S3BlockPublicAccessDisabled', 'Policy:IAMUser/S3BucketSharedExternally'];
const EXT = ['csv', 'json', 'txt', 'log', 'jsonl'];

export interface FixtureOptions {
  seed?: number;
  /** Share of policy findings (default 0.1). */
  policyShare?: number;
  buckets?: number;
  jobs?: number;
  baseTime?: number;
}

/** `n` findings ready for FindingsStore.recordMany (ids included, so they are stable across runs). */
export function generateFindings(n: number, options: FixtureOptions = {}): Finding[] {
  const rnd = seededRandom(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const buckets = Array.from({ length: options.buckets ?? 20 }, (_, i) => `bucket-${String(i).padStart(3, '0')}`);
  const jobs = Array.from({ length: options.jobs ?? 10 }, (_, i) => i.toString(16).padStart(32, '0'));
  const base = options.baseTime ?? Date.UTC(2026, 0, 1);
  const out: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const id = (i + 1).toString(16).padStart(32, '0');
    const created = new Date(base + Math.floor(rnd() * 30 * 86_400_000));
    const bucketName = pick(buckets);
    const s3Bucket = {
      name: bucketName,
      arn: `arn:aws:s3:::${bucketName}`,
      defaultServerSideEncryption: { encryptionType: pick(['AES256', 'aws:kms', 'NONE'] as const) },
      publicAccess: { effectivePermission: pick(['PUBLIC', 'NOT_PUBLIC', 'NOT_PUBLIC'] as const) },
      tags: rnd() < 0.5 ? [{ key: 'env', value: pick(['prod', 'dev']) }, ...(rnd() < 0.3 ? [{ key: 'team', value: pick(['data', 'web']) }] : [])] : [],
    };
    if (rnd() < (options.policyShare ?? 0.1)) {
      out.push({
        id,
        type: pick(POLICY_TYPES),
        createdAt: created,
        updatedAt: new Date(created.getTime() + Math.floor(rnd() * 86_400_000)),
        count: 1 + Math.floor(rnd() * 5),
        resourcesAffected: { s3Bucket },
        policyDetails: {
          action: { actionType: 'AWS_API_CALL', apiCallDetails: { api: pick(['PutBucketPolicy', 'PutBucketAcl']), apiServiceName: 's3.amazonaws.com', firstSeen: created, lastSeen: created } },
          actor: { userIdentity: { type: pick(['IAMUser', 'Root'] as const) }, ipAddressDetails: { ipAddressV4: `198.51.100.${Math.floor(rnd() * 255)}` } },
        },
      });
      continue;
    }
    const cats = (Object.keys(MANAGED) as (keyof typeof MANAGED)[]).filter(() => rnd() < 0.45);
    if (cats.length === 0) cats.push(pick(Object.keys(MANAGED) as (keyof typeof MANAGED)[]));
    const sensitiveData: SensitiveDataItem[] = cats.map((category) => {
      const types = MANAGED[category].filter(() => rnd() < 0.5);
      if (types.length === 0) types.push(pick(MANAGED[category]));
      const detections = types.map((type) => ({ type, count: 1 + Math.floor(rnd() * (rnd() < 0.1 ? 300 : 20)) }));
      return { category, detections, totalCount: detections.reduce((s, d) => s + d.count, 0) };
    });
    const custom = rnd() < 0.15 ? [{ arn: `arn:aws:macie2:us-east-1:111122223333:custom-data-identifier/cdi-${Math.floor(rnd() * 3)}`, name: `custom-${Math.floor(rnd() * 3)}`, count: 1 + Math.floor(rnd() * 10) }] : [];
    const categories: SensitiveDataItemCategory[] = [...cats, ...(custom.length ? (['CUSTOM_IDENTIFIER'] as const) : [])];
    const ext = pick(EXT);
    const key = `data/${Math.floor(rnd() * 1000)}/object-${i}.${ext}`;
    const jobId = pick(jobs);
    out.push({
      id,
      type: sensitiveDataFindingType(categories),
      createdAt: created,
      resourcesAffected: {
        s3Bucket,
        s3Object: {
          key,
          path: `${bucketName}/${key}`,
          extension: ext,
          size: Math.floor(rnd() * 10_000_000),
          storageClass: pick(['STANDARD', 'STANDARD_IA'] as const),
          lastModified: new Date(created.getTime() - Math.floor(rnd() * 10 * 86_400_000)),
          publicAccess: rnd() < 0.1,
          tags: rnd() < 0.3 ? [{ key: 'classification', value: pick(['secret', 'internal']) }] : [],
        },
      },
      classificationDetails: {
        jobId,
        jobArn: `arn:aws:macie2:us-east-1:111122223333:classification-job/${jobId}`,
        originType: 'SENSITIVE_DATA_DISCOVERY_JOB',
        result: {
          mimeType: ext === 'csv' ? 'text/csv' : ext.startsWith('json') ? 'application/json' : 'text/plain',
          sizeClassified: 1000,
          status: { code: 'COMPLETE' },
          additionalOccurrences: rnd() < 0.2,
          sensitiveData,
          customDataIdentifiers: { detections: custom, totalCount: custom.reduce((s, c) => s + c.count, 0) },
        },
      },
    });
  }
  return out;
}
