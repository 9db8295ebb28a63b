// CreateBucket's LocationConstraint as S3 judges it against the region the request was sent to (signed for):
// us-east-1 takes no constraint (an explicit "us-east-1" is InvalidLocationConstraint) and accepts any other
// region's; a regional endpoint needs its own region as the constraint, anything else (or none) is
// IllegalLocationConstraintException. Returns the bucket's region.
import { s3Errors } from '../../storage/index.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function bucketRegion(constraint: string | undefined, endpointRegion: string): string {
  if (constraint === undefined) {
    if (endpointRegion !== 'us-east-1') throw s3Errors.illegalLocationConstraint('unspecified', endpointRegion);
    return 'us-east-1';
  }
  const region = constraint === 'EU' ? 'eu-west-1' : constraint;
  if (constraint === 'us-east-1' || !REGION.test(region)) throw s3Errors.invalidLocationConstraint();
  if (endpointRegion !== 'us-east-1' && region !== endpointRegion) throw s3Errors.illegalLocationConstraint(constraint, endpointRegion);
  return region;
}
