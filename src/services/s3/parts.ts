// GET and HEAD with ?partNumber=N: the bytes of one part of a multipart object, answered 206 with Content-Range and
// x-amz-mp-parts-count, as S3 does. An object uploaded in one piece has one part, the whole object.
import { ServiceError } from '../../common/index.js';
import { s3Errors, type ByteRange, type StoredObject } from '../../storage/index.js';

const invalidPartNumber = (requested: number, actual: number) =>
  new ServiceError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, 'client', { PartNumberRequested: requested, ActualPartCount: actual });

export function partRange(obj: StoredObject, partNumber: number, range: string | undefined): ByteRange | undefined {
  if (range !== undefined) throw s3Errors.invalidRequest('Cannot specify both Range header and partNumber query parameter');
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(partNumber));
  }
  const parts = obj.partsCount ? obj.segments.map((s) => s.n) : [obj.size];
  if (partNumber > parts.length) throw invalidPartNumber(partNumber, parts.length);
  const start = parts.slice(0, partNumber - 1).reduce((a, b) => a + b, 0);
  const size = parts[partNumber - 1]!;
  return size === 0 ? undefined : { start, end: start + size - 1 };
}
