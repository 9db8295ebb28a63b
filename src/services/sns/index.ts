// Amazon SNS: the registration the gateway serves, and the internal API CloudWatch alarms and EventBridge publish through.
export { createSnsRegistration, createSnsProvider, defaultTopicPolicy, topicArnOf, MAX_MESSAGE_BYTES, MAX_SUBJECT_CHARS, MAX_TOPICS_PER_ACCOUNT, type SnsInternal, type SnsRegistration, type SnsDeps, type HttpDelivery } from './provider.js';
export { stringToSign } from './signing.js';
export { DEFAULT_RETRY_POLICY, retryDelaySeconds } from './delivery-policy.js';
