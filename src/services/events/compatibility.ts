// What Sift's EventBridge does differently from AWS, rendered into docs/compatibility.md (`npm run compatibility`).
import type { KnownDifference } from '../types.js';

export const differences: readonly KnownDifference[] = [
  { kind: 'differs', text: 'Only the default event bus of each account and Region: custom and partner event buses, resource policies, archives, replays, global endpoints and schedules answer NotImplemented.' },
  { operation: 'PutTargets', kind: 'not-implemented', text: 'Targets other than SNS topics, CloudWatch Logs log groups and API destinations; `DeadLetterConfig`; the per-service parameters (`SqsParameters`, `EcsParameters`, …).' },
  { operation: 'PutTargets', kind: 'differs', text: 'InputTransformer: a template that is a JSON object is checked as JSON once its placeholders are filled (a placeholder as a key, or broken JSON, answers ValidationException); other templates are text. JsonPaths take the subset EventBridge documents (dot notation, indices, `*`); other syntax answers ValidationException at PutTargets.' },
  { operation: 'PutRule', kind: 'not-implemented', text: '`ScheduleExpression`, `Tags`, and the state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.' },
];
