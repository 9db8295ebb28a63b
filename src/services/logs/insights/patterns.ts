/**
 * The `pattern` command: clusters a text (by default @message) into patterns. Its documented output per pattern is
 * @pattern (the shared text, its varying parts shown as dynamic tokens `<Token-N>`, or `<IPAddress-N>` when the token
 * is an IP address; N is the token's place among the dynamic tokens), @ratio (the share of the rows that reached
 * `pattern` it covers), @sampleCount (how many) and @severityLabel (the log level).
 *
 * AWS's clustering is machine-learned and undocumented. Sift's is deterministic (docs/compatibility.md): the text is
 * split into words and the separators between them; a word that holds a digit, or is an IP address, is dynamic; the
 * texts whose words are equal once the dynamic ones are masked form one pattern. So Sift never merges texts that
 * differ in a plain word (AWS may), and a word like `v2` is always dynamic. @severityLabel is the first log-level
 * word of the text (ERROR, WARN, INFO, DEBUG, TRACE, FATAL; UNKNOWN when there is none).
 */
import { isIP } from 'node:net';
import type { Row } from './event-row.js';
import { MapRow } from './event-row.js';
import type { CExpr } from './expressions.js';
import type { HoldingStage, Stage } from './pipeline.js';
import { toText } from './values.js';

/** Most patterns one query keeps; rows of further patterns still count in every pattern's @ratio (docs/limits.md). */
export const MAX_PATTERNS = 10_000;
/** Words of a text that are clustered; the rest of a longer text is one more dynamic token. */
export const MAX_PATTERN_WORDS = 256;

const LEVELS: Record<string, string> = {
  error: 'ERROR',
  err: 'ERROR',
  warn: 'WARN',
  warning: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  fatal: 'FATAL',
  critical: 'FATAL',
};

/**
 * A word: a run of characters that are not whitespace nor one of the separators logs put between values (not `:`,
 * which IPv6 addresses and times hold; a trailing one is kept out of an address).
 */
const WORD = /[^\s=,;"'()[\]{}<>|]+/g;

export interface TextPattern {
  /** The masked text: the key of the cluster and what @pattern shows. */
  pattern: string;
  severity: string;
}

/** The pattern of one text (deterministic: the same text always gives the same pattern). */
export function patternOf(text: string): TextPattern {
  let out = '';
  let last = 0;
  let dynamic = 0;
  let words = 0;
  let severity: string | undefined;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    if (++words > MAX_PATTERN_WORDS) {
      out += text.slice(last, m.index) + `<Token-${++dynamic}>`;
      last = text.length;
      break;
    }
    const whole = m[0];
    out += text.slice(last, m.index);
    last = m.index + whole.length;
    // Colons and dots around a word (`"id":12`, `from 10.0.0.1:`) stay literal; `::1` is an address as it is.
    const trailing = /[.:]*$/.exec(whole)![0];
    let word = whole.slice(0, whole.length - trailing.length);
    if (isIP(word) === 0) {
      const leading = /^:*/.exec(word)![0];
      out += leading;
      word = word.slice(leading.length);
    }
    if (word === '') out += trailing;
    else if (isIP(word) !== 0) out += `<IPAddress-${++dynamic}>${trailing}`;
    else if (/[0-9]/.test(word)) out += `<Token-${++dynamic}>${trailing}`;
    else {
      out += word + trailing;
      severity ??= LEVELS[word.toLowerCase()];
    }
  }
  out += text.slice(last);
  return { pattern: out, severity: severity ?? 'UNKNOWN' };
}

export class PatternStage implements HoldingStage {
  private readonly clusters = new Map<string, { severity: string; count: number }>();
  private total = 0;
  constructor(
    private readonly source: CExpr,
    private readonly next: Stage,
  ) {}
  push(row: Row): boolean {
    const text = toText(this.source.eval(row));
    if (text === undefined) return true;
    this.total++;
    const p = patternOf(text);
    const c = this.clusters.get(p.pattern);
    if (c) c.count++;
    else if (this.clusters.size < MAX_PATTERNS) this.clusters.set(p.pattern, { severity: p.severity, count: 1 });
    return true;
  }
  finish(): void {
    this.emitTo(this.next);
    this.next.finish();
  }

  emitTo(next: Stage): void {
    // Most frequent first; equal counts by pattern text, so results are the same run after run.
    const ordered = [...this.clusters].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [pattern, c] of ordered) {
      const out = new MapRow();
      out.set('@pattern', pattern);
      out.set('@ratio', Math.round((c.count / this.total) * 1e6) / 1e6);
      out.set('@sampleCount', c.count);
      out.set('@severityLabel', c.severity);
      if (!next.push(out)) break;
    }
  }
}

export const PATTERN_COLUMNS = ['@pattern', '@ratio', '@sampleCount', '@severityLabel'];
