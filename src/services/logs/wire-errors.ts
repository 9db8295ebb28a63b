/**
 * The Logs service's wire errors in AWS's words, and the mapping of the engine's and the filter parser's typed
 * errors onto them. Anything else propagates (the gateway turns it into an internal error).
 */
import { errors } from '../../models/logs/index.js';
import { LogEngineError } from './engine/index.js';
import { FilterPatternError } from './filter-pattern/index.js';

export const groupNotFound = () => new errors.ResourceNotFoundException('The specified log group does not exist.');
export const streamNotFound = () => new errors.ResourceNotFoundException('The specified log stream does not exist.');
export const groupExists = () => new errors.ResourceAlreadyExistsException('The specified log group already exists');
export const streamExists = () => new errors.ResourceAlreadyExistsException('The specified log stream already exists');
export const invalidParameter = (message: string) => new errors.InvalidParameterException(message);
export const invalidToken = () => new errors.InvalidParameterException('The specified nextToken is not valid.');

/** Rethrows engine and pattern errors as the wire errors AWS uses for them. */
export function toWireError(err: unknown): unknown {
  if (err instanceof LogEngineError) {
    switch (err.code) {
      case 'LogGroupNotFound':
        return groupNotFound();
      case 'LogStreamNotFound':
        return streamNotFound();
      case 'LogGroupAlreadyExists':
        return groupExists();
      case 'LogStreamAlreadyExists':
        return streamExists();
      case 'InvalidLogEventToken':
      case 'InvalidLogEventBatch':
      case 'InvalidLogEventQuery':
        return invalidParameter(err.message);
      case 'LogEngineClosed':
        return new errors.ServiceUnavailableException('The service is shutting down.');
    }
  }
  if (err instanceof FilterPatternError) return invalidParameter(err.message);
  return err;
}

/** Runs `fn`, mapping engine and pattern errors to wire errors. */
export async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toWireError(err);
  }
}
