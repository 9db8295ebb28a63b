// Amazon EventBridge: the registration the gateway serves, the internal API AWS services put their events through,
// Macie's findings publisher, and the pattern language (shared with SNS filter policies).
export * from './pattern/index.js';
export { createEventsRegistration, createEventsProvider, ruleArnOf, eventTime, MAX_EVENT_BYTES, MAX_RULES_PER_BUS, MAX_TARGETS_PER_RULE, MAX_PUT_EVENTS_ENTRIES, MAX_PATTERN_BYTES, type BusEvent, type EventsDeps, type EventsInternal, type EventsRegistration } from './provider.js';
export { createMaciePublisher, PUBLISHING_FREQUENCY_MS, type MaciePublisher } from './macie-publisher.js';
export { compiledPattern, matchRules, type RuleEntry } from './rule-set.js';
