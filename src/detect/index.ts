// Public API of the detection engine (DESIGN.md: detect/ is pure — no I/O, no clock).
export type {
  AllowListSpec, CustomIdentifierSpec, DetectContext, Detection, DetectionCategory, GateSpec, IdentifierSpec,
  ManagedCategory, ManagedDataIdentifierSummary, ManagedSelectorType, MatchRule, Scanner, ScannerSelection,
  SeverityLevelName, ShapeGateName,
} from './types.js';
export { RECORD_SEPARATOR } from './types.js';
export { compileScanner, selectManagedIdentifiers } from './engine/compile.js';
export { largeTextMaker } from './engine/native.js';
export { DEFAULT_KEYWORD_DISTANCE } from './engine/proximity.js';
export { getManagedIdentifier, listManagedDataIdentifiers, managedIdentifiers, RECOMMENDED_IDS } from './catalog/index.js';
export {
  CUSTOM_LIMITS, compileCustomIdentifier, customSeverityFor, testCustomDataIdentifier, validateCustomDataIdentifier,
  type CompiledCustomIdentifier,
} from './custom.js';
export { compileAllowLists, MAX_ALLOW_LIST_WORDS, MAX_ALLOW_LIST_WORD_LENGTH, type CompiledAllowLists } from './allow-list.js';
export { DetectError, type DetectErrorCode } from './errors.js';
export { MAX_REGEX_LENGTH } from './regex-rules.js';
export { detectionCapPerFile } from './caps.js';
export { validators, type ValidatorName } from './validators/index.js';
