// What Sift's EventBridge does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { kind: 'differs', text: 'Partner event buses, archives, replays, global endpoints and schedules answer NotImplemented.' },
  { operation: 'PutPermission', kind: 'differs', text: '`Action` must be `events:PutEvents`; a `Condition` must be `StringEquals` on `aws:PrincipalOrgID` (required with `Principal` `*`); a repeated `StatementId` answers `ResourceAlreadyExistsException`. A `Policy` document is stored as given and evaluated by Sift\'s IAM.' },
  { operation: 'PutEvents', kind: 'differs', text: 'An entry for another account\'s bus in another Region fails with `NotImplemented`; one for a bus the caller may not use, or that does not exist, fails with `AccessDeniedException`.' },
  { operation: 'CreateEventBus', kind: 'not-implemented', text: '`EventSourceName` (partner buses), `KmsKeyIdentifier`, `DeadLetterConfig`, `LogConfig`, `Tags`.' },
  { operation: 'PutEvents', kind: 'differs', text: 'An entry naming a custom bus that does not exist fails with the entry error `InvalidArgument`.' },
  { operation: 'PutTargets', kind: 'not-implemented', text: 'Targets other than SNS topics, CloudWatch Logs log groups and API destinations; `DeadLetterConfig`; the per-service parameters (`SqsParameters`, `EcsParameters`, …).' },
  { operation: 'PutTargets', kind: 'differs', text: 'InputTransformer: a template that is a JSON object is checked as JSON once its placeholders are filled (a placeholder as a key, or broken JSON, answers ValidationException); other templates are text. JsonPaths take the subset EventBridge documents (dot notation, indices, `*`); other syntax answers ValidationException at PutTargets.' },
  { operation: 'PutRule', kind: 'not-implemented', text: '`ScheduleExpression`, `Tags`, and the state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.' },
];
