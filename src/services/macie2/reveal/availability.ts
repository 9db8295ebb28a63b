// Whether samples can be revealed for a finding (GetSensitiveDataOccurrencesAvailability, and the check
// GetSensitiveDataOccurrences makes first), with Macie's reason codes. What Sift checks, in order:
//   UNSUPPORTED_FINDING_TYPE       not a sensitive data finding (a policy finding)
//   UNSUPPORTED_OBJECT_TYPE        the object's MIME type is not one Macie reveals from
//   OBJECT_EXCEEDS_SIZE_QUOTA      the object is larger than the reveal quota for its type
//   OBJECT_UNAVAILABLE             the object was deleted, or changed (its ETag differs from the finding's)
//   INVALID_CLASSIFICATION_RESULT  no export configuration, or the result file is missing, in another Region,
//                                  malformed, or has no record with locations for the finding
//   INVALID_RESULT_SIGNATURE       the result file's signature does not match its bytes (it was edited)
//   RESULT_NOT_SIGNED              the result file carries no signature and the account reveals with ASSUME_ROLE
//   ROLE_TOO_PERMISSIVE            the role's trust policy lets Macie assume it for any account, or lets anyone assume it
// For an administrator's finding of a member's bucket, ops/reveal.ts adds ACCOUNT_NOT_IN_ORGANIZATION (not an enabled
// member of this administrator), MISSING_GET_MEMBER_PERMISSION (the caller may not macie2:GetMember) and
// MEMBER_ROLE_TOO_PERMISSIVE (memberRoleTooPermissive below).
import { gunzipSync } from 'node:zlib';
import { evaluateTrust } from '../../../iam/index.js';
import type { Finding, UnavailabilityReasonCode } from '../../../models/macie2/index.js';
import type { RequestContext } from '../../../common/index.js';
import type { SampleTarget } from '../../../scan/index.js';
import { StorageError, type ObjectStorage } from '../../../storage/index.js';
import type { RevealSettings } from './configuration.js';
import type { ResultSigner } from './result-signature.js';

/** The service principal Macie reveals samples as (trust policies name it). */
export const REVEAL_SERVICE = 'reveal-samples.macie.amazonaws.com';

const MB = 1024 * 1024;

/** The MIME types Macie reveals samples from, each with its object size quota (Macie's documented quotas). */
export const REVEAL_SIZE_QUOTAS: Readonly<Record<string, number>> = Object.freeze({
  'application/avro': 70 * MB,
  'application/parquet': 100 * MB,
  'text/csv': 255 * MB,
  'application/gzip': 90 * MB,
  'application/json': 25 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 20 * MB,
  'text/plain': 100 * MB,
  'text/tab-separated-values': 75 * MB,
  'application/zip': 355 * MB,
});

/** Everything a retrieval needs once the finding is known to be revealable. */
export interface RevealPlan {
  finding: Finding;
  bucket: string;
  key: string;
  /** The object's ETag as the finding recorded it (unquoted). */
  eTag: string;
  size?: number;
  resultBucket: string;
  resultKey: string;
  targets: SampleTarget[];
}

export interface AvailabilityDeps {
  /** Storage as Macie reads it (the account's buckets): the discovery results are there. */
  storage: ObjectStorage;
  /** Where the affected object is, when another account owns it (a member's bucket); `storage` otherwise. */
  objectStorage?: ObjectStorage;
  signer: ResultSigner;
  /** The account's export configuration bucket, when one is set. */
  exportBucket: string | undefined;
  settings: RevealSettings;
  /** The role's trust policy (JSON), when ASSUME_ROLE names a role that exists. */
  roleTrustPolicy?: string;
}

export type Availability = { reasons: UnavailabilityReasonCode[]; plan?: RevealPlan };

const unquote = (etag: string | undefined) => (etag ?? '').replace(/"/g, '');

async function readAll(storage: ObjectStorage, bucket: string, key: string, maxBytes: number): Promise<{ body: Buffer; metadata?: Record<string, string> } | undefined> {
  try {
    const stream = await storage.readObject(bucket, key);
    if (stream.info.size > maxBytes) {
      stream.body.destroy();
      return undefined;
    }
    const chunks: Buffer[] = [];
    for await (const c of stream.body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
    return { body: Buffer.concat(chunks), metadata: stream.info.metadata };
  } catch (err) {
    if (err instanceof StorageError) return undefined;
    throw err;
  }
}

/** Result files larger than this are not read for reveal (one unit of a job writes a few MB at most). */
export const MAX_RESULT_FILE_BYTES = 64 * MB;

/** The result records for the finding (the object's own, and its archive members'), as sample targets. */
export function targetsFromRecords(records: readonly Record<string, any>[]): SampleTarget[] {
  const targets: SampleTarget[] = [];
  for (const r of records) {
    const filePath: string = r?.resourcesAffected?.s3Object?.embeddedFileDetails?.filePath ?? '';
    const result = r?.classificationDetails?.result;
    for (const cat of result?.sensitiveData ?? []) {
      for (const d of cat?.detections ?? []) {
        if (typeof d?.type === 'string' && hasLocations(d.occurrences)) targets.push({ key: d.type, type: d.type, filePath, occurrences: d.occurrences });
      }
    }
    for (const d of result?.customDataIdentifiers?.detections ?? []) {
      const id = typeof d?.arn === 'string' ? d.arn.slice(d.arn.lastIndexOf('/') + 1) : undefined;
      if (id && typeof d?.name === 'string' && hasLocations(d.occurrences)) targets.push({ key: customSampleKey(d.name, id), type: id, filePath, occurrences: d.occurrences });
    }
  }
  return targets;
}

/** The key custom identifiers' samples are reported under: the identifier's name and unique id. */
export function customSampleKey(name: string, id: string): string {
  return `${name}:${id}`;
}

function hasLocations(o: any): boolean {
  return !!o && ['lineRanges', 'cells', 'records', 'pages'].some((k) => Array.isArray(o[k]) && o[k].length > 0);
}

/** Whether a trust policy restricts the role to Macie acting for this account (ROLE_TOO_PERMISSIVE otherwise). */
export function roleTooPermissive(roleArn: string, trustPolicy: string, ctx: RequestContext): boolean {
  const otherAccount = ctx.accountId === '000000000000' ? '999999999999' : '000000000000';
  // The stranger may do anything its own account allows: only the trust policy stands in its way.
  const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const probe = (principal: RequestContext['principal'], accountId: string) =>
    evaluateTrust(roleArn, trustPolicy, { ...ctx, accountId, principal }, principal.type === 'AWSService' ? [] : [allowAll]).allowed;
  // Macie acting for any other account: the aws:SourceAccount guard is missing.
  if (probe({ type: 'AWSService', accountId: otherAccount, arn: '', principalId: '', invokedBy: REVEAL_SERVICE }, otherAccount)) return true;
  // Anyone at all ("Principal": "*").
  const stranger = `arn:aws:iam::${otherAccount}:user/stranger`;
  return probe({ type: 'IAMUser', accountId: otherAccount, arn: stranger, principalId: 'AIDASTRANGER', userName: 'stranger' }, otherAccount);
}

/**
 * Whether a member's role (the one Macie chains into from the administrator's role) fails Macie's requirements:
 * anyone may assume it, the administrator's role may assume it without the organization's external ID, or not even
 * with it (the trust policy names another external ID).
 */
export function memberRoleTooPermissive(memberRoleArn: string, trustPolicy: string, ctx: RequestContext, adminRoleArn: string, externalId: string): boolean {
  const adminAccount = adminRoleArn.split(':')[4] ?? ctx.accountId;
  const roleName = adminRoleArn.slice(adminRoleArn.indexOf(':role/') + 6);
  const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const adminSession: RequestContext['principal'] = {
    type: 'AssumedRole',
    accountId: adminAccount,
    arn: `arn:aws:sts::${adminAccount}:assumed-role/${roleName}/RevealCrossAccount`,
    principalId: `AROAREVEAL:RevealCrossAccount`,
    session: { roleName, roleArn: adminRoleArn, roleId: 'AROAREVEAL', sessionName: 'RevealCrossAccount', creationDate: ctx.clock.now() },
  };
  const asAdmin = (context: Record<string, string>) => evaluateTrust(memberRoleArn, trustPolicy, { ...ctx, accountId: adminAccount, principal: adminSession }, [allowAll], context).allowed;
  if (!asAdmin({ 'sts:ExternalId': externalId })) return true;
  if (asAdmin({})) return true;
  const otherAccount = adminAccount === '000000000000' ? '999999999999' : '000000000000';
  const stranger = `arn:aws:iam::${otherAccount}:user/stranger`;
  return evaluateTrust(memberRoleArn, trustPolicy, { ...ctx, accountId: otherAccount, principal: { type: 'IAMUser', accountId: otherAccount, arn: stranger, principalId: 'AIDASTRANGER', userName: 'stranger' } }, [allowAll], { 'sts:ExternalId': externalId }).allowed;
}

export async function checkAvailability(deps: AvailabilityDeps, ctx: RequestContext, finding: Finding, roleArn?: string): Promise<Availability> {
  if (finding.category !== 'CLASSIFICATION' || !finding.classificationDetails) return { reasons: ['UNSUPPORTED_FINDING_TYPE'] };
  const reasons: UnavailabilityReasonCode[] = [];
  const s3Object = finding.resourcesAffected?.s3Object;
  const bucket = s3Object?.bucketArn?.replace(/^arn:aws[a-z-]*:s3:::/, '') ?? finding.resourcesAffected?.s3Bucket?.name;
  const key = s3Object?.key;
  const mimeType = finding.classificationDetails.result?.mimeType ?? '';
  const quota = REVEAL_SIZE_QUOTAS[mimeType];
  if (quota === undefined) reasons.push('UNSUPPORTED_OBJECT_TYPE');
  else if ((s3Object?.size ?? 0) > quota) reasons.push('OBJECT_EXCEEDS_SIZE_QUOTA');

  if (!bucket || !key) reasons.push('OBJECT_UNAVAILABLE');
  else {
    try {
      const head = await (deps.objectStorage ?? deps.storage).headObject(bucket, key);
      if (unquote(head.etag) !== unquote(s3Object?.eTag)) reasons.push('OBJECT_UNAVAILABLE');
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      reasons.push('OBJECT_UNAVAILABLE');
    }
  }

  // The discovery result: in the export bucket, in this Region, signed, with the finding's locations.
  let targets: SampleTarget[] = [];
  const location = /^s3:\/\/([^/]+)\/(.+)$/.exec(finding.classificationDetails.detailedResultsLocation ?? '');
  let resultBucket = '';
  let resultKey = '';
  if (!deps.exportBucket || !location || location[1] === '[export-config-not-set]' || !location[2]!.includes(`/Macie/${ctx.region}/`)) {
    reasons.push('INVALID_CLASSIFICATION_RESULT');
  } else {
    resultBucket = location[1]!;
    resultKey = location[2]!;
    const file = await readAll(deps.storage, resultBucket, resultKey, MAX_RESULT_FILE_BYTES);
    if (!file) reasons.push('INVALID_CLASSIFICATION_RESULT');
    else {
      const signature = deps.signer.verify(file.body, file.metadata);
      if (signature === 'invalid') reasons.push('INVALID_RESULT_SIGNATURE');
      else if (signature === 'unsigned' && deps.settings.retrievalMode === 'ASSUME_ROLE') reasons.push('RESULT_NOT_SIGNED');
      else {
        const records = parseRecords(file.body, finding.id!);
        targets = records ? targetsFromRecords(records) : [];
        if (targets.length === 0) reasons.push('INVALID_CLASSIFICATION_RESULT');
      }
    }
  }

  if (deps.settings.retrievalMode === 'ASSUME_ROLE' && roleArn && deps.roleTrustPolicy && roleTooPermissive(roleArn, deps.roleTrustPolicy, ctx)) {
    reasons.push('ROLE_TOO_PERMISSIVE');
  }
  if (reasons.length) return { reasons: [...new Set(reasons)] };
  return {
    reasons: [],
    plan: { finding, bucket: bucket!, key: key!, eTag: unquote(s3Object?.eTag), ...(s3Object?.size !== undefined ? { size: s3Object.size } : {}), resultBucket, resultKey, targets },
  };
}

/** The records of a gzip JSON Lines result file that belong to the finding; undefined when the file is malformed. */
function parseRecords(body: Buffer, findingId: string): Record<string, any>[] | undefined {
  let text: string;
  try {
    text = gunzipSync(body, { maxOutputLength: 8 * MAX_RESULT_FILE_BYTES }).toString('utf8');
  } catch {
    return undefined;
  }
  const out: Record<string, any>[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (record && typeof record === 'object' && (record as { id?: unknown }).id === findingId) out.push(record as Record<string, any>);
  }
  return out;
}
