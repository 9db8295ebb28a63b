// The jobs part's typed errors. The macie2 provider turns each kind into Macie's modelled error of the same meaning
// (validation → ValidationException, notFound → ResourceNotFoundException, conflict → ConflictException,
// quota → ServiceQuotaExceededException).
import { SiftError } from '../common/index.js';

export type JobErrorKind = 'validation' | 'notFound' | 'conflict' | 'quota';

export class JobError extends SiftError {
  constructor(
    readonly kind: JobErrorKind,
    message: string,
  ) {
    super(`JOB_${kind.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase()}`, message);
    this.name = 'JobError';
  }
}

export const invalid = (message: string) => new JobError('validation', message);
export const jobNotFound = (jobId: string) => new JobError('notFound', `The classification job ${jobId} doesn't exist or isn't available in this account and Region.`);
