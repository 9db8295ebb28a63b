// Checks a streamed body against the hex SHA-256 the client signed in x-amz-content-sha256 (S3 single PUTs), without
// holding the body: bytes pass through and the comparison happens at the end, failing the stream on a mismatch.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { authErrors, type AuthDialect } from './errors.js';

export class PayloadHashCheck extends Transform {
  private readonly hash = createHash('sha256');
  constructor(
    private readonly expectedHex: string,
    private readonly dialect: AuthDialect,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    const computed = this.hash.digest('hex');
    if (computed !== this.expectedHex) return done(authErrors(this.dialect).contentSha256Mismatch(this.expectedHex, computed));
    done();
  }
}

export function createPayloadHashCheck(expectedHex: string, dialect: AuthDialect): PayloadHashCheck {
  return new PayloadHashCheck(expectedHex, dialect);
}
