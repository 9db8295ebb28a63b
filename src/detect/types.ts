/**
 * The data model of the detection engine: managed identifier entries (plain JSON-able data, read by
 * ListManagedDataIdentifiers and by the compiler alike), the scanner's selection and its output.
 */
import type { ValidatorName } from './validators/index.js';

export type ManagedCategory = 'CREDENTIALS' | 'FINANCIAL_INFORMATION' | 'PERSONAL_INFORMATION';
export type DetectionCategory = ManagedCategory | 'CUSTOM_IDENTIFIER';

/** Named character-class gates the prefilter knows how to run natively (prefilter.ts defines each regex). */
export type ShapeGateName = 'cardDigits' | 'ibanPrefix' | 'intlPhone';

/**
 * How a rule that needs no keyword is located cheaply: literal anchors (trufflehog's "keywords") or a named shape.
 * A gate hit at offset p lets the rule's regex try values starting in [p - lookbehind, p].
 */
export interface GateSpec {
  anchors?: readonly string[];
  /** Anchors are case-insensitive unless this is set. */
  caseSensitive?: boolean;
  /** Anchors count only as whole words (no letter or digit right before or after them). */
  wholeWord?: boolean;
  shape?: ShapeGateName;
  /** With a shape: the (case-insensitive) text the shape hit must start with, e.g. an IBAN's country code. */
  shapePrefix?: string;
  /**
   * With cardDigits or ibanPrefix: the fewest characters of the rule's value, counted in the run that starts at the hit
   * (digits, or letters and digits, each optionally followed by one space or hyphen: prefilter.ts runLength, at most 64).
   * Shape hits on shorter runs (dates, times, short reference numbers) open no window, so the rule's regex never runs
   * there. Only sound for a rule whose value starts at the hit and holds that many such characters in such a run.
   */
  minRun?: number;
  lookbehind?: number;
  /**
   * With cardDigits: the candidate pass opens a window only where the rule's regex matches and the match passes the
   * creditCard validator (engine/card-confirm.ts, and the same check in C), so the many card-shaped numbers of ordinary
   * text that fail Luhn or the issuer ranges never reach JavaScript. Only for CARD_NUMBER_PATTERN with the creditCard
   * validator and no lookbehind (compileScanner refuses anything else).
   */
  confirm?: 'cardNumber';
}

/** One way an identifier matches: a regex over the value, an optional checksum, and whether a keyword is needed. */
export interface MatchRule {
  /** JavaScript regex source (flags: global always, plus `i` when caseInsensitive). No capture groups needed. */
  pattern: string;
  caseInsensitive?: boolean;
  keywordRequired: boolean;
  /** Longest value the rule can match (default 256): bounds the text its regex sees around each window. */
  maxLength?: number;
  /**
   * Every match contains a run of at least `min` characters of the ASCII class `chars` (a regex class body, e.g.
   * `A-Za-z0-9/+`): windows of text without such a run skip the regex, which matters for regexes with lookarounds that
   * cost ~40 steps a character (an AWS secret key). engine/run-hint.test.ts checks each hint against its regex.
   */
  run?: { chars: string; min: number };
  /** Required when keywordRequired is false: where the rule's regex is allowed to run. */
  gate?: GateSpec;
  validator?: ValidatorName;
}

export interface IdentifierSpec {
  /** Macie's managed data identifier ID, verbatim. */
  id: string;
  category: ManagedCategory;
  description: string;
  /** ISO 3166 alpha-2 codes, or 'ANY'. */
  countries: readonly string[];
  /** In Macie's RECOMMENDED set (D.5). */
  recommended: boolean;
  keywords: readonly string[];
  /**
   * Keywords that count only as context names (a CSV column, JSON path elements), never in running text: words such as
   * "customer" or "name" that say what a column holds but are everyday words in prose.
   */
  contextKeywords?: readonly string[];
  /** Regex sources that also count as keywords (e.g. an AWS access key id next to a secret key). Case-sensitive. */
  keywordPatterns?: readonly string[];
  /** Max characters between the end of a keyword and the start of the value (Macie: 30 unless documented). */
  keywordDistance?: number;
  rules: readonly MatchRule[];
  /** Documented example/test values never reported (compared with spaces and hyphens removed). */
  ignore?: readonly string[];
  /** Breaks ties between equally long overlapping matches; higher wins (default 0). */
  priority?: number;
  examples: {
    /** Text with the expected value marked as «value» (one or more per text). */
    positive: readonly string[];
    negative: readonly string[];
  };
}

/** Macie's `ManagedDataIdentifierSummary`. */
export interface ManagedDataIdentifierSummary {
  id: string;
  category: ManagedCategory;
}

export interface DetectContext {
  /** Names that count as keywords for every value in the text: a CSV column name, JSON path element names. */
  keywordContext?: string[];
  /**
   * The text is several short texts joined by RECORD_SEPARATOR (U+001E), scanned in one call (CSV cells of a column,
   * JSON values under one path): no keyword reaches across a separator and no value contains one.
   */
  separated?: boolean;
  /**
   * Managed identifiers whose per-file cap is already reached (NAME, ADDRESS: Macie stops counting at 1,000): their
   * rules are not run. Detections past the cap would be dropped anyway; a 20,000-row customer export would otherwise
   * spend most of its time validating names nobody counts.
   */
  skipTypes?: ReadonlySet<string>;
}

/** Joins the texts of a batch (DetectContext.separated). */
export const RECORD_SEPARATOR = '\u001e';

export interface Detection {
  /** Managed identifier ID, or the custom identifier's id. */
  type: string;
  category: DetectionCategory;
  /** UTF-16 offsets into the scanned text. */
  start: number;
  end: number;
  custom?: { id: string; name: string };
}

export interface Scanner {
  scan(text: string, ctx?: DetectContext): Detection[];
}

export type ManagedSelectorType = 'ALL' | 'EXCLUDE' | 'INCLUDE' | 'NONE' | 'RECOMMENDED';

export type SeverityLevelName = 'LOW' | 'MEDIUM' | 'HIGH';

/** Macie's custom data identifier fields that matter for matching (plus id and name for reporting). */
export interface CustomIdentifierSpec {
  id: string;
  name: string;
  regex: string;
  keywords?: string[];
  ignoreWords?: string[];
  maximumMatchDistance?: number;
  severityLevels?: { occurrencesThreshold: number; severity: SeverityLevelName }[];
}

/** Macie's `AllowListCriteria`, with an S3 words list already fetched into `words`. */
export type AllowListSpec = { id?: string; regex: string; words?: undefined } | { id?: string; words: string[]; regex?: undefined };

export interface ScannerSelection {
  managedSelector?: ManagedSelectorType;
  /** The managed identifier IDs for INCLUDE / EXCLUDE (Macie's `managedDataIdentifierIds`). */
  managedIds?: string[];
  custom?: CustomIdentifierSpec[];
  allowLists?: AllowListSpec[];
}
