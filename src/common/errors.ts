// The base of Sift's internal (non-wire) errors. Each has a stable code listed in docs/errors.md.
export class SiftError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SiftError';
  }
}

/**
 * An error that crosses the wire: a modelled AWS error (generated classes extend this) or one of the
 * protocol-level errors (SignatureDoesNotMatch, …). The protocol layer serializes it in each dialect.
 */
export class ServiceError extends Error {
  /** Extra members serialized into the error body beside the message (model error members). */
  readonly fields: Record<string, unknown>;
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
    readonly fault: 'client' | 'server' = 'client',
    fields: Record<string, unknown> = {},
    /** The model's shape name when it differs from the wire code (IAM `NoSuchEntityException` → `NoSuchEntity`). */
    readonly shape: string = code,
  ) {
    super(message);
    this.name = code;
    this.fields = fields;
  }
}

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof ServiceError;
}
