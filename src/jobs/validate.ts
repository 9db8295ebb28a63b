// CreateClassificationJob's rules beyond the model's shapes (reference B.1, G): job type vs schedule and
// initialRun, exactly one of bucketDefinitions / bucketCriteria, the keys and comparators each criterion and
// scope term accepts, sampling, identifier selection and Macie's per-job quotas. Pure; throws JobError.
import { invalid } from './errors.js';
import { DAYS_OF_WEEK } from './schedule.js';
import type { CreateJobInput, CriteriaBlockForJob, JobDefinition, JobScopingBlock, TagMap } from './types.js';

export const JOB_LIMITS = Object.freeze({
  maxNameLength: 500,
  maxDescriptionLength: 200,
  maxBucketsPerJob: 1000,
  maxCustomIdentifiersPerJob: 30,
  maxAllowListsPerJob: 10,
  maxTags: 50,
  maxTagKeyLength: 128,
  maxTagValueLength: 256,
});

const CRITERION_VALUES: Record<string, readonly string[] | undefined> = {
  S3_BUCKET_EFFECTIVE_PERMISSION: ['PUBLIC', 'NOT_PUBLIC', 'UNKNOWN'],
  S3_BUCKET_SHARED_ACCESS: ['EXTERNAL', 'INTERNAL', 'NOT_SHARED', 'UNKNOWN'],
};

const SCOPE_COMPARATORS: Record<string, readonly string[]> = {
  OBJECT_EXTENSION: ['EQ', 'NE'],
  OBJECT_KEY: ['STARTS_WITH'],
  OBJECT_LAST_MODIFIED_DATE: ['EQ', 'GT', 'GTE', 'LT', 'LTE', 'NE'],
  OBJECT_SIZE: ['EQ', 'GT', 'GTE', 'LT', 'LTE', 'NE'],
};

const isList = (v: unknown): v is unknown[] => Array.isArray(v);

function checkCriteriaBlock(block: CriteriaBlockForJob | undefined, where: string): void {
  if (block === undefined || block === null) return;
  if (!isList(block.and) || block.and.length === 0) throw invalid(`${where}.and must list at least one condition.`);
  for (const c of block.and) {
    const both = c?.simpleCriterion && c?.tagCriterion;
    if (!c || both || (!c.simpleCriterion && !c.tagCriterion)) throw invalid(`Each condition in ${where} must have exactly one of simpleCriterion or tagCriterion.`);
    if (c.simpleCriterion) {
      const { comparator, key, values } = c.simpleCriterion;
      if (!key || !['ACCOUNT_ID', 'S3_BUCKET_NAME', 'S3_BUCKET_EFFECTIVE_PERMISSION', 'S3_BUCKET_SHARED_ACCESS'].includes(key)) throw invalid(`simpleCriterion.key in ${where} isn't valid: ${String(key)}.`);
      if (comparator !== 'EQ' && comparator !== 'NE') throw invalid(`simpleCriterion.comparator for ${key} must be EQ or NE.`);
      if (!isList(values) || values.length === 0 || values.some((v) => typeof v !== 'string' || v === '')) throw invalid(`simpleCriterion.values for ${key} must list at least one value.`);
      const allowed = CRITERION_VALUES[key];
      const bad = allowed ? values.filter((v) => !allowed.includes(v)) : [];
      if (bad.length) throw invalid(`simpleCriterion.values for ${key} must be among ${allowed!.join(', ')}; got ${bad.join(', ')}.`);
    } else {
      const { comparator, tagValues } = c.tagCriterion!;
      if (comparator !== 'EQ' && comparator !== 'NE') throw invalid(`tagCriterion.comparator must be EQ or NE.`);
      if (!isList(tagValues) || tagValues.length === 0 || tagValues.some((t) => !t || typeof t.key !== 'string' || t.key === '')) {
        throw invalid(`tagCriterion.tagValues must list at least one tag with a key.`);
      }
    }
  }
}

function checkScopingBlock(block: JobScopingBlock | undefined, where: string): void {
  if (block === undefined || block === null) return;
  if (!isList(block.and) || block.and.length === 0) throw invalid(`${where}.and must list at least one term.`);
  for (const t of block.and) {
    if (!t || (t.simpleScopeTerm && t.tagScopeTerm) || (!t.simpleScopeTerm && !t.tagScopeTerm)) throw invalid(`Each term in ${where} must have exactly one of simpleScopeTerm or tagScopeTerm.`);
    if (t.simpleScopeTerm) {
      const { comparator, key, values } = t.simpleScopeTerm;
      const comparators = key ? SCOPE_COMPARATORS[key] : undefined;
      if (!comparators) throw invalid(`simpleScopeTerm.key in ${where} isn't valid: ${String(key)}.`);
      if (!comparator || !comparators.includes(comparator)) throw invalid(`simpleScopeTerm.comparator for ${key} must be ${comparators.join(' or ')}.`);
      if (!isList(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) throw invalid(`simpleScopeTerm.values for ${key} must list at least one value.`);
      if (key === 'OBJECT_SIZE' || key === 'OBJECT_LAST_MODIFIED_DATE') {
        if (values.length !== 1) throw invalid(`simpleScopeTerm.values for ${key} must have exactly one value.`);
        if (key === 'OBJECT_SIZE' && !/^\d+$/.test(values[0]!)) throw invalid(`simpleScopeTerm.values for OBJECT_SIZE must be a whole number of bytes.`);
        if (key === 'OBJECT_LAST_MODIFIED_DATE' && Number.isNaN(Date.parse(values[0]!))) throw invalid(`simpleScopeTerm.values for OBJECT_LAST_MODIFIED_DATE must be an ISO 8601 date.`);
      }
    } else {
      const { comparator, key, tagValues, target } = t.tagScopeTerm!;
      if (comparator !== 'EQ' && comparator !== 'NE') throw invalid(`tagScopeTerm.comparator must be EQ or NE.`);
      if (key !== undefined && key !== 'TAG') throw invalid(`tagScopeTerm.key must be TAG.`);
      if (target !== undefined && target !== 'S3_OBJECT') throw invalid(`tagScopeTerm.target must be S3_OBJECT.`);
      if (!isList(tagValues) || tagValues.length === 0 || tagValues.some((v) => !v || typeof v.key !== 'string' || v.key === '')) throw invalid(`tagScopeTerm.tagValues must list at least one tag with a key.`);
    }
  }
}

export function checkTags(tags: TagMap | undefined): TagMap {
  if (tags === undefined || tags === null) return {};
  if (typeof tags !== 'object' || Array.isArray(tags)) throw invalid('tags must be a map of strings.');
  const entries = Object.entries(tags);
  if (entries.length > JOB_LIMITS.maxTags) throw invalid(`A job can have at most ${JOB_LIMITS.maxTags} tags.`);
  for (const [k, v] of entries) {
    if (k.length === 0 || k.length > JOB_LIMITS.maxTagKeyLength) throw invalid(`Tag keys must be 1-${JOB_LIMITS.maxTagKeyLength} characters.`);
    if (k.toLowerCase().startsWith('aws:')) throw invalid("Tag keys can't start with aws:, which is reserved for use by AWS.");
    if (typeof v !== 'string' || v.length > JOB_LIMITS.maxTagValueLength) throw invalid(`Tag values must be 0-${JOB_LIMITS.maxTagValueLength} characters.`);
  }
  return Object.fromEntries(entries);
}

/** Checks a CreateClassificationJob input and returns the definition to keep. */
export function validateCreateJob(input: CreateJobInput): JobDefinition {
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > JOB_LIMITS.maxNameLength) throw invalid(`name must be 1-${JOB_LIMITS.maxNameLength} characters.`);
  if (input.description !== undefined && input.description !== null && (typeof input.description !== 'string' || input.description.length > JOB_LIMITS.maxDescriptionLength)) {
    throw invalid(`description must be at most ${JOB_LIMITS.maxDescriptionLength} characters.`);
  }
  if (typeof input.clientToken !== 'string' || input.clientToken === '') throw invalid('clientToken is required.');
  if (input.jobType !== 'ONE_TIME' && input.jobType !== 'SCHEDULED') throw invalid(`jobType must be ONE_TIME or SCHEDULED.`);

  const freq = input.scheduleFrequency;
  if (input.jobType === 'ONE_TIME') {
    if (freq) throw invalid('scheduleFrequency can only be specified for a SCHEDULED job.');
    if (input.initialRun !== undefined && input.initialRun !== null) throw invalid('initialRun can only be specified for a SCHEDULED job.');
  } else {
    if (!freq) throw invalid('scheduleFrequency is required for a SCHEDULED job.');
    const kinds = [freq.dailySchedule, freq.weeklySchedule, freq.monthlySchedule].filter((k) => k !== undefined && k !== null);
    if (kinds.length !== 1) throw invalid('scheduleFrequency must have exactly one of dailySchedule, weeklySchedule or monthlySchedule.');
    if (freq.weeklySchedule && !DAYS_OF_WEEK.includes(freq.weeklySchedule.dayOfWeek!)) throw invalid('weeklySchedule.dayOfWeek must be a day of the week, such as MONDAY.');
    if (freq.monthlySchedule) {
      const d = freq.monthlySchedule.dayOfMonth;
      if (!Number.isInteger(d) || d! < 1 || d! > 31) throw invalid('monthlySchedule.dayOfMonth must be an integer from 1 to 31.');
    }
  }

  const def = input.s3JobDefinition;
  if (!def || typeof def !== 'object') throw invalid('s3JobDefinition is required.');
  const hasDefs = def.bucketDefinitions !== undefined && def.bucketDefinitions !== null;
  const hasCriteria = def.bucketCriteria !== undefined && def.bucketCriteria !== null;
  if (hasDefs === hasCriteria) throw invalid('s3JobDefinition must specify either bucketDefinitions or bucketCriteria, not both.');
  if (hasDefs) {
    if (!isList(def.bucketDefinitions) || def.bucketDefinitions.length === 0) throw invalid('bucketDefinitions must list at least one account and its buckets.');
    let total = 0;
    for (const d of def.bucketDefinitions) {
      if (!d || typeof d.accountId !== 'string' || !/^\d{12}$/.test(d.accountId)) throw invalid('Each bucketDefinitions entry needs a 12-digit accountId.');
      if (!isList(d.buckets) || d.buckets.length === 0 || d.buckets.some((b) => typeof b !== 'string' || b === '')) throw invalid(`bucketDefinitions for account ${d.accountId} must list at least one bucket name.`);
      total += d.buckets.length;
    }
    if (total > JOB_LIMITS.maxBucketsPerJob) throw invalid(`A job can analyze at most ${JOB_LIMITS.maxBucketsPerJob} buckets; ${total} were specified.`);
  } else {
    const { includes, excludes } = def.bucketCriteria!;
    if (!includes && !excludes) throw invalid('bucketCriteria must have includes or excludes.');
    checkCriteriaBlock(includes, 'bucketCriteria.includes');
    checkCriteriaBlock(excludes, 'bucketCriteria.excludes');
  }
  if (def.scoping) {
    checkScopingBlock(def.scoping.includes, 'scoping.includes');
    checkScopingBlock(def.scoping.excludes, 'scoping.excludes');
  }

  const sampling = input.samplingPercentage ?? 100;
  if (!Number.isInteger(sampling) || sampling < 1 || sampling > 100) throw invalid('samplingPercentage must be an integer from 1 to 100.');

  const selector = input.managedDataIdentifierSelector;
  const managedIds = input.managedDataIdentifierIds;
  if (selector !== undefined && selector !== null && !['ALL', 'EXCLUDE', 'INCLUDE', 'NONE', 'RECOMMENDED'].includes(selector)) throw invalid(`managedDataIdentifierSelector isn't valid: ${String(selector)}.`);
  if (selector === 'INCLUDE' || selector === 'EXCLUDE') {
    if (!isList(managedIds) || managedIds.length === 0) throw invalid(`managedDataIdentifierIds is required when managedDataIdentifierSelector is ${selector}.`);
  } else if (isList(managedIds) && managedIds.length > 0) {
    throw invalid(`managedDataIdentifierIds can only be specified when managedDataIdentifierSelector is INCLUDE or EXCLUDE.`);
  }
  const customIds = input.customDataIdentifierIds ?? [];
  if (!isList(customIds)) throw invalid('customDataIdentifierIds must be a list.');
  if (selector === 'NONE' && customIds.length === 0) throw invalid('customDataIdentifierIds must list at least one custom data identifier when managedDataIdentifierSelector is NONE.');
  if (customIds.length > JOB_LIMITS.maxCustomIdentifiersPerJob) throw invalid(`A job can use at most ${JOB_LIMITS.maxCustomIdentifiersPerJob} custom data identifiers.`);
  const allowListIds = input.allowListIds ?? [];
  if (!isList(allowListIds)) throw invalid('allowListIds must be a list.');
  if (allowListIds.length > JOB_LIMITS.maxAllowListsPerJob) throw invalid(`A job can use at most ${JOB_LIMITS.maxAllowListsPerJob} allow lists.`);

  return {
    ...(allowListIds.length ? { allowListIds: [...new Set(allowListIds)] } : {}),
    ...(customIds.length ? { customDataIdentifierIds: [...new Set(customIds)] } : {}),
    ...(input.description ? { description: input.description } : {}),
    initialRun: input.jobType === 'SCHEDULED' ? Boolean(input.initialRun) : false,
    ...(managedIds?.length ? { managedDataIdentifierIds: [...new Set(managedIds)] } : {}),
    ...(selector ? { managedDataIdentifierSelector: selector } : {}),
    s3JobDefinition: def,
    samplingPercentage: sampling,
    ...(freq ? { scheduleFrequency: freq } : {}),
  };
}
