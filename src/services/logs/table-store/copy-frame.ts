/** Binary COPY output's framing around its rows: a header before the first row, a trailer after the last. */
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export class CopyFrame {
  private header = false;
  /** The trailer has come: the output is complete. */
  done = false;

  constructor(private readonly what: string) {}

  /**
   * One CopyData message: where its row's first field starts (past the header, if this is the first message, and the
   * field count, checked to be `fields`), or -1 when it holds no row (the header alone, or the trailer).
   */
  row(data: Buffer, fields: number): number {
    let o = 0;
    if (!this.header) {
      if (data.length < 19 || !data.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error(`${this.what}: not binary COPY output`);
      o = 19 + data.readInt32BE(15); // flags, then the header extension's length and bytes
      this.header = true;
    }
    if (o === data.length) return -1;
    const n = data.readInt16BE(o);
    o += 2;
    if (n === -1) {
      this.done = true;
      if (o !== data.length) throw new Error(`${this.what}: bytes after the trailer`);
      return -1;
    }
    if (n !== fields || this.done) throw new Error(`${this.what}: a row of ${n} fields`);
    return o;
  }
}
