/**
 * A read position over a pattern's source, shared by the JSON and space-delimited parsers so that every error
 * names the offset it happened at.
 */
import { FilterPatternError } from './errors.js';

export class Cursor {
  pos: number;
  constructor(
    readonly src: string,
    start = 0,
    /** Exclusive end of the part being parsed. */
    readonly end = src.length,
  ) {
    this.pos = start;
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
  peek(offset = 0): string {
    const i = this.pos + offset;
    return i < this.end ? this.src[i] : '';
  }
  startsWith(text: string): boolean {
    return this.pos + text.length <= this.end && this.src.startsWith(text, this.pos);
  }
  skipSpaces(): void {
    while (this.pos < this.end && isSpace(this.src.charCodeAt(this.pos))) this.pos++;
  }
  fail(detail: string, at = this.pos): never {
    throw new FilterPatternError(detail, at);
  }
  /** A short description of what is at the cursor, for error messages. */
  describeHere(): string {
    if (this.done) return 'the end of the pattern';
    return `'${this.src.slice(this.pos, Math.min(this.end, this.pos + 12))}'`;
  }
}

/** Blanks of a pattern or of a log message: space, tab, CR, LF and other control characters. */
export function isSpace(code: number): boolean {
  return code <= 32;
}
