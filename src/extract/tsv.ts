/** Tab-separated values: the delimited reader with a tab and no quoting (IANA text/tab-separated-values). */
import type { ScanLimits } from '../common/index.js';
import { readDelimited } from './csv.js';
import type { TextEncodingName } from './decode.js';
import { ignoreIssues, type ByteSource, type ReaderContext, type Segment } from './types.js';

export function readTsv(
  source: ByteSource,
  limits: Pick<ScanLimits, 'maxSegmentChars'>,
  ctx: ReaderContext = ignoreIssues,
  encoding?: TextEncodingName,
): AsyncGenerator<Segment> {
  return readDelimited(source, limits, { delimiter: '\t', quoting: false, encoding }, ctx);
}
