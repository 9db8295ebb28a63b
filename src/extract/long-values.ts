/**
 * One value (a cell, a record field, a PDF page) cut into overlapping pieces of at most maxSegmentChars own
 * characters when it is longer than that (seams.ts), each piece a segment at the value's location.
 */
import type { ScanLimits } from '../common/index.js';
import { seamOverlapOf, SeamSplitter, type SeamLimits } from './seams.js';
import type { Segment } from './types.js';

export type ValueLimits = Pick<ScanLimits, 'maxSegmentChars'> & SeamLimits;

export function* valueSegments(text: string, location: Segment['location'], limits: ValueLimits, keywordContext?: string[]): Generator<Segment> {
  const max = Math.max(16, limits.maxSegmentChars);
  const context = keywordContext?.length ? { keywordContext } : {};
  if (text.length <= max) {
    yield { text, location, ...context };
    return;
  }
  for (const piece of new SeamSplitter(seamOverlapOf(limits, max), max).pieces(text, true)) {
    yield { text: piece.text, location, ...context, ...(piece.owned ? { owned: piece.owned } : {}) };
  }
}
