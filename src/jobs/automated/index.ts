// Automated sensitive data discovery: settings, the periodic runs, sampling, bucket profiles and scores.
export { AutomatedDiscovery, AUTOMATED_WORK, AUTOMATED_RESULTS_SEGMENT, DEFAULT_AUTOMATED_DISCOVERY_OPTIONS, type AutomatedDiscoveryDeps, type AutomatedDiscoveryOptions } from './runner.js';
export { BucketSampler, topPrefix, type ListedObject, type PreviousAnalysis, type SampleOptions, type SampledObject, type BucketCounts } from './sampling.js';
export { sensitivityScore, type ScoreInputs } from './score.js';
export { computeProfile, ensureProfile, profileRow, recalculate, type BucketKey, type BucketProfile, type ProfileDetection, type ProfileStatistics, type StoredDetections } from './profile.js';
export {
  AUTOMATED_DISCOVERY_NAME, deleteAutomatedDiscoveryData, ensureConfig, excludedBuckets, findConfig, memberStatuses, setMemberStatus, templateById, templateSelection,
  type AutomatedConfig, type InspectionTemplate, type TemplateSelection,
} from './settings.js';
