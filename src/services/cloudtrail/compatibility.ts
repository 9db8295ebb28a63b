// What Sift's CloudTrail does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { operation: 'CreateTrail', kind: 'not-implemented', text: 'SNS notifications (`SnsTopicName`).' },
  { operation: 'UpdateTrail', kind: 'not-implemented', text: 'SNS notifications (`SnsTopicName`).' },
  { operation: 'CreateTrail', kind: 'differs', text: 'A `KmsKeyId` answers `KmsKeyNotFoundException`: trail files are encrypted with SSE-S3 only. `IsOrganizationTrail` answers `OrganizationsNotInUseException`.' },
  { operation: 'PutEventSelectors', kind: 'differs', text: 'Data events are recorded for `AWS::S3::Object` only; other data resource types, event categories other than Management and Data, and wildcards in advanced selector values answer `InvalidEventSelectorsException`.' },
];
