// CloudWatch Logs filter patterns: one parser for text, regex, JSON and space-delimited patterns, compiled once
// into a matcher with metric value and dimension extraction.
export { compileFilterPattern, MAX_FILTER_PATTERN_LENGTH, type CompiledPattern, type PatternKind } from './compile.js';
export { FilterPatternError } from './errors.js';
export { parseMetricValue, parseMetricSelector, type MetricValueSpec, type MetricSelector } from './metric.js';
export { MAX_REGEX_PER_PATTERN } from './regex.js';
export { MAX_WILDCARD_SELECTORS } from './json-pattern.js';
