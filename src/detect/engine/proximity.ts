/**
 * Keyword proximity as Macie defines it for managed identifiers: a keyword counts when it ends at most
 * `keywordDistance` (default 30) characters before the value starts; matching is case-insensitive and a space in a
 * keyword also matches `_`, `-` or nothing. Names given as context (a CSV column, JSON path elements) satisfy a
 * keyword for every value under them.
 *
 * Word edges: a keyword must start at a word edge; short keywords (≤ 4 characters, e.g. `ssn`, `dob`, `pan`) must
 * also end at one, while longer ones may run on (`passport` matches `passportNumber`, `credit card` matches
 * `credit cards`), which is how Macie's "expanded variants" behave for common suffixes.
 */

export const DEFAULT_KEYWORD_DISTANCE = 30;

/** The key a keyword and any text that matches it share: lower case, spaces, `_` and `-` removed. */
export function normalizeKeyword(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const isWordChar = (c: string): boolean => /[A-Za-z0-9_\u00C0-\u024F]/.test(c);

/** Regex source (for a case-insensitive regex) that finds `keyword` in text under the rules above. */
export function keywordRegexSource(keyword: string): string {
  const k = keyword.trim().toLowerCase();
  const body = k
    .split(/[\s_-]+/)
    .map(escapeRegex)
    .join('[ _-]?');
  const lead = isWordChar(k[0]) ? '(?<![A-Za-z0-9])' : '';
  const trail = isWordChar(k[k.length - 1]) && normalizeKeyword(k).length <= 4 ? '(?![A-Za-z0-9])' : '';
  return lead + body + trail;
}

/** Split a context name into lower-case tokens at non-alphanumerics and camelCase boundaries. */
export function contextTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9\u00C0-\u024F#.]+/)
    .filter((t) => t.length > 0);
}

/**
 * Whether `keyword` appears in the context names: its normalized form equals the concatenation of consecutive
 * tokens (or, for keywords longer than 4 characters, starts it).
 */
export function contextHasKeyword(tokenLists: readonly (readonly string[])[], keyword: string): boolean {
  const k = normalizeKeyword(keyword);
  if (k.length === 0) return false;
  for (const tokens of tokenLists) {
    for (let i = 0; i < tokens.length; i++) {
      let cat = '';
      for (let j = i; j < tokens.length && cat.length < k.length; j++) {
        cat += tokens[j];
        if (cat === k || (k.length > 4 && cat.startsWith(k))) return true;
        if (!k.startsWith(cat)) break;
      }
    }
  }
  return false;
}
