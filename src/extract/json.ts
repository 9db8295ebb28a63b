/**
 * JSON and JSON Lines: every string and number value becomes a segment with Macie's record location (recordIndex 0
 * for JSON, the 0-based line for JSON Lines; jsonPath like `$.customers[2].ssn`) and the object member names on its
 * path as keyword context. Member names are scanned too (jsonPath '' — Macie omits the path when the sensitive data
 * is in an element name). Streaming throughout (json-tokenizer.ts): a string longer than maxSegmentChars comes in
 * overlapping pieces (seams.ts) so nothing is lost where a piece ends; nesting deeper than ScanLimits.maxJsonDepth
 * skips the file (JSON_NESTING_LEVEL_OVER_LIMIT). A JSON syntax error stops a JSON file (what was read stands,
 * UNABLE_TO_PARSE_FILE); in JSON Lines only the bad line is lost and reading resumes at the next line.
 */
import type { ScanLimits } from '../common/index.js';
import { decodeText, PIECE_BYTES, type TextEncodingName } from './decode.js';
import { GroupedBatchBuilder, segmentsOf, type GroupedBatch, type TextGroup } from './groups.js';
import { jsonChunks, type JsonChunk } from './json-chunks.js';
import { finishPath, indexStep, memberStep } from './json-path.js';
import { QuietValues } from './json-quiet-values.js';
import { JsonDepthError, JsonSyntaxError, JsonTokenizer, type JsonSink } from './json-tokenizer.js';
import { jsonStructurePass } from './native/json-structure.js';
import { seamOverlapOf, SeamSplitter, type SeamLimits } from './seams.js';
import { ExtractError, ignoreIssues, type ByteSource, type ReaderContext, type Segment, type SegmentLocation } from './types.js';

type Limits = Pick<ScanLimits, 'maxSegmentChars' | 'maxJsonDepth'> & SeamLimits;

/**
 * The member names from the root down to a point, shared by every value under the same names (records of a JSON
 * Lines file repeat them): one array per distinct name path, so values carry no array of their own and the scan's
 * batcher groups them by identity. At most MAX_NAME_CONTEXTS are kept; past that, fresh ones are made per use.
 */
interface NameContext {
  names: string[];
  /** The last name (the root's: ''). */
  name: string;
  /** The names without the last (the root's: undefined). */
  parent: NameContext | undefined;
  /** Children by member position (the first ORDINAL_CACHE members): records of one shape find theirs without a hash. */
  byOrdinal: Array<NameContext | undefined> | undefined;
  /** The path step for the last name (`.name` or `['odd name']`). */
  step: string;
  children: Map<string, NameContext> | undefined;
  /** The values under these names in the batch being filled (`batch` says which one). */
  group: ValueGroup | undefined;
  batch: number;
  /** The last name has no detection of its own (ReaderContext.quiet, asked once per kept context): not scanned. */
  quiet: boolean;
  /** The tokenizer's id for the last name (JsonSink.key), once a key event with one matched it; -1 until then. */
  id: number;
  /** Whether values under these names are quiet, by the native pass's value id (QuietValues); made on first use. */
  values: QuietValues | undefined;
  /** One of the MAX_NAME_CONTEXTS kept (past the cap a fresh context is made per use: nothing is cached on it). */
  kept: boolean;
}

/**
 * What a value keeps for its path, built only for a value with a detection: the nearest array (or record root) it is
 * in, and its index there. An object inside an object or an array element adds member names only, which the value's
 * NameContext holds, so it needs no node: a record of nested objects costs one node (its root), the objects of a JSON
 * array none.
 */
class Node {
  constructor(
    readonly container: Container,
    /** The nearest array or root above (undefined: a record's root). */
    readonly parent: Node | undefined,
    /** Member names from the root down to the container. */
    readonly names: NameContext,
    /** In the parent (an array node): the index of the element the container is in; at a root: the record. */
    readonly at: number,
  ) {}

  /** The record the container is in (its root's; walked only for a location). */
  get record(): number {
    let n: Node = this;
    while (n.parent !== undefined) n = n.parent;
    return n.at;
  }
}

/** A container being read; one per depth, reused (nothing keeps it once it is read). */
class Level {
  container = Container.Object;
  /** Object: the current member name; array: unused. */
  key = '';
  /** Names down to the current member (objects), made on first use after the key is read. */
  keyNames: NameContext | undefined = undefined;
  /** Array: the current element's index; object: member names read so far (the current member's position + 1). */
  count = 0;
  /** The node values read here keep: an array's own; an object's, the nearest array's or root's above it. */
  node: Node;
  /** Object: the index in `node` (an array) of the element the object is in. */
  nodeAt = 0;

  constructor(
    /** Member names from the root down to the container (in an object, its member's: the last step's name). */
    public names: NameContext,
    node: Node,
  ) {
    this.node = node;
  }

  /** The index a value read here keeps in its node. */
  get valueAt(): number {
    return this.container === Container.Array ? this.count : this.nodeAt;
  }
}

const enum Container {
  Object,
  Array,
  /** A value at the top level (no container): the path is `$`. */
  None,
}

/** The member steps from `ancestor`'s names down to `names` (`ancestor` is on names' parent chain). */
function memberSteps(ancestor: NameContext, names: NameContext): string {
  let path = '';
  for (let n = names, k = names.names.length - ancestor.names.length; k > 0; k--, n = n.parent!) path = n.step + path;
  return path;
}

/** `$` and the steps down to node's container. */
function nodePath(node: Node): string {
  let path = '';
  for (let n = node, parent = n.parent; parent !== undefined; n = parent, parent = n.parent) {
    path = (parent.container === Container.Array ? indexStep(n.at) : '') + memberSteps(parent.names, n.names) + path;
  }
  return '$' + path;
}

/** The path of a value under the names `names` that keeps `node` and `index`. */
function valuePath(node: Node, names: NameContext, index: number): string {
  if (node.container === Container.None) return '$';
  return finishPath(nodePath(node) + (node.container === Container.Array ? indexStep(index) : '') + memberSteps(node.names, names));
}

/** Values under one name path in one batch: a value keeps its node and its index there (Node). */
class ValueGroup implements TextGroup {
  readonly texts: string[] = [];
  readonly orders: number[] = [];
  readonly nodes: Node[] = [];
  readonly indexes: number[] = [];

  constructor(
    readonly keywordContext: string[] | undefined,
    private readonly names: NameContext,
  ) {}

  location(i: number): SegmentLocation {
    const node = this.nodes[i];
    return { kind: 'record', recordIndex: node.record, jsonPath: valuePath(node, this.names, this.indexes[i]) };
  }
}

/** Member names (jsonPath ''): each keeps its record (small integers: no pointer stored per name). */
class NameGroup implements TextGroup {
  readonly keywordContext = undefined;
  readonly texts: string[] = [];
  readonly orders: number[] = [];
  readonly records: number[] = [];

  location(i: number): SegmentLocation {
    return { kind: 'record', recordIndex: this.records[i], jsonPath: '' };
  }
}

const MAX_NAME_CONTEXTS = 4096;
/** Values a file may ask about (QuietValues) before asks are limited to a quarter of the values read. */
const ASKS_FREE = 1024;
/** Member positions per object whose names are looked up by position first (NameContext.byOrdinal). */
const ORDINAL_CACHE = 32;
/** Text fed to the tokenizer at once, and segments per batch: small enough to die young (minor GC), not per value. */
const FEED_CHARS = 16 * 1024;
const BATCH_TEXTS = 4096;
const BATCH_CHARS = 1 << 16;
/** Whether `text` is `chunk[from, to)`. */
function sameText(text: string, chunk: string, from: number, to: number): boolean {
  if (text.length !== to - from) return false;
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) !== chunk.charCodeAt(from + k)) return false;
  return true;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

export function readJson(source: ByteSource, limits: Limits, ctx: ReaderContext = ignoreIssues, encoding?: TextEncodingName): AsyncGenerator<Segment> {
  return flatten(readJsonBatches(source, limits, ctx, false, encoding));
}

export function readJsonLines(source: ByteSource, limits: Limits, ctx: ReaderContext = ignoreIssues, encoding?: TextEncodingName): AsyncGenerator<Segment> {
  return flatten(readJsonBatches(source, limits, ctx, true, encoding));
}

async function* flatten(batches: AsyncIterable<GroupedBatch>): AsyncGenerator<Segment> {
  for await (const batch of batches) yield* segmentsOf(batch);
}

/**
 * JSON (lines = false) or JSON Lines as grouped batches (the scan's path): values grouped per name path, member names
 * in a group of their own, pieces of long strings as segments; a batch per BATCH_CHARS (or BATCH_TEXTS texts), checked
 * per FEED_CHARS fed, and at each decoded chunk's end.
 */
export async function* readJsonBatches(source: ByteSource, limits: Limits, ctx: ReaderContext, lines: boolean, encoding?: TextEncodingName): AsyncGenerator<GroupedBatch> {
  primeJson(limits);
  const reader = new JsonBatchReader(limits, lines, ctx.quiet);
  const tokenizer = reader.tokenizer;
  const out = reader.out;
  let skippingLine = false; // JSON Lines: ignoring the rest of a bad line
  // Valid UTF-8 pieces undecoded (json-chunks.ts) when the native pass can read their bytes.
  const structure = tokenizer.readsBytes ? jsonStructurePass() : undefined;
  const pieces = structure !== undefined ? jsonChunks(source, encoding, PIECE_BYTES) : textChunks(source, encoding);
  for await (const { text: chunk, bytes } of pieces) {
    // JSON Lines are fed a line at a time so an error loses only its own line.
    let from = 0;
    while (from < chunk.length) {
      const nl = lines ? chunk.indexOf('\n', from) : -1;
      // JSON is fed in slices too: the events and segments of a whole 1 MiB chunk would outlive the young generation.
      // Byte mode: the same slices, FEED_CHARS UTF-16 units of the decoded text each.
      let to = nl !== -1 ? nl + 1 : bytes !== undefined ? structure!.utf16End(bytes, from, chunk.length, FEED_CHARS) : Math.min(chunk.length, from + FEED_CHARS);
      if (nl === -1 && bytes === undefined && to < chunk.length && isHighSurrogate(chunk.charCodeAt(to - 1))) to++;
      const pieceFrom = from;
      from = to;
      if (skippingLine) {
        if (nl !== -1) {
          skippingLine = false;
          tokenizer.line++;
        }
        continue;
      }
      const lineBefore = tokenizer.line;
      try {
        // Read in place (no slice of the chunk): its events go straight to the reader (JsonSink).
        tokenizer.push(chunk, pieceFrom, to, bytes);
        if (nl !== -1 && tokenizer.depth > 0) {
          // JSON Lines: a record must end on its own line.
          const err = new JsonSyntaxError('record not closed at end of line', lineBefore);
          throw err;
        }
      } catch (err) {
        reader.fail(err);
        // Resume at the next line: either this piece already ended it, or skip until it does.
        tokenizer.line = lineBefore + (nl !== -1 ? 1 : 0);
        skippingLine = nl === -1;
      }
      if (out.chars >= BATCH_CHARS || out.count >= BATCH_TEXTS) yield reader.take();
    }
    // What a chunk held is handed on before the next is read: a later error loses none of it.
    if (out.count) yield reader.take();
  }
  try {
    tokenizer.end();
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    if (!lines) reader.fail(err);
    else reader.badLines++;
  }
  if (out.count) yield reader.take();
  if (reader.badLines > 0) ctx.partial('UNABLE_TO_PARSE_FILE', `${reader.badLines} malformed JSON Lines record(s) skipped`);
}

/** decodeText's pieces, all read as text (no native pass). */
async function* textChunks(source: ByteSource, encoding: TextEncodingName | undefined): AsyncGenerator<JsonChunk> {
  for await (const text of decodeText(source, encoding, PIECE_BYTES)) yield { text, bytes: undefined };
}

let primed = false;
/** Some names quiet, some not: both of the reader's name cases get type feedback. */
const primingQuiet = (text: string): boolean => text.length % 2 === 0;
/**
 * Tokens of every kind: nesting, odd names, escapes, numbers, literals, empty containers, one- and two-byte text, and a
 * name too long for the native pass to intern (a plain key event: json-structure.c).
 */
const PRIMING_SAMPLE = '{"id": 1, "a b": [-2.5e3, true, false, null, "x\\u00e9\\"y\\n"], "c": {"d": "Zo\u0142o", "e": [], "f": {}}, "g": [{"h": 0}, [7]], "a name of many characters": 2}\n';

/**
 * Reads a small document of every kind of token as JSON and as JSON Lines, one- and two-byte, before the first file
 * (its batches are dropped), so that TurboFan's first compile of the tokenizer and the reader has type feedback for
 * all their paths: without it, each token kind or string representation the first files had not shown yet threw the
 * optimized code away and compiled it again.
 */
function primeJson(limits: Limits): void {
  if (primed) return;
  primed = true;
  for (const lines of [false, true]) {
    for (const sample of [PRIMING_SAMPLE, PRIMING_SAMPLE.replace('\u0142', 'l')]) {
      const reader = new JsonBatchReader(limits, lines, primingQuiet);
      const cut = sample.length >> 1;
      reader.tokenizer.push(sample.slice(0, cut));
      reader.tokenizer.push(sample.slice(cut));
      reader.tokenizer.end();
      reader.take();
      if (!reader.tokenizer.readsBytes) continue;
      // Byte mode too (json-chunks.ts): its wide strings and names are handed on by their own cases.
      const bytes = Buffer.from(sample, 'utf8');
      const byteCut = Buffer.byteLength(sample.slice(0, cut));
      const latin1 = bytes.toString('latin1');
      const inBytes = new JsonBatchReader(limits, lines, primingQuiet);
      inBytes.tokenizer.push(latin1, 0, byteCut, bytes);
      inBytes.tokenizer.push(latin1, byteCut, bytes.length, bytes);
      inBytes.tokenizer.end();
      inBytes.take();
    }
  }
}

/**
 * The reader's state and event handling. A class, not closures inside the generator: the generator is made per file,
 * and closures made per file are new call targets each time, which made V8 drop and recompile the reader file after
 * file; methods on one prototype stay optimized across files.
 */
class JsonBatchReader implements JsonSink {
  readonly tokenizer: JsonTokenizer;
  /** One string is read at a time (a key or a value), so one splitter serves both. */
  private readonly splitter: SeamSplitter;
  private readonly stack: Level[] = [];
  /** Level objects by depth, reused record after record. */
  private readonly levels: Level[] = [];
  private recordLine = 0;
  private pieceOfString = false; // the previous string event was a non-final piece
  badLines = 0;
  readonly out = new GroupedBatchBuilder();
  // Groups of the batch being filled: per name path (on its NameContext), values with no names, member names.
  private batchNo = 0;
  private rootValues: ValueGroup | undefined;
  private memberNames: NameGroup | undefined;
  private readonly root: NameContext = { names: [], name: '', parent: undefined, byOrdinal: undefined, step: '', children: undefined, group: undefined, batch: -1, quiet: false, id: -1, values: undefined, kept: true };
  private contexts = 0;
  /** Values with a native id read under a kept name path, and how many of them were asked about (pushValueIn). */
  private valuesIdentified = 0;
  private valuesAsked = 0;

  constructor(
    limits: Limits,
    private readonly lines: boolean,
    private readonly quiet: ReaderContext['quiet'],
  ) {
    const maxPiece = Math.max(16, limits.maxSegmentChars);
    this.tokenizer = new JsonTokenizer(maxPiece, limits.maxJsonDepth, this);
    this.splitter = new SeamSplitter(seamOverlapOf(limits, maxPiece), maxPiece);
  }

  take(): GroupedBatch {
    this.batchNo++;
    this.rootValues = undefined;
    this.memberNames = undefined;
    return this.out.take();
  }

  /** A tokenizer error: a JSON file stops; a JSON Lines record is dropped and reading resumes at the next line. */
  fail(err: unknown): void {
    if (err instanceof JsonDepthError) throw new ExtractError('JSON_NESTING_LEVEL_OVER_LIMIT', err.message, false);
    if (!(err instanceof JsonSyntaxError)) throw err;
    // The events before the error have been handled already (the tokenizer hands them on as it reads).
    if (!this.lines) throw new ExtractError('UNABLE_TO_PARSE_FILE', `malformed JSON: ${err.message}`, true);
    this.badLines++;
    this.tokenizer.reset();
    this.splitter.reset();
    this.stack.length = 0;
    this.pieceOfString = false;
  }

  private groupOf(names: NameContext): ValueGroup {
    if (names.names.length === 0) return (this.rootValues ??= new ValueGroup(undefined, names));
    if (names.batch !== this.batchNo || !names.group) {
      names.group = new ValueGroup(names.names, names);
      names.batch = this.batchNo;
    }
    return names.group;
  }

  private pushName(text: string): void {
    const group = (this.memberNames ??= new NameGroup());
    const records = group.records;
    records[records.length] = this.lines ? this.recordLine : 0;
    this.out.text(group, text);
  }

  /** The names down to member `name`, the `position`th (0-based) of its object. */
  private childOf(parent: NameContext, name: string, position: number): NameContext {
    const cached = position < ORDINAL_CACHE && parent.byOrdinal !== undefined ? parent.byOrdinal[position] : undefined;
    if (cached !== undefined && cached.name === name) return cached;
    const known = parent.children?.get(name);
    if (known) {
      if (position < ORDINAL_CACHE) this.cacheAt(parent, position, known);
      return known;
    }
    const child: NameContext = { names: [...parent.names, name], name, parent, byOrdinal: undefined, step: memberStep(name), children: undefined, group: undefined, batch: -1, quiet: false, id: -1, values: undefined, kept: false };
    if (this.contexts < MAX_NAME_CONTEXTS) {
      // Asked once per kept context; past the cap a name is scanned as before (no scanner call per name).
      child.quiet = this.quiet !== undefined && name.length > 0 && this.quiet(name);
      // Only kept children are cached by position: past the cap, fresh ones per use as before.
      this.contexts++;
      child.kept = true;
      (parent.children ??= new Map()).set(name, child);
      if (position < ORDINAL_CACHE) this.cacheAt(parent, position, child);
    }
    return child;
  }

  private cacheAt(parent: NameContext, position: number, child: NameContext): void {
    const slots = (parent.byOrdinal ??= new Array<NameContext | undefined>(ORDINAL_CACHE).fill(undefined));
    slots[position] = child;
  }

  private keyNamesOf(top: Level): NameContext {
    return (top.keyNames ??= this.childOf(top.names, top.key, top.count - 1));
  }

  private valueNames(top: Level | undefined): NameContext {
    return top === undefined ? this.root : top.container === Container.Object ? this.keyNamesOf(top) : top.names;
  }

  /** The node of a value at the top level (no container). */
  private topNode(): Node {
    return new Node(Container.None, undefined, this.root, this.lines ? this.recordLine : 0);
  }

  /** A piece of a long string value, as a segment of its own. */
  private pushPiece(text: string, owned?: Segment['owned']): void {
    const top = this.stack[this.stack.length - 1];
    const node = top !== undefined ? top.node : this.topNode();
    const names = this.valueNames(top);
    const location: Segment['location'] = { kind: 'record', recordIndex: node.record, jsonPath: valuePath(node, names, top !== undefined ? top.valueAt : 0) };
    const segment: Segment = names.names.length ? { text, location, keywordContext: names.names } : { text, location };
    if (owned) segment.owned = owned;
    this.out.segment(segment);
  }

  /** A whole value: a text of its name path's group, with its node and index. */
  private pushValue(text: string): void {
    const top = this.stack[this.stack.length - 1];
    this.pushValueAt(top, this.valueNames(top), text);
  }

  /**
   * A whole value `chunk[from, to)` (not empty) with the native pass's value id (-1: none), sliced only when it is not
   * known to be quiet under its names (QuietValues).
   */
  private pushValueIn(chunk: string, from: number, to: number, id: number): void {
    const top = this.stack[this.stack.length - 1];
    const names = this.valueNames(top);
    const quiet = this.quiet;
    if (id < 0 || quiet === undefined || !names.kept) return this.pushValueAt(top, names, chunk.slice(from, to));
    this.valuesIdentified++;
    const values = (names.values ??= new QuietValues());
    if (values.knows(id)) return;
    const text = chunk.slice(from, to);
    // Asking is a scan of its own: a file of ever new values and paths asks about at most a quarter of them.
    if (values.mayAsk(id) && this.valuesAsked < ASKS_FREE + (this.valuesIdentified >> 2)) {
      this.valuesAsked++;
      if (values.ask(id, text, names.names, quiet)) return;
    }
    this.pushValueAt(top, names, text);
  }

  private pushValueAt(top: Level | undefined, names: NameContext, text: string): void {
    const group = this.groupOf(names);
    // Stores past the end, not push: TurboFan left these pushes as calls of the builtin.
    const nodes = group.nodes;
    const indexes = group.indexes;
    if (top !== undefined) {
      nodes[nodes.length] = top.node;
      indexes[indexes.length] = top.container === Container.Array ? top.count : top.nodeAt;
    } else {
      nodes[nodes.length] = this.topNode();
      indexes[indexes.length] = 0;
    }
    this.out.text(group, text);
  }

  private advance(): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && top.container === Container.Array) top.count++;
  }

  // JsonSink: the tokenizer's events, handled as it reads.

  start(container: 'object' | 'array', line: number): void {
    const stack = this.stack;
    if (stack.length === 0) this.recordLine = line;
    const top = stack[stack.length - 1];
    const kind = container === 'object' ? Container.Object : Container.Array;
    const names = this.valueNames(top);
    // A node for an array or a root only; an object inside anything else keeps its container's node.
    let node: Node;
    let nodeAt = 0;
    if (top === undefined) node = new Node(kind, undefined, names, this.lines ? this.recordLine : 0);
    else if (kind === Container.Array) node = new Node(kind, top.node, names, top.valueAt);
    else {
      node = top.node;
      nodeAt = top.valueAt;
    }
    const depth = stack.length;
    let level = this.levels[depth];
    if (level === undefined) level = this.levels[depth] = new Level(names, node);
    level.container = kind;
    level.key = '';
    level.keyNames = undefined;
    level.count = 0;
    level.names = names;
    level.node = node;
    level.nodeAt = nodeAt;
    // A store past the end, not push: TurboFan left the push as a call of the builtin (as pushValue's arrays).
    stack[depth] = level;
  }

  end(): void {
    this.stack.pop();
    this.advance();
  }

  string(isKey: boolean, text: string, final: boolean, line: number): void {
    const stack = this.stack;
    if (stack.length === 0 && !this.pieceOfString) this.recordLine = line;
    const whole = final && !this.splitter.active;
    if (isKey) {
      const top = stack[stack.length - 1];
      if (top) {
        top.key = this.pieceOfString ? top.key + text : text;
        top.keyNames = undefined;
        if (!this.pieceOfString) top.count++;
      }
      if (whole) {
        // Its names context is needed for the member's value anyway; a quiet name is not scanned.
        if (text.length > 0 && (top === undefined || !this.keyNamesOf(top).quiet)) this.pushName(text);
      } else {
        for (const p of this.splitter.pieces(text, final)) {
          this.out.segment({ text: p.text, location: { kind: 'record', recordIndex: this.lines ? this.recordLine : 0, jsonPath: '' }, ...(p.owned ? { owned: p.owned } : {}) });
        }
      }
    } else {
      if (whole) {
        if (text.length > 0) this.pushValue(text);
      } else for (const p of this.splitter.pieces(text, final)) this.pushPiece(p.text, p.owned);
      if (final) this.advance();
    }
    this.pieceOfString = !final;
  }

  key(chunk: string, from: number, to: number, line: number, id: number): void {
    const top = this.stack[this.stack.length - 1];
    // Records of one shape repeat their names in order: the name this object's member at this position had before,
    // known by the tokenizer's id or compared in place, is taken as it is (no slice of the chunk, no hash lookup).
    if (top !== undefined && !this.pieceOfString && !this.splitter.active) {
      const position = top.count;
      const slots = top.names.byOrdinal;
      const cached = position < ORDINAL_CACHE && slots !== undefined ? slots[position] : undefined;
      if (cached !== undefined && (id >= 0 && cached.id >= 0 ? cached.id === id : sameText(cached.name, chunk, from, to))) {
        // The same text: its id from now on (ids are exact, so a different id is a different name).
        if (id >= 0) cached.id = id;
        const name = cached.name;
        top.key = name;
        top.keyNames = cached;
        top.count++;
        if (name.length > 0 && !cached.quiet) this.pushName(name);
        return;
      }
    }
    this.string(true, chunk.slice(from, to), true, line);
  }

  stringAt(chunk: string, from: number, to: number, line: number, id: number): void {
    if (this.pieceOfString || this.splitter.active) return this.string(false, chunk.slice(from, to), true, line);
    if (this.stack.length === 0) this.recordLine = line;
    if (to > from) this.pushValueIn(chunk, from, to, id);
    this.advance();
  }

  number(text: string, line: number): void {
    if (this.stack.length === 0) this.recordLine = line;
    this.pushValue(text);
    this.advance();
  }

  numberAt(chunk: string, from: number, to: number, line: number, id: number): void {
    if (this.stack.length === 0) this.recordLine = line;
    this.pushValueIn(chunk, from, to, id);
    this.advance();
  }

  literal(): void {
    this.advance();
  }

  valueEnd(line: number): void {
    this.recordLine = line;
  }
}
