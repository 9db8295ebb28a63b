/**
 * ReaderContext.quiet from the scan's scanner: a text is quiet when scanning it alone, as one part of a separated
 * batch with the given keyword context (the way a JSON name path's group is scanned: batch.ts), finds nothing. A text
 * holding the separator itself is never quiet (in a batch it would be scanned as two parts).
 */
import { RECORD_SEPARATOR, type Scanner } from '../detect/index.js';

export function quietTexts(scanner: Scanner): (text: string, keywordContext?: string[]) => boolean {
  const separated = { separated: true };
  return (text, keywordContext) =>
    !text.includes(RECORD_SEPARATOR) && scanner.scan(text, keywordContext !== undefined ? { keywordContext, separated: true } : separated).length === 0;
}
