// Typed errors of the log event engine. The Logs provider maps them to its wire errors (ResourceNotFoundException,
// ResourceAlreadyExistsException, InvalidParameterException).
import { SiftError } from '../../../common/index.js';

export type LogEngineErrorCode =
  | 'LogGroupNotFound'
  | 'LogGroupAlreadyExists'
  | 'LogStreamNotFound'
  | 'LogStreamAlreadyExists'
  | 'InvalidLogEventToken'
  | 'InvalidLogEventBatch'
  | 'InvalidLogEventQuery'
  | 'LogEngineClosed';

export class LogEngineError extends SiftError {
  constructor(
    override readonly code: LogEngineErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'LogEngineError';
  }
}
