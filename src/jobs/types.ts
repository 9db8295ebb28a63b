// The jobs part's view of a classification job. Wire shapes are the generated model's (never retyped here); the
// domain types below are what the jobs part keeps, and its outputs are checked against the model's output shapes.
import type * as M from '../models/macie2/index.js';

export type JobStatus = M.JobStatus;
export type JobType = M.JobType;
export type JobComparator = M.JobComparator;
export type DayOfWeek = M.DayOfWeek;
export type ManagedSelector = M.ManagedDataIdentifierSelector;
export type TagMap = M.TagMap;
export type SimpleCriterionForJob = M.SimpleCriterionForJob;
export type TagCriterionForJob = M.TagCriterionForJob;
export type CriteriaForJob = M.CriteriaForJob;
export type CriteriaBlockForJob = M.CriteriaBlockForJob;
export type S3BucketCriteriaForJob = M.S3BucketCriteriaForJob;
export type S3BucketDefinitionForJob = M.S3BucketDefinitionForJob;
export type SimpleScopeTerm = M.SimpleScopeTerm;
export type TagScopeTerm = M.TagScopeTerm;
export type JobScopeTerm = M.JobScopeTerm;
export type JobScopingBlock = M.JobScopingBlock;
export type Scoping = M.Scoping;
export type S3JobDefinition = M.S3JobDefinition;
export type JobScheduleFrequency = M.JobScheduleFrequency;

/** CreateClassificationJob's input, as the model defines it. */
export type CreateJobInput = M.CreateClassificationJobRequest;

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

export type ListJobsInput = M.ListClassificationJobsRequest;

// Outputs must stay assignable to the model's shapes.
type Assignable<T extends U, U> = T;
export type CheckedOutputs = [Assignable<JobDescription, M.DescribeClassificationJobResponse>, Assignable<JobSummary, M.JobSummary>];
