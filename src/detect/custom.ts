/**
 * Custom data identifiers (Macie F.6, G) on RE2: validation with Macie's limits, compilation, matching with keyword
 * proximity and ignore words, TestCustomDataIdentifier's match count, and the severity a match count earns (E.4).
 *
 * Matching: when keywords are given, a match counts only if a keyword (case-insensitive; spaces, `_` and `-`
 * interchangeable) ends before the match starts and at most `maximumMatchDistance` characters before the match ends,
 * or a context name (column / JSON path element) contains a keyword. A match containing an ignore word
 * (case-sensitive) is dropped.
 */
import type RE2 from 're2';
import type { CustomIdentifierSpec, SeverityLevelName } from './types.js';
import { DetectError } from './errors.js';
import { compileUserRegex } from './regex-rules.js';
import { contextHasKeyword, keywordRegexSource } from './engine/proximity.js';

export const CUSTOM_LIMITS = Object.freeze({
  maxNameLength: 128,
  maxKeywords: 50,
  keywordLength: [3, 90] as const,
  maxIgnoreWords: 10,
  ignoreWordLength: [4, 90] as const,
  matchDistance: [1, 300] as const,
  defaultMatchDistance: 50,
  maxSeverityLevels: 3,
  maxSampleTextLength: 1000,
});

const severityOrder: Record<SeverityLevelName, number> = { LOW: 0, MEDIUM: 1, HIGH: 2 };
const invalid = (message: string, field: string): DetectError => new DetectError('InvalidCustomDataIdentifier', message, field);

function checkWords(words: unknown, field: string, max: number, [min, maxLen]: readonly [number, number]): string[] {
  if (words === undefined || words === null) return [];
  if (!Array.isArray(words)) throw invalid(`${field} must be a list of strings.`, field);
  if (words.length > max) throw invalid(`${field} can contain at most ${max} entries.`, field);
  for (const w of words) {
    if (typeof w !== 'string' || w.length < min || w.length > maxLen) {
      throw invalid(`Each entry of ${field} must be ${min}–${maxLen} characters.`, field);
    }
  }
  return words as string[];
}

/** Validate a custom identifier as CreateCustomDataIdentifier does; returns the compiled RE2 regex. */
export function validateCustomDataIdentifier(spec: Omit<CustomIdentifierSpec, 'id' | 'name'> & { name?: string }): RE2 {
  if (spec.name !== undefined && (spec.name.length === 0 || spec.name.length > CUSTOM_LIMITS.maxNameLength)) {
    throw invalid(`name must be 1–${CUSTOM_LIMITS.maxNameLength} characters.`, 'name');
  }
  checkWords(spec.keywords, 'keywords', CUSTOM_LIMITS.maxKeywords, CUSTOM_LIMITS.keywordLength);
  checkWords(spec.ignoreWords, 'ignoreWords', CUSTOM_LIMITS.maxIgnoreWords, CUSTOM_LIMITS.ignoreWordLength);
  const d = spec.maximumMatchDistance;
  if (d !== undefined && d !== null) {
    const [lo, hi] = CUSTOM_LIMITS.matchDistance;
    if (!Number.isInteger(d) || d < lo || d > hi) throw invalid(`maximumMatchDistance must be an integer from ${lo} to ${hi}.`, 'maximumMatchDistance');
  }
  const levels = spec.severityLevels;
  if (levels !== undefined && levels !== null) {
    if (!Array.isArray(levels) || levels.length > CUSTOM_LIMITS.maxSeverityLevels) {
      throw invalid(`severityLevels can contain at most ${CUSTOM_LIMITS.maxSeverityLevels} entries.`, 'severityLevels');
    }
    for (const l of levels) {
      if (!(l.severity in severityOrder)) throw invalid('severity must be LOW, MEDIUM or HIGH.', 'severityLevels');
      if (!Number.isInteger(l.occurrencesThreshold) || l.occurrencesThreshold < 1) {
        throw invalid('occurrencesThreshold must be a positive integer.', 'severityLevels');
      }
    }
    const sorted = [...levels].sort((a, b) => a.occurrencesThreshold - b.occurrencesThreshold);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].occurrencesThreshold === sorted[i - 1].occurrencesThreshold || severityOrder[sorted[i].severity] <= severityOrder[sorted[i - 1].severity]) {
        throw invalid('Each severity level needs its own threshold, and thresholds must rise from LOW to MEDIUM to HIGH.', 'severityLevels');
      }
    }
  }
  return compileUserRegex(spec.regex, 'InvalidCustomDataIdentifier', 'regex', 'g');
}

export interface CompiledCustomIdentifier {
  id: string;
  name: string;
  /** [start, end) UTF-16 pairs of reported matches, in text order. `contextTokens` are the tokenized context names. */
  match(text: string, contextTokens?: readonly (readonly string[])[], limit?: number): Array<[number, number]>;
}

export function compileCustomIdentifier(spec: CustomIdentifierSpec): CompiledCustomIdentifier {
  const re = validateCustomDataIdentifier(spec);
  const keywords = spec.keywords ?? [];
  const ignoreWords = spec.ignoreWords ?? [];
  const distance = spec.maximumMatchDistance ?? CUSTOM_LIMITS.defaultMatchDistance;
  const keywordRe = keywords.length > 0 ? new RegExp(keywords.map(keywordRegexSource).join('|'), 'gi') : undefined;

  return {
    id: spec.id,
    name: spec.name,
    match(text, contextTokens = [], limit = Number.MAX_SAFE_INTEGER) {
      const out: Array<[number, number]> = [];
      const needKeyword = keywordRe !== undefined && !keywords.some((k) => contextHasKeyword(contextTokens, k));
      let keywordEnds: number[] = [];
      if (needKeyword) {
        keywordEnds = [];
        keywordRe.lastIndex = 0;
        let k: RegExpExecArray | null;
        while ((k = keywordRe.exec(text)) !== null) {
          keywordEnds.push(k.index + k[0].length);
          keywordRe.lastIndex = k.index + 1;
        }
        if (keywordEnds.length === 0) return out;
        keywordEnds.sort((a, b) => a - b);
      }
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      let ki = 0;
      while (out.length < limit && (m = re.exec(text)) !== null) {
        const start = m.index;
        const end = start + m[0].length;
        if (m[0].length === 0) {
          re.lastIndex = start + 1;
          continue;
        }
        if (needKeyword) {
          // The latest keyword ending at or before the match start decides (it is the closest one).
          while (ki + 1 < keywordEnds.length && keywordEnds[ki + 1] <= start) ki++;
          const kEnd = keywordEnds[ki];
          if (kEnd > start || end - kEnd > distance) continue;
        }
        if (ignoreWords.some((w) => m![0].includes(w))) continue;
        out.push([start, end]);
      }
      return out;
    },
  };
}

/** TestCustomDataIdentifier: how many matches the identifier reports in the sample text. */
export function testCustomDataIdentifier(
  spec: Omit<CustomIdentifierSpec, 'id' | 'name'>,
  sampleText: string,
): number {
  if (typeof sampleText !== 'string' || sampleText.length === 0 || sampleText.length > CUSTOM_LIMITS.maxSampleTextLength) {
    throw invalid(`sampleText must be 1–${CUSTOM_LIMITS.maxSampleTextLength} characters.`, 'sampleText');
  }
  return compileCustomIdentifier({ ...spec, id: 'test', name: 'test' }).match(sampleText).length;
}

/**
 * The severity a custom identifier's match count earns (E.4): MEDIUM for any match without severityLevels;
 * otherwise the level with the highest threshold ≤ count, or undefined (no finding) below the lowest threshold.
 */
export function customSeverityFor(levels: CustomIdentifierSpec['severityLevels'], count: number): SeverityLevelName | undefined {
  if (count < 1) return undefined;
  if (!levels || levels.length === 0) return 'MEDIUM';
  let best: SeverityLevelName | undefined;
  let bestThreshold = -1;
  for (const l of levels) {
    if (l.occurrencesThreshold <= count && l.occurrencesThreshold > bestThreshold) {
      best = l.severity;
      bestThreshold = l.occurrencesThreshold;
    }
  }
  return best;
}
