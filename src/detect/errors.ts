// Typed errors of the detection engine. Each code is stable (listed in docs/errors.md by the lead).
import { SiftError } from '../common/errors.js';

export type DetectErrorCode = 'InvalidCustomDataIdentifier' | 'InvalidAllowList' | 'InvalidScannerSelection';

export class DetectError extends SiftError {
  constructor(
    override readonly code: DetectErrorCode,
    message: string,
    /** The input member at fault (`regex`, `keywords`, `managedDataIdentifierIds`, …). */
    readonly field: string,
  ) {
    super(code, message);
    this.name = 'DetectError';
  }
}
