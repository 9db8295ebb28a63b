/**
 * Recovers the spans a redact-only library replaced: walk the original and the redacted text together; where the
 * redacted text holds a placeholder token the original does not, the replaced span runs up to where the text after
 * the token resumes in the original.
 */
export interface AlignedSpan { token: string; start: number; end: number }

export function alignRedactions(original: string, redacted: string, tokens: readonly string[]): AlignedSpan[] {
  const spans: AlignedSpan[] = [];
  let i = 0;
  let j = 0;
  while (j < redacted.length) {
    const token = tokens.find((t) => redacted.startsWith(t, j) && !original.startsWith(t, i));
    if (token !== undefined) {
      const after = j + token.length;
      let anchorEnd = after;
      while (anchorEnd < redacted.length && anchorEnd - after < 8 && !tokens.some((t) => redacted.startsWith(t, anchorEnd))) anchorEnd++;
      const anchor = redacted.slice(after, anchorEnd);
      const k = anchor.length === 0 ? original.length : original.indexOf(anchor, i + 1);
      if (k < 0) break;
      spans.push({ token, start: i, end: k });
      i = k;
      j = after;
      continue;
    }
    i++;
    j++;
  }
  return spans;
}
