/**
 * Delimited text (CSV with RFC 4180 quoting; TSV): the header row gives column names, each data cell becomes a
 * segment with Macie's cell location (1-based row and column, the header being row 1) and its column name as keyword
 * context. Header cells are reported as text (Macie uses lineRanges when sensitive data is in a column name).
 * Streaming: a field longer than maxSegmentChars is handed on in overlapping pieces (seams.ts), so no row is ever
 * held whole and no value is lost where a piece ends.
 */
import type { ScanLimits } from '../common/index.js';
import { decodeText, PIECE_BYTES, type TextEncodingName } from './decode.js';
import { latin1BytesOf } from './latin1-text.js';
import { GroupedBatchBuilder, segmentsOf, TEXT_SEPARATOR, type GroupedBatch, type JoinedTexts, type TextGroup } from './groups.js';
import { CELL_INTS, csvSplitPass, GATHER_META_INTS, Slot, SPLIT_LIMIT, type CsvSplitPass } from './native/csv-split.js';
import { seamOverlapOf, SeamSplitter, type SeamLimits, type SeamPiece } from './seams.js';
import { ignoreIssues, type ByteSource, type ReaderContext, type Segment, type SegmentLocation } from './types.js';

export interface DelimitedOptions {
  delimiter: ',' | '\t' | ';' | '|';
  /** RFC 4180 quoting (CSV); TSV has none (IANA text/tab-separated-values). */
  quoting: boolean;
  encoding?: TextEncodingName;
}

type Limits = Pick<ScanLimits, 'maxSegmentChars'> & SeamLimits;

export function readCsv(source: ByteSource, limits: Limits, ctx: ReaderContext = ignoreIssues, encoding?: TextEncodingName): AsyncGenerator<Segment> {
  return readDelimited(source, limits, { delimiter: ',', quoting: true, encoding }, ctx);
}

export async function* readDelimited(source: ByteSource, limits: Limits, options: DelimitedOptions, ctx: ReaderContext = ignoreIssues): AsyncGenerator<Segment> {
  for await (const batch of readDelimitedBatches(source, limits, options, ctx)) yield* segmentsOf(batch);
}

/**
 * A column's cells in one batch: their rows beside their texts. A class (one hidden class, every field set in the
 * constructor, `location` on the prototype) rather than an object literal with a closure per group: the parser's
 * optimized code then sees one map for every group of every file.
 *
 * Cells come two ways: one at a time from the JavaScript paths (`push`: texts, rows and orders side by side), and as
 * runs from the native pass (`addRun`: the column's cells of one call already joined with RECORD_SEPARATOR, csv-split.c's
 * gather), so the scan reads the joined text (`joined`) and no cell is sliced unless it has a detection. Once a group
 * has a run, cells pushed after it are laid into a run of their own before anything is read, so reading order holds.
 */
class ColumnGroup implements TextGroup {
  private readonly pushed: string[] = [];
  private readonly pushedOrders: number[] = [];
  private readonly pushedRows: number[] = [];
  private readonly runs: string[] = [];
  private readonly runCells: Int32Array[] = [];
  private longest = 0;
  /** Cells so far. */
  size = 0;
  private all: JoinedTexts | undefined = undefined;
  private cut: { texts: string[]; orders: number[] } | undefined = undefined;
  /** Its batch was released: its runs' cells belong to a later batch now. */
  private retired = false;
  constructor(
    readonly keywordContext: string[] | undefined,
    private readonly column: number,
    /** The column's name, or undefined past the header (no columnName in locations). */
    private readonly name: string | undefined,
  ) {}

  push(text: string, row: number, order: number): void {
    this.pushed.push(text);
    this.pushedRows.push(row);
    this.pushedOrders.push(order);
    if (text.length > this.longest) this.longest = text.length;
    this.size++;
  }

  /** `count` cells joined in `text`, three ints a cell in `cells` (start in `text`, row, order). */
  addRun(text: string, cells: Int32Array, count: number, longest: number): void {
    this.layPushed();
    this.runs.push(text);
    this.runCells.push(cells);
    if (longest > this.longest) this.longest = longest;
    this.size += count;
  }

  get texts(): string[] {
    this.checkLive();
    return this.runs.length === 0 ? this.pushed : this.cutCells().texts;
  }

  get orders(): number[] {
    this.checkLive();
    return this.runs.length === 0 ? this.pushedOrders : this.cutCells().orders;
  }

  joined(): JoinedTexts | undefined {
    this.checkLive();
    if (this.runs.length === 0) return undefined;
    if (this.all !== undefined) return this.all;
    this.layPushed();
    const runs = this.runs;
    let cells = this.runCells[0];
    if (runs.length > 1) {
      cells = new Int32Array(this.size * 3);
      let at = 0;
      let offset = 0;
      for (let r = 0; r < runs.length; r++) {
        const run = this.runCells[r];
        for (let k = 0; k < run.length; k += 3) {
          cells[at++] = run[k] + offset;
          cells[at++] = run[k + 1];
          cells[at++] = run[k + 2];
        }
        offset += runs[r].length + 1;
      }
    }
    this.all = { text: runs.length > 1 ? runs.join(TEXT_SEPARATOR) : runs[0], cells, count: this.size, longest: this.longest };
    return this.all;
  }

  location(i: number): SegmentLocation {
    this.checkLive();
    const row = this.runs.length === 0 ? this.pushedRows[i] : this.joined()!.cells[3 * i + 1];
    return this.name !== undefined ? { kind: 'cell', row, column: this.column, columnName: this.name } : { kind: 'cell', row, column: this.column };
  }

  /** The batch is released (GroupedBatch.release): its cell views are let go, and any later read throws. */
  retire(): void {
    this.retired = true;
    this.runCells.length = this.runs.length = this.pushed.length = 0;
    this.all = this.cut = undefined;
  }

  private checkLive(): void {
    if (this.retired) throw new Error('a CSV batch was read after its release');
  }

  /** Cells pushed after a run, as a run of their own. */
  private layPushed(): void {
    const n = this.pushed.length;
    if (n === 0) return;
    const cells = new Int32Array(n * 3);
    let start = 0;
    for (let k = 0; k < n; k++) {
      cells[3 * k] = start;
      cells[3 * k + 1] = this.pushedRows[k];
      cells[3 * k + 2] = this.pushedOrders[k];
      start += this.pushed[k].length + 1;
    }
    this.runs.push(this.pushed.join(TEXT_SEPARATOR));
    this.runCells.push(cells);
    this.pushed.length = this.pushedRows.length = this.pushedOrders.length = 0;
  }

  /** Every cell's text and order, for readers of `texts` (segmentsOf, long cells). */
  private cutCells(): { texts: string[]; orders: number[] } {
    if (this.cut !== undefined) return this.cut;
    const { text, cells, count } = this.joined()!;
    const texts: string[] = [];
    const orders: number[] = [];
    for (let k = 0; k < count; k++) {
      texts.push(text.slice(cells[3 * k], k + 1 < count ? cells[3 * k + 3] - 1 : text.length));
      orders.push(cells[3 * k + 2]);
    }
    this.cut = { texts, orders };
    return this.cut;
  }
}

/**
 * readDelimited's segments as grouped batches (the scan's path): data cells grouped per column (no object per cell),
 * header cells and pieces of long cells as segments; a batch per BATCH_CHARS of text (or BATCH_TEXTS texts), within
 * rows and long fields too, and at each decoded chunk's end.
 */
export async function* readDelimitedBatches(
  source: ByteSource,
  limits: Limits,
  options: DelimitedOptions,
  ctx: ReaderContext = ignoreIssues,
  /** The native row pass (default: the built addon, if any; null: rows split in JavaScript). */
  native: CsvSplitPass | null = csvSplitPass() ?? null,
): AsyncGenerator<GroupedBatch> {
  primeDelimited(limits, native);
  const parser = new DelimitedParser(limits, options, native);
  for await (const chunk of decodeText(source, options.encoding, PIECE_BYTES)) {
    for (let i = 0; i < chunk.length; ) {
      i = parser.parse(chunk, i);
      if (i < chunk.length) yield parser.take(); // a batch filled within the chunk
    }
    // What a chunk held is handed on before the next is read: a later error loses none of it.
    if (parser.count) yield parser.take();
  }
  parser.end(ctx);
  if (parser.count) yield parser.take();
}

/**
 * The parser's state between chunks. A class, not closures inside the generator: the generator is created per file,
 * and closures made per file are new call targets each time, which made V8 throw away and recompile the whole reader
 * (a 150 ms compile) file after file; methods on one prototype stay optimized across files.
 */
class DelimitedParser {
  private readonly maxField: number;
  private readonly splitter: SeamSplitter;
  private readonly delimiterCode: number;
  private readonly quoting: boolean;
  private readonly header: string[] = [];
  /** Characters of the column names kept (HEADER_NAME_CHARS); past it, later columns have no name. */
  private headerChars = 0;
  private headerFull = false;
  /**
   * One keyword-context array per named column (undefined for an empty name), shared by all its cells (the batcher
   * groups cells by it); as long as `header`, so no read past its end.
   */
  private readonly columnContext: Array<string[] | undefined> = [];
  private row = 1;
  private column = 1;
  // Text position (for header cells, reported as lineRanges).
  private line = 1;
  private lineColumn = 1;
  private fieldLine = 1;
  private fieldColumn = 1;
  private field = '';
  private fieldHadPieces = false;
  private pieceOffset = 0; // header cells: where the next piece's text starts in the cell
  private atFieldStart = true;
  private inQuotes = false;
  private quotePending = false; // saw a quote inside a quoted field: either an escaped quote or the closing one
  private afterCr = false;
  private readonly out = new GroupedBatchBuilder();
  /** This batch's group per column (index column - 1). */
  private readonly columnGroups: Array<ColumnGroup | undefined> = [undefined];
  /** This batch's native cells, three ints a cell (gather), and how many it holds. */
  private batchCells: Int32Array | undefined = undefined;
  private batchCellsUsed = 0;
  /** The native row pass's state (its chunk and cells are the thread's: `spans`). */
  private readonly nativeState = new Int32Array(Slot.Slots);

  constructor(
    limits: Limits,
    options: DelimitedOptions,
    private readonly native: CsvSplitPass | null,
  ) {
    this.maxField = Math.max(16, limits.maxSegmentChars);
    this.splitter = new SeamSplitter(seamOverlapOf(limits, this.maxField), this.maxField);
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.quoting = options.quoting;
    const state = this.nativeState;
    state[Slot.Delimiter] = this.delimiterCode;
    state[Slot.Quoting] = this.quoting ? 1 : 0;
    // A cell as long as the largest part is never reached, so a larger maxField reads the same.
    state[Slot.MaxField] = Math.min(this.maxField, SPLIT_LIMIT);
    state[Slot.MaxChars] = BATCH_CHARS;
    state[Slot.MaxCount] = BATCH_TEXTS;
  }

  get count(): number {
    return this.out.count;
  }

  take(): GroupedBatch {
    const batch = this.out.take();
    // The taken batch's groups keep its cells until the consumer releases it; then later batches reuse the array.
    if (this.batchCells !== undefined) batch.release = releaseCells(batch, this.batchCells);
    this.batchCells = undefined;
    this.batchCellsUsed = 0;
    this.columnGroups.fill(undefined); // the same array (a new one would change its shape under the optimized code)
    return batch;
  }

  /**
   * Parses `chunk` from `from`; returns where it stopped: the chunk's length, or earlier when a batch is full (the
   * caller takes it and calls again from there).
   *
   * Data rows go through `parseRows`, a small loop for whole cells (unquoted, or quoted without an escaped quote)
   * that keeps no text position (only header cells report one); the header, cells cut by the chunk's end, long
   * cells, escaped quotes and a CR at a chunk's end go through `parseGeneral`, which hands back after the field it
   * was given. Batches are cut at exactly the same places either way.
   */
  parse(chunk: string, from: number): number {
    const n = chunk.length;
    let i = from;
    while (i < n) {
      const clean = this.row > 1 && this.atFieldStart && !this.afterCr && !this.inQuotes && this.field.length === 0 && !this.splitter.active;
      const j = !clean ? i : this.native !== null && this.nativeTakes(n) ? this.parseRowsNative(this.native, chunk, i) : this.parseRows(chunk, i);
      i = j !== i ? j : this.parseGeneral(chunk, i);
      if (i < n && (this.out.chars >= BATCH_CHARS || this.out.count >= BATCH_TEXTS)) return i;
    }
    return n;
  }

  /**
   * Whole data cells from a field start, until a cell the general path must read (see parse), the chunk's end or a
   * full batch. Returns where it stopped, always at a field start.
   */
  private parseRows(chunk: string, from: number): number {
    const n = chunk.length;
    const d = this.delimiterCode;
    const quoting = this.quoting;
    const maxField = this.maxField;
    const out = this.out;
    let row = this.row;
    let column = this.column;
    let i = from;
    while (i < n) {
      let start = i;
      let j = i;
      let c = chunk.charCodeAt(i);
      if (c === QUOTE && quoting) {
        // A quoted cell read at once when it closes in this chunk, holds no escaped quote and ends at its closing quote.
        const q = chunk.indexOf('"', i + 1);
        if (q === -1 || q + 1 === n) break;
        c = chunk.charCodeAt(q + 1);
        if (c !== d && c !== LF && c !== CR) break;
        start = i + 1;
        j = q;
      } else {
        while (c !== d && c !== LF && c !== CR) {
          if (++j === n) break;
          c = chunk.charCodeAt(j);
        }
        if (j === n) break;
      }
      if (j - start >= maxField) break;
      if (j > start) this.emitCell(chunk.slice(start, j), row, column);
      // `j` is the cell's last character when quoted, else its end: step to the delimiter or newline.
      if (start !== i) j++;
      if (c === d) {
        column++;
        i = j + 1;
      } else {
        row++;
        column = 1;
        i = j + 1;
        if (c === CR) {
          if (i === n) this.afterCr = true;
          else if (chunk.charCodeAt(i) === LF) i++;
        }
      }
      if (out.chars >= BATCH_CHARS || out.count >= BATCH_TEXTS) break;
    }
    this.row = row;
    this.column = column;
    return i;
  }

  /** Whether the native pass takes this part: its counters stay int32 (beyond, parseRows reads the same cells). */
  private nativeTakes(n: number): boolean {
    return n <= SPLIT_LIMIT && this.row <= SPLIT_LIMIT && this.column <= SPLIT_LIMIT && this.out.chars <= SPLIT_LIMIT && this.out.count <= SPLIT_LIMIT;
  }

  /**
   * parseRows in C (csv-split.c): the same cells, rows and columns and the same place to stop; the cells it found are
   * sliced and handed on here.
   */
  private parseRowsNative(native: CsvSplitPass, chunk: string, from: number): number {
    const units = unitsOf(chunk);
    const state = this.nativeState;
    const cells = (spans.cells ??= new Int32Array(BATCH_TEXTS * CELL_INTS));
    state[Slot.From] = from;
    state[Slot.To] = chunk.length;
    state[Slot.Row] = this.row;
    state[Slot.Column] = this.column;
    state[Slot.Chars] = this.out.chars;
    state[Slot.Count] = this.out.count;
    const i = native.split(units, state, cells);
    const count = state[Slot.Cells];
    if (count > 0 && !this.gatherCells(native, units, cells, count, state[Slot.Chars] - this.out.chars)) {
      const end = count * CELL_INTS;
      for (let k = 0; k < end; k += CELL_INTS) this.emitCell(chunk.slice(cells[k], cells[k + 1]), cells[k + 2], cells[k + 3]);
    }
    this.row = state[Slot.Row];
    this.column = state[Slot.Column];
    if (state[Slot.AfterCr] !== 0) this.afterCr = true;
    return i;
  }

  /**
   * The cells `split` just wrote (`chars` characters), joined per column in C (gather): one string per column and
   * call instead of a slice per cell and a join per column. False when gather declines (columns spread too wide).
   */
  private gatherCells(native: CsvSplitPass, units: Uint16Array | Uint8Array, cells: Int32Array, count: number, chars: number): boolean {
    // The batch's cells: each run's group keeps a view of them (a batch holds at most BATCH_TEXTS texts).
    const at = this.batchCellsUsed;
    if (at + count > BATCH_TEXTS) return false;
    const batchCells = (this.batchCells ??= spans.freeCells.pop() ?? new Int32Array(3 * BATCH_TEXTS));
    const args = spans.gatherArgs;
    args[0] = count;
    args[1] = this.out.count;
    args[2] = at;
    const latin1 = units.BYTES_PER_ELEMENT === 1;
    const joined = latin1 ? joinedLatin1For(chars + count) : joinedFor(chars + count);
    const meta = (spans.meta ??= new Int32Array(GATHER_META_INTS));
    const columns = native.gather(units, cells, args, joined, meta, batchCells);
    if (columns < 0) return false;
    this.batchCellsUsed += count;
    this.out.reserve(count, chars);
    const bytes = latin1 ? spans.joinedLatin1 : spans.joinedBytes;
    let start = 0;
    let first = 0;
    for (let c = 0; c < 4 * columns; c += 4) {
      const end = meta[c + 1];
      const cellsEnd = meta[c + 2];
      const group = this.groupOf(meta[c]);
      if (group.size === 0) this.out.join(group);
      const text = latin1 ? bytes.toString('latin1', start, end) : bytes.toString('utf16le', 2 * start, 2 * end);
      group.addRun(text, batchCells.subarray(3 * (at + first), 3 * (at + cellsEnd)), cellsEnd - first, meta[c + 3]);
      start = end + 1;
      first = cellsEnd;
    }
    return true;
  }

  /** The parser's general path, one character at a time: see parse. */
  private parseGeneral(chunk: string, from: number): number {
    const n = chunk.length;
    const delimiterCode = this.delimiterCode;
    const out = this.out;
    for (let i = from; i < n; i++) {
      const ch = chunk.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === LF && !this.inQuotes) {
          this.line++;
          this.lineColumn = 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === QUOTE) {
            this.field += '"';
            this.lineColumn++;
            continue;
          }
          this.inQuotes = false; // the quote closed the field; fall through to handle ch unquoted
        } else if (ch === QUOTE) {
          this.quotePending = true;
          this.lineColumn++;
          continue;
        } else {
          // Copy a run of ordinary quoted characters at once.
          let j = chunk.indexOf('"', i);
          if (j === -1) j = n;
          const run = chunk.slice(i, j);
          this.field += run;
          const nl = run.lastIndexOf('\n');
          if (nl === -1) this.lineColumn += run.length;
          else {
            for (let k = run.indexOf('\n'); k !== -1; k = run.indexOf('\n', k + 1)) this.line++;
            this.lineColumn = run.length - nl;
          }
          i = j - 1;
          if (this.field.length >= this.maxField) {
            this.flushPiece();
            if (out.chars >= BATCH_CHARS) return i + 1; // a field of any length stays bounded
          }
          continue;
        }
      }
      if (this.atFieldStart) {
        this.atFieldStart = false;
        if (this.quoting && ch === QUOTE) {
          this.markFieldStart(true);
          this.inQuotes = true;
          this.lineColumn++;
          continue;
        }
        this.markFieldStart(false);
      }
      if (ch === delimiterCode) {
        this.endField();
        this.lineColumn++;
        // A batch is handed on within a row too: a single-line file of many cells stays bounded (parse checks).
        if (this.row > 1 || out.chars >= BATCH_CHARS || out.count >= BATCH_TEXTS) return i + 1;
      } else if (ch === LF || ch === CR) {
        this.endRow();
        if (ch === CR) this.afterCr = true;
        this.line++;
        this.lineColumn = 1;
        // Hand on batches of about BATCH_CHARS, whatever the chunks' size: one scan call per column and batch, and
        // the texts of a whole 1 MiB chunk would outlive the young generation (parse checks).
        if (this.row > 1 || out.chars >= BATCH_CHARS || out.count >= BATCH_TEXTS) return i + 1;
      } else {
        // Copy a run of ordinary unquoted characters at once.
        let j = i + 1;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c === delimiterCode || c === LF || c === CR) break;
          j++;
        }
        this.field = this.field.length === 0 ? chunk.slice(i, j) : this.field + chunk.slice(i, j);
        this.lineColumn += j - i;
        i = j - 1;
        if (this.field.length >= this.maxField) {
          this.flushPiece();
          if (out.chars >= BATCH_CHARS) return i + 1;
        }
      }
    }
    return n;
  }

  /** The end of the input: an unterminated quote is reported, and the last row kept. */
  end(ctx: ReaderContext): void {
    if (this.inQuotes && !this.quotePending) ctx.partial('UNABLE_TO_PARSE_FILE', `unterminated quoted field at row ${this.row}, column ${this.column}`);
    // A file that ends without a newline still has its last row; a final newline does not start an empty row.
    if (!this.atFieldStart || this.field.length > 0 || this.column > 1) this.endField();
  }

  private location(): Segment['location'] {
    const name = this.header[this.column - 1];
    return this.row === 1
      ? { kind: 'text', line: this.fieldLine, column: this.fieldColumn }
      : { kind: 'cell', row: this.row, column: this.column, ...(name !== undefined ? { columnName: name } : {}) };
  }

  private context(): string[] | undefined {
    if (this.row === 1 || this.column > this.columnContext.length) return undefined;
    return this.columnContext[this.column - 1];
  }

  /** A column's group in this batch, made on its first cell; the array grows by hand (no out-of-bounds read). */
  private groupOf(column: number): ColumnGroup {
    const groups = this.columnGroups;
    while (groups.length < column) groups.push(undefined);
    let group = groups[column - 1];
    if (group === undefined) {
      const named = column <= this.header.length;
      group = new ColumnGroup(named ? this.columnContext[column - 1] : undefined, column, named ? this.header[column - 1] : undefined);
      groups[column - 1] = group;
    }
    return group;
  }

  /** A whole data cell that was never cut (nearly every cell): a text of its column's group, no object of its own. */
  private emitCell(text: string, row: number, column: number): void {
    const group = this.groupOf(column);
    if (group.size === 0) this.out.join(group);
    group.push(text, row, this.out.reserve(1, text.length));
  }

  private emitPieces(pieces: SeamPiece[]): void {
    for (const piece of pieces) {
      if (this.row === 1) {
        // A header cell's name is its first piece (a column name that long is no name anyone reads); later pieces
        // start further along the line (a header cell that long holding a newline would shift their columns).
        if (!this.fieldHadPieces) this.nameColumn(piece.owned ? piece.text.slice(0, piece.owned.end) : piece.text);
        this.out.segment({ text: piece.text, location: { kind: 'text', line: this.fieldLine, column: this.fieldColumn + this.pieceOffset }, ...(piece.owned ? { owned: piece.owned } : {}) });
        this.pieceOffset += piece.advance;
      } else {
        const keywordContext = this.context();
        this.out.segment({ text: piece.text, location: this.location(), ...(keywordContext ? { keywordContext } : {}), ...(piece.owned ? { owned: piece.owned } : {}) });
      }
      this.fieldHadPieces = true;
    }
  }

  /**
   * Keeps a header cell as the next column's name, within HEADER_NAME_CHARS: a file of one line is all header, and
   * the names of its millions of columns were held to its end (a 40 MB single-line CSV took 330 MB).
   */
  private nameColumn(name: string): void {
    if (this.headerFull) return;
    this.headerChars += name.length + 1;
    if (this.headerChars > HEADER_NAME_CHARS) this.headerFull = true;
    else {
      this.header.push(name);
      this.columnContext.push(name ? [name] : undefined);
    }
  }

  /** Hands a field that outgrew maxField to the splitter, which passes on its pieces as they fill. */
  private flushPiece(): void {
    this.emitPieces(this.splitter.push(this.field));
    this.field = '';
  }

  private endField(): void {
    if (this.row > 1 && !this.fieldHadPieces && !this.splitter.active) {
      if (this.field.length > 0) this.emitCell(this.field, this.row, this.column);
    } else {
      const pieces = this.splitter.pieces(this.field, true);
      if (this.row === 1 && !this.fieldHadPieces && pieces.length === 0) this.nameColumn(''); // an empty column name keeps its place
      this.emitPieces(pieces);
    }
    this.field = '';
    this.fieldHadPieces = false;
    this.pieceOffset = 0;
    this.atFieldStart = true;
    this.column++;
  }

  private endRow(): void {
    this.endField();
    this.row++;
    this.column = 1;
  }

  private markFieldStart(quoted: boolean): void {
    this.fieldLine = this.line;
    this.fieldColumn = this.lineColumn + (quoted ? 1 : 0);
  }
}

/**
 * The native pass's chunk (Latin-1 bytes or UTF-16) and cell array, one per thread rather than per file: a 128 KiB and
 * a 64 KiB array made for each of a folder's files cost ~800 more page faults on the 60 MB CSV folder. Sharing is
 * safe: the cells are read back in the call that wrote them, and the units are rewritten whenever a parser's chunk is
 * not the one they hold.
 */
const spans: {
  /** The chunk `of` as the pass reads it: `latin1` or `utf16`. */
  units: Uint16Array | Uint8Array;
  utf16: Uint16Array;
  latin1: Buffer;
  of: string | undefined;
  cells: Int32Array | undefined;
  /** gather's arguments, output and scratch: read back in the call that wrote them, as the cells are. */
  gatherArgs: Int32Array;
  joined: Uint16Array;
  joinedBytes: Buffer;
  /** gather's output for Latin-1 units. */
  joinedLatin1: Buffer;
  meta: Int32Array | undefined;
  /** Batch cell arrays (3 * BATCH_TEXTS ints) given back by released batches. */
  freeCells: Int32Array[];
} = {
  units: new Uint16Array(0),
  utf16: new Uint16Array(0),
  latin1: Buffer.alloc(0),
  of: undefined,
  cells: undefined,
  gatherArgs: new Int32Array(3),
  joined: new Uint16Array(0),
  joinedBytes: Buffer.alloc(0),
  joinedLatin1: Buffer.alloc(0),
  meta: undefined,
  freeCells: [],
};
/** Released cell arrays kept for reuse: the scan releases each batch before the next is taken, so one is in use. */
const POOLED_CELL_ARRAYS = 2;

/**
 * A batch's release (GroupedBatch.release): its groups let go of `cells` (reading one afterwards throws) and the array
 * goes back to the thread's pool. A fresh 48 KiB array per batch, off the V8 heap, cost ~1,000 more page faults on the
 * 60 MB CSV folder. Once only: the array must not be handed to two batches.
 */
function releaseCells(batch: GroupedBatch, cells: Int32Array): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const group of batch.groups) (group as ColumnGroup).retire(); // a CSV batch holds only the parser's ColumnGroups
    if (spans.freeCells.length < POOLED_CELL_ARRAYS) spans.freeCells.push(cells);
  };
}

/** gather's output, at least `units` long. */
function joinedFor(units: number): Uint16Array {
  if (spans.joined.length < units) {
    spans.joined = new Uint16Array(Math.max(units, spans.joined.length * 2, 1 << 16));
    spans.joinedBytes = Buffer.from(spans.joined.buffer, spans.joined.byteOffset, spans.joined.byteLength);
  }
  return spans.joined;
}

/** gather's output for Latin-1 units, at least `units` long. */
function joinedLatin1For(units: number): Buffer {
  if (spans.joinedLatin1.length < units) spans.joinedLatin1 = Buffer.alloc(Math.max(units, spans.joinedLatin1.length * 2, 1 << 16));
  return spans.joinedLatin1;
}

/** A character above U+00FF. On a one-byte string V8 answers at once (no such character can be in it). */
const BEYOND_LATIN1 = /[^\x00-\xff]/;

/**
 * `chunk` as the native pass reads it: its Latin-1 bytes when every character is at most U+00FF (nearly every CSV
 * chunk: half the bytes to scan and copy, and one-byte column strings made straight from them), else its UTF-16 code
 * units (little-endian: csv-split.ts loads the addon only there). Indices are the string's either way.
 */
function unitsOf(chunk: string): Uint16Array | Uint8Array {
  // The decoder's own Latin-1 bytes of this chunk (nearly every UTF-8 CSV chunk): no copy. Asked first and every
  // time: another file's decode may have rewritten them since the last call.
  const decoded = latin1BytesOf(chunk);
  if (decoded !== undefined) return decoded;
  if (chunk === spans.of) return spans.units;
  if (!BEYOND_LATIN1.test(chunk)) {
    if (spans.latin1.length < chunk.length) spans.latin1 = Buffer.alloc(Math.max(chunk.length, spans.latin1.length * 2, 256));
    spans.latin1.write(chunk, 0, 'latin1');
    spans.units = spans.latin1;
  } else {
    if (spans.utf16.length < chunk.length) spans.utf16 = new Uint16Array(Math.max(chunk.length, spans.utf16.length * 2, 256));
    const utf16 = spans.utf16;
    Buffer.from(utf16.buffer, utf16.byteOffset, utf16.byteLength).write(chunk, 0, 'utf16le');
    spans.units = utf16;
  }
  spans.of = chunk;
  return spans.units;
}

let primed = false;
/** Cells of every kind the parser reads: header, quoted, escaped quotes, empty, ragged, CRLF, one- and two-byte text. */
const PRIMING_SAMPLE = 'id,"full name",note\r\n1,"Doe, ""Jane""",plain text\n2,Zo\u0142o,"x"\n3,,\n,"",z,extra\n"a"b,c\r';

/**
 * Runs the parser once over a few rows of every kind, in two pieces, one- and two-byte, before the first file (its
 * batches are dropped). The interpreter then has type feedback for all its paths when TurboFan first compiles
 * `parseRows`/`parseGeneral`: without it, each path, string representation or column count the first files had not
 * shown yet threw the optimized code away and compiled it again (10 compiles of `parse` in the first files).
 */
function primeDelimited(limits: Limits, native: CsvSplitPass | null): void {
  if (primed) return;
  primed = true;
  for (const [delimiter, quoting] of [[',', true], ['\t', false]] as const) {
    const text = delimiter === ',' ? PRIMING_SAMPLE : PRIMING_SAMPLE.replaceAll(',', '\t');
    for (const sample of [text, text.replace('\u0142', 'l')]) {
      const parser = new DelimitedParser(limits, { delimiter, quoting }, native);
      const cut = sample.length >> 1;
      for (const piece of [sample.slice(0, cut), sample.slice(cut)]) for (let i = 0; i < piece.length; ) i = parser.parse(piece, i);
      parser.end(ignoreIssues);
      parser.take();
    }
  }
}

/**
 * Column names kept from the header row, in characters (a separator counted per name): columns past it have no
 * name (no columnName in their cells' locations, no keyword context). Far more than any real header holds.
 */
const HEADER_NAME_CHARS = 1 << 20;
/** Characters and texts per batch (64 Ki characters: what the scan's batcher measured best). */
const BATCH_CHARS = 1 << 16;
const BATCH_TEXTS = 4096;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
