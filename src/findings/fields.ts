// The finding fields that FindingCriteria, SortCriteria and GetFindingStatistics name, and where each one lives in
// the store: a column of its own (the fields people filter and sort on most), a row per value in the term index
// (list-valued fields: detection types, categories, custom identifiers, tags), or the stored Finding JSON (the
// rest). Names are the Finding's JSON dot-paths; the short names Macie's docs use for list fields are aliases.

export type FieldKind = 'string' | 'number' | 'boolean' | 'date';

export type FieldStorage =
  | { in: 'column'; column: ColumnName; nullable?: boolean }
  | { in: 'terms' }
  | { in: 'json'; path: string[] };

export type ColumnName =
  | 'id' | 'account_id' | 'resource_account_id' | 'region' | 'type' | 'category' | 'severity_description' | 'severity_score' | 'created_at'
  | 'updated_at' | 'archived' | 'sample' | 'count' | 'job_id' | 'origin_type' | 'bucket_name' | 'object_key'
  | 'resource_path' | 'first_seen' | 'last_seen';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  storage: FieldStorage;
  /** eqExactMatch is allowed (Macie allows it on these list-valued fields only). */
  exactMatch?: boolean;
  /** For term fields: the short, stable code stored in the term index instead of the long name. */
  termCode?: string;
}

const col = (name: string, kind: FieldKind, column: ColumnName, nullable = false): FieldSpec => ({ name, kind, storage: { in: 'column', column, nullable } });
const term = (name: string, termCode: string): FieldSpec => ({ name, kind: 'string', storage: { in: 'terms' }, exactMatch: true, termCode });
const json = (name: string, kind: FieldKind): FieldSpec => ({ name, kind, storage: { in: 'json', path: name.split('.') } });

const CD = 'classificationDetails';
const RESULT = `${CD}.result`;
const ACTOR = 'policyDetails.actor';
const UID = `${ACTOR}.userIdentity`;
const BUCKET = 'resourcesAffected.s3Bucket';
const OBJECT = 'resourcesAffected.s3Object';

export const FIELD_SPECS: readonly FieldSpec[] = Object.freeze([
  col('id', 'string', 'id'),
  col('accountId', 'string', 'resource_account_id'),
  col('region', 'string', 'region'),
  col('type', 'string', 'type'),
  col('category', 'string', 'category'),
  col('severity.description', 'string', 'severity_description'),
  col('severity.score', 'number', 'severity_score'),
  col('createdAt', 'date', 'created_at'),
  col('updatedAt', 'date', 'updated_at'),
  col('archived', 'boolean', 'archived'),
  col('sample', 'boolean', 'sample'),
  col('count', 'number', 'count'),
  col(`${CD}.jobId`, 'string', 'job_id', true),
  col(`${CD}.originType`, 'string', 'origin_type', true),
  col(`${BUCKET}.name`, 'string', 'bucket_name', true),
  col(`${OBJECT}.key`, 'string', 'object_key', true),
  col('policyDetails.action.apiCallDetails.firstSeen', 'date', 'first_seen', true),
  col('policyDetails.action.apiCallDetails.lastSeen', 'date', 'last_seen', true),
  json('partition', 'string'),
  json('title', 'string'),
  json(`${CD}.jobArn`, 'string'),
  json(`${CD}.detailedResultsLocation`, 'string'),
  json(`${RESULT}.mimeType`, 'string'),
  json(`${RESULT}.sizeClassified`, 'number'),
  json(`${RESULT}.additionalOccurrences`, 'boolean'),
  json(`${RESULT}.status.code`, 'string'),
  json(`${RESULT}.status.reason`, 'string'),
  json(`${RESULT}.customDataIdentifiers.totalCount`, 'number'),
  term(`${RESULT}.sensitiveData.category`, 'sd.category'),
  term(`${RESULT}.sensitiveData.detections.type`, 'sd.type'),
  term(`${RESULT}.customDataIdentifiers.detections.arn`, 'cdi.arn'),
  term(`${RESULT}.customDataIdentifiers.detections.name`, 'cdi.name'),
  json('policyDetails.action.actionType', 'string'),
  json('policyDetails.action.apiCallDetails.api', 'string'),
  json('policyDetails.action.apiCallDetails.apiServiceName', 'string'),
  json(`${ACTOR}.domainDetails.domainName`, 'string'),
  json(`${ACTOR}.ipAddressDetails.ipAddressV4`, 'string'),
  json(`${ACTOR}.ipAddressDetails.ipCity.name`, 'string'),
  json(`${ACTOR}.ipAddressDetails.ipCountry.code`, 'string'),
  json(`${ACTOR}.ipAddressDetails.ipCountry.name`, 'string'),
  json(`${ACTOR}.ipAddressDetails.ipOwner.asn`, 'string'),
  json(`${ACTOR}.ipAddressDetails.ipOwner.asnOrg`, 'string'),
  json(`${ACTOR}.ipAddressDetails.ipOwner.isp`, 'string'),
  json(`${ACTOR}.ipAddressDetails.ipOwner.org`, 'string'),
  json(`${UID}.type`, 'string'),
  ...['accessKeyId', 'accountId', 'arn', 'principalId'].flatMap((m) => [
    json(`${UID}.assumedRole.${m}`, 'string'),
    json(`${UID}.federatedUser.${m}`, 'string'),
  ]),
  json(`${UID}.assumedRole.sessionContext.sessionIssuer.arn`, 'string'),
  json(`${UID}.assumedRole.sessionContext.sessionIssuer.userName`, 'string'),
  json(`${UID}.awsAccount.accountId`, 'string'),
  json(`${UID}.awsAccount.principalId`, 'string'),
  json(`${UID}.awsService.invokedBy`, 'string'),
  json(`${UID}.iamUser.accountId`, 'string'),
  json(`${UID}.iamUser.arn`, 'string'),
  json(`${UID}.iamUser.principalId`, 'string'),
  json(`${UID}.iamUser.userName`, 'string'),
  json(`${UID}.root.accountId`, 'string'),
  json(`${UID}.root.arn`, 'string'),
  json(`${UID}.root.principalId`, 'string'),
  json(`${BUCKET}.allowsUnencryptedObjectUploads`, 'string'),
  json(`${BUCKET}.arn`, 'string'),
  json(`${BUCKET}.createdAt`, 'date'),
  json(`${BUCKET}.defaultServerSideEncryption.encryptionType`, 'string'),
  json(`${BUCKET}.defaultServerSideEncryption.kmsMasterKeyId`, 'string'),
  json(`${BUCKET}.owner.displayName`, 'string'),
  json(`${BUCKET}.owner.id`, 'string'),
  json(`${BUCKET}.publicAccess.effectivePermission`, 'string'),
  term(`${BUCKET}.tags.key`, 'bucket.tag.key'),
  term(`${BUCKET}.tags.value`, 'bucket.tag.value'),
  json(`${OBJECT}.bucketArn`, 'string'),
  json(`${OBJECT}.eTag`, 'string'),
  json(`${OBJECT}.extension`, 'string'),
  json(`${OBJECT}.lastModified`, 'date'),
  json(`${OBJECT}.path`, 'string'),
  json(`${OBJECT}.publicAccess`, 'boolean'),
  json(`${OBJECT}.serverSideEncryption.encryptionType`, 'string'),
  json(`${OBJECT}.serverSideEncryption.kmsMasterKeyId`, 'string'),
  json(`${OBJECT}.size`, 'number'),
  json(`${OBJECT}.storageClass`, 'string'),
  json(`${OBJECT}.versionId`, 'string'),
  term(`${OBJECT}.tags.key`, 'object.tag.key'),
  term(`${OBJECT}.tags.value`, 'object.tag.value'),
]);

const byName = new Map(FIELD_SPECS.map((f) => [f.name, f]));
// Macie's docs name the list fields without their classificationDetails.result prefix; both spellings work.
for (const f of FIELD_SPECS) {
  if (f.name.startsWith(`${RESULT}.`)) byName.set(f.name.slice(RESULT.length + 1), f);
}

export function fieldSpec(name: string): FieldSpec | undefined {
  return byName.get(name);
}

/** The fields whose values are kept in the term index. */
export const TERM_FIELDS: readonly FieldSpec[] = FIELD_SPECS.filter((f) => f.storage.in === 'terms');

/** Every value of a dot-path in a JSON value, flattening arrays on the way (tags.key → every tag's key). */
export function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [value];
  for (const step of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || v === undefined) continue;
      const child = (v as Record<string, unknown>)[step];
      if (Array.isArray(child)) next.push(...child);
      else if (child !== undefined && child !== null) next.push(child);
    }
    current = next.flatMap((v) => (Array.isArray(v) ? v : [v]));
  }
  return current;
}
