// The jobs part's own view of a classification job. The shapes mirror Macie's wire shapes member for member (the
// part may not import the models), so the macie2 provider passes its typed input straight through.

export type JobStatus = 'RUNNING' | 'PAUSED' | 'CANCELLED' | 'COMPLETE' | 'IDLE' | 'USER_PAUSED';
export type JobType = 'ONE_TIME' | 'SCHEDULED';
export type JobComparator = 'EQ' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'NE' | 'CONTAINS' | 'STARTS_WITH';
export type DayOfWeek = 'SUNDAY' | 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY';
export type ManagedSelector = 'ALL' | 'EXCLUDE' | 'INCLUDE' | 'NONE' | 'RECOMMENDED';
export type TagMap = Record<string, string>;

export interface SimpleCriterionForJob {
  comparator?: JobComparator;
  key?: 'ACCOUNT_ID' | 'S3_BUCKET_NAME' | 'S3_BUCKET_EFFECTIVE_PERMISSION' | 'S3_BUCKET_SHARED_ACCESS';
  values?: string[];
}
export interface TagCriterionForJob {
  comparator?: JobComparator;
  tagValues?: Array<{ key?: string; value?: string }>;
}
export interface CriteriaForJob {
  simpleCriterion?: SimpleCriterionForJob;
  tagCriterion?: TagCriterionForJob;
}
export interface CriteriaBlockForJob {
  and?: CriteriaForJob[];
}
export interface S3BucketCriteriaForJob {
  excludes?: CriteriaBlockForJob;
  includes?: CriteriaBlockForJob;
}
export interface S3BucketDefinitionForJob {
  accountId: string;
  buckets: string[];
}
export interface SimpleScopeTerm {
  comparator?: JobComparator;
  key?: 'OBJECT_EXTENSION' | 'OBJECT_LAST_MODIFIED_DATE' | 'OBJECT_SIZE' | 'OBJECT_KEY';
  values?: string[];
}
export interface TagScopeTerm {
  comparator?: JobComparator;
  key?: string;
  tagValues?: Array<{ key?: string; value?: string }>;
  target?: 'S3_OBJECT';
}
export interface JobScopeTerm {
  simpleScopeTerm?: SimpleScopeTerm;
  tagScopeTerm?: TagScopeTerm;
}
export interface JobScopingBlock {
  and?: JobScopeTerm[];
}
export interface Scoping {
  excludes?: JobScopingBlock;
  includes?: JobScopingBlock;
}
export interface S3JobDefinition {
  bucketCriteria?: S3BucketCriteriaForJob;
  bucketDefinitions?: S3BucketDefinitionForJob[];
  scoping?: Scoping;
}
export interface JobScheduleFrequency {
  dailySchedule?: object;
  monthlySchedule?: { dayOfMonth?: number };
  weeklySchedule?: { dayOfWeek?: DayOfWeek };
}

/** CreateClassificationJob's input as the jobs part takes it. */
export interface CreateJobInput {
  allowListIds?: string[];
  clientToken: string;
  customDataIdentifierIds?: string[];
  description?: string;
  initialRun?: boolean;
  jobType: JobType;
  managedDataIdentifierIds?: string[];
  managedDataIdentifierSelector?: ManagedSelector;
  name: string;
  s3JobDefinition: S3JobDefinition;
  samplingPercentage?: number;
  scheduleFrequency?: JobScheduleFrequency;
  tags?: TagMap;
}

/** What is kept of a job's definition (everything the user set, minus name, tags and token). */
export interface JobDefinition {
  allowListIds?: string[];
  customDataIdentifierIds?: string[];
  description?: string;
  initialRun: boolean;
  managedDataIdentifierIds?: string[];
  managedDataIdentifierSelector?: ManagedSelector;
  s3JobDefinition: S3JobDefinition;
  samplingPercentage: number;
  scheduleFrequency?: JobScheduleFrequency;
}

/** Where a job lives and who owns it. */
export interface JobScope {
  accountId: string;
  region: string;
}

export interface Job {
  jobId: string;
  jobArn: string;
  accountId: string;
  region: string;
  name: string;
  clientToken: string;
  jobType: JobType;
  status: JobStatus;
  definition: JobDefinition;
  tags: TagMap;
  createdAt: Date;
  lastRunTime?: Date;
  lastRunError: boolean;
  pausedAt?: Date;
  nextRunAt?: Date;
  numberOfRuns: number;
  currentRunId?: string;
}

/** DescribeClassificationJob's view of a job (Macie's member names). */
export interface JobDescription {
  allowListIds?: string[];
  clientToken: string;
  createdAt: Date;
  customDataIdentifierIds?: string[];
  description?: string;
  initialRun: boolean;
  jobArn: string;
  jobId: string;
  jobStatus: JobStatus;
  jobType: JobType;
  lastRunErrorStatus: { code: 'NONE' | 'ERROR' };
  lastRunTime?: Date;
  managedDataIdentifierIds?: string[];
  managedDataIdentifierSelector?: ManagedSelector;
  name: string;
  s3JobDefinition: S3JobDefinition;
  samplingPercentage: number;
  scheduleFrequency?: JobScheduleFrequency;
  statistics: { approximateNumberOfObjectsToProcess: number; numberOfRuns: number };
  tags: TagMap;
  userPausedDetails?: { jobExpiresAt: Date; jobPausedAt: Date; jobImminentExpirationHealthEventArn?: string };
}

export interface JobSummary {
  bucketCriteria?: S3BucketCriteriaForJob;
  bucketDefinitions?: S3BucketDefinitionForJob[];
  createdAt: Date;
  jobId: string;
  jobStatus: JobStatus;
  jobType: JobType;
  lastRunErrorStatus: { code: 'NONE' | 'ERROR' };
  name: string;
  userPausedDetails?: JobDescription['userPausedDetails'];
}

export interface ListJobsInput {
  filterCriteria?: {
    excludes?: Array<{ comparator?: JobComparator; key?: 'jobType' | 'jobStatus' | 'createdAt' | 'name'; values?: string[] }>;
    includes?: Array<{ comparator?: JobComparator; key?: 'jobType' | 'jobStatus' | 'createdAt' | 'name'; values?: string[] }>;
  };
  maxResults?: number;
  nextToken?: string;
  sortCriteria?: { attributeName?: 'createdAt' | 'jobStatus' | 'name' | 'jobType'; orderBy?: 'ASC' | 'DESC' };
}
