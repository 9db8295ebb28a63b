// The one error a filter pattern can raise. The Logs provider turns it into InvalidParameterException.
import { SiftError } from '../../../common/index.js';

export class FilterPatternError extends SiftError {
  /** What is wrong, without the position (the message carries both). */
  readonly detail: string;
  constructor(
    detail: string,
    /** 0-based offset into the pattern (or metric selector) where the problem is. */
    readonly position: number,
  ) {
    super('InvalidFilterPattern', `Invalid filter pattern: ${detail} (at position ${position})`);
    this.name = 'FilterPatternError';
    this.detail = detail;
  }
}
