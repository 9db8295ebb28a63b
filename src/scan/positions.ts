/**
 * Maps offsets in a text segment to 1-based lines and columns, given where the segment starts. Offsets are
 * usually asked in increasing order, so the walk is incremental (one pass over the text per segment).
 */
export class TextPositioner {
  private offset = 0;
  private line: number;
  private column: number;

  constructor(
    private readonly text: string,
    private readonly startLine: number,
    private readonly startColumn: number,
  ) {
    this.line = startLine;
    this.column = startColumn;
  }

  at(target: number): { line: number; column: number } {
    if (target < this.offset) {
      this.offset = 0;
      this.line = this.startLine;
      this.column = this.startColumn;
    }
    const text = this.text;
    for (let nl = text.indexOf('\n', this.offset); nl !== -1 && nl < target; nl = text.indexOf('\n', nl + 1)) {
      this.line++;
      this.column = 1;
      this.offset = nl + 1;
    }
    this.column += target - this.offset;
    this.offset = target;
    return { line: this.line, column: this.column };
  }
}
