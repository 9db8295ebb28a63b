/**
 * A push-based streaming JSON tokenizer: text goes in chunk by chunk, and out come events (container starts and
 * ends, keys, strings, numbers, literals, record boundaries). It keeps only the current token and the container
 * stack, so a huge document never sits in memory; strings longer than `maxStringPiece` come out in pieces.
 * Errors are thrown as JsonSyntaxError with the line where they happened.
 */

import { jsonStructurePass, type JsonStructurePass } from './native/json-structure.js';

export type JsonEvent =
  /** `line`: the 0-based line where the token began. */
  | { type: 'start'; container: 'object' | 'array'; line: number }
  | { type: 'end'; container: 'object' | 'array' }
  /** A string piece; `final` is false while more of the same string follows. */
  | { type: 'string'; isKey: boolean; text: string; final: boolean; line: number }
  | { type: 'number'; text: string; line: number }
  | { type: 'literal'; text: 'true' | 'false' | 'null' }
  /** A top-level value is complete; `line` is the 0-based line on which it started. */
  | { type: 'value-end'; line: number };

/**
 * Every event has one shape (all fields, in one order; the union above says which matter): the reader's switch over
 * events then reads one hidden class instead of six, which kept it from being optimized well.
 */
interface EventRecord {
  type: JsonEvent['type'];
  container: 'object' | 'array';
  isKey: boolean;
  text: string;
  final: boolean;
  line: number;
}

/**
 * Where the tokenizer hands its events, one method per kind: the JSON reader is one, so a token goes straight to its
 * handling (no event record written and read back, no switch over its type). Without a sink of its own the tokenizer
 * records events for `events` (see push).
 */
export interface JsonSink {
  start(container: 'object' | 'array', line: number): void;
  end(container: 'object' | 'array'): void;
  string(isKey: boolean, text: string, final: boolean, line: number): void;
  /**
   * A whole member name `chunk[from, to)` (no escape, shorter than a piece), not sliced yet: a sink that knows the name
   * already need not make a string of it. Otherwise the same as `string(true, chunk.slice(from, to), true, line)`.
   * `id` (from the native pass; -1: none): the same id is the same text for as long as the tokenizer lives.
   */
  key(chunk: string, from: number, to: number, line: number, id: number): void;
  /**
   * A whole string value `chunk[from, to)` (no escape, shorter than a piece), not sliced yet: a sink that leaves it out
   * need not make a string of it. Otherwise the same as `string(false, chunk.slice(from, to), true, line)`. `id` (from
   * the native pass's value table; -1: none): the same id is the same text, for string values and numbers alike.
   */
  stringAt(chunk: string, from: number, to: number, line: number, id: number): void;
  number(text: string, line: number): void;
  /** A number `chunk[from, to)`, not sliced yet (as stringAt); otherwise `number(chunk.slice(from, to), line)`. */
  numberAt(chunk: string, from: number, to: number, line: number, id: number): void;
  literal(text: 'true' | 'false' | 'null'): void;
  valueEnd(line: number): void;
}

/**
 * The sink of a tokenizer given none: events kept as records of one shape, reused from one push to the next (no object
 * per token for the collector). The array is never truncated (`length = 0` drops a fast array's backing store, which
 * then grew again, copy by copy, on every push); `count` says how many the last push completed.
 */
class EventRecorder implements JsonSink {
  readonly records: EventRecord[] = [];
  count = 0;
  start(container: 'object' | 'array', line: number): void {
    this.emit('start', container, false, '', true, line);
  }
  end(container: 'object' | 'array'): void {
    this.emit('end', container, false, '', true, 0);
  }
  string(isKey: boolean, text: string, final: boolean, line: number): void {
    this.emit('string', 'array', isKey, text, final, line);
  }
  key(chunk: string, from: number, to: number, line: number): void {
    this.emit('string', 'array', true, chunk.slice(from, to), true, line);
  }
  stringAt(chunk: string, from: number, to: number, line: number): void {
    this.emit('string', 'array', false, chunk.slice(from, to), true, line);
  }
  number(text: string, line: number): void {
    this.emit('number', 'array', false, text, true, line);
  }
  numberAt(chunk: string, from: number, to: number, line: number): void {
    this.emit('number', 'array', false, chunk.slice(from, to), true, line);
  }
  literal(text: 'true' | 'false' | 'null'): void {
    this.emit('literal', 'array', false, text, true, 0);
  }
  valueEnd(line: number): void {
    this.emit('value-end', 'array', false, '', true, line);
  }
  private emit(type: JsonEvent['type'], container: 'object' | 'array', isKey: boolean, text: string, final: boolean, line: number): void {
    const record = this.records[this.count++];
    if (record === undefined) this.records.push({ type, container, isKey, text, final, line });
    else {
      record.type = type;
      record.container = container;
      record.isKey = isKey;
      record.text = text;
      record.final = final;
      record.line = line;
    }
  }
}

export class JsonSyntaxError extends Error {
  /** Events completed in the same push before the error (copies: not the tokenizer's reused records). */
  completed: JsonEvent[] = [];
  constructor(message: string, readonly line: number) {
    super(`${message} (line ${line + 1})`);
    this.name = 'JsonSyntaxError';
  }
}

/** What the parser expects next. */
const enum Expect {
  Value,
  ValueOrEnd, // after '['
  KeyOrEnd, // after '{'
  Key, // after ',' in an object
  Colon,
  CommaOrEnd,
}

const MAX_SCALAR_TOKEN = 4096;

/** Container kinds on the stack (a byte each, shared with the native pass). */
const OBJECT = 0;
const ARRAY = 1;
/** The state slots shared with the native pass (json-structure.c's S_*). */
const enum State {
  Expect,
  Depth,
  Line,
  ValueLine,
  MaxDepth,
  MaxPiece,
  From,
  To,
  Events,
  Slots,
}
/** The native pass's event kinds (json-structure.c's E_*); each event is [kind, from, to, line]. */
const enum Token {
  StartObject,
  StartArray,
  EndObject,
  EndArray,
  Key,
  String,
  Number,
  True,
  False,
  Null,
  ValueEnd,
  /** Byte mode: a key or string with a byte >= 0x80, decoded from the bytes. */
  KeyWide,
  StringWide,
  /** A member name interned by the native pass: the kind is NamedKey + its id. */
  NamedKey = 32,
  /** A string value or number interned by the native pass (its own table): the kind is NamedString/NamedNumber + id. */
  NamedString = 1024,
  NamedNumber = 2048,
}
/** Events the native pass writes per call (four ints each): small, reused, and enough to make a call worth it. */
const NATIVE_EVENTS = 512;
/** Tokens read in JavaScript after the native pass left one to it, before it is called again (see pushInner). */
const SLOW_STEPS = 8;
/** The native pass takes lines (and part ends) up to this (json-structure.c's LINE_MAX_IN). */
const NATIVE_MAX_LINE = 0x3fffffff;

export class JsonTokenizer {
  /**
   * The open containers (OBJECT or ARRAY), `depthNow` deep; grown by doubling, and only while below maxDepth (so at
   * most max(16, 2 × maxDepth) long).
   */
  private stack = new Uint8Array(16);
  private depthNow = 0;
  private expect = Expect.Value;
  /** 0-based line count (newlines outside strings; raw newlines are illegal inside strings). */
  line = 0;
  private valueStartLine = 0;

  private inString = false;
  private stringIsKey = false;
  private stringBuf = '';
  private escape: '' | '\\' | 'u' = '';
  private hex = '';
  private highSurrogate = '';

  private scalar = ''; // number or literal being read
  /**
   * Where `searched` (the chunk pushed last) has its next backslash and raw newline at or after the last string read
   * whole (-1: not looked for yet; the chunk's length: none): a string whose closing quote comes before both is cut
   * out of the chunk in one slice (quickString) instead of being read run by run. Kept across the pushes of one
   * chunk's parts (JSON Lines: a push per line), so the chunk is searched once, not from each part to its end.
   */
  private searched = '';
  private backslashAt = -1;
  private newlineAt = -1;
  /** The end of the part of the chunk being pushed (push's `to`). */
  private limit = 0;
  /** The chunk `units` holds. */
  private unitsOf: string | undefined = undefined;
  /**
   * Byte mode (push's `bytes`): the chunk pushed is the Latin-1 reading of valid UTF-8 `bytes` (a character per byte,
   * json-chunks.ts), so offsets are byte offsets; the native pass reads the bytes themselves (no UTF-16 copy), ASCII
   * text is sliced from the chunk and text with a byte >= 0x80 is decoded from the bytes (`bytesView`).
   */
  private bytes: Uint8Array | undefined = undefined;
  private bytesView: Buffer | undefined = undefined;
  /** The events' receiver; `recorder` when none was given. */
  private readonly sink: JsonSink;
  private readonly recorder: EventRecorder | undefined;
  /**
   * The native pass and what it shares with this tokenizer: `units`, the chunk pushed last (`searched`) as UTF-16,
   * written once per chunk; `nativeState`, this tokenizer's fields in and out of a call; `nativeEvents`, its tokens.
   */
  private readonly structure: JsonStructurePass | undefined;
  private units = new Uint16Array(0);
  private readonly nativeState = new Int32Array(State.Slots);
  private readonly nativeEvents = new Int32Array(NATIVE_EVENTS * 4);
  /** The native pass's interned member names (made on the first native call; kept: ids stay valid). */
  private names: Int32Array | undefined = undefined;
  /** The same for short ASCII string values and numbers. */
  private values: Int32Array | undefined = undefined;

  constructor(
    private readonly maxStringPiece: number,
    /** Deepest container nesting allowed; deeper throws JsonDepthError. */
    private readonly maxDepth: number,
    sink?: JsonSink,
    /** The native structural pass (default: the built addon, if any; null: none, everything read here). */
    structure: JsonStructurePass | null = jsonStructurePass() ?? null,
  ) {
    this.recorder = sink ? undefined : new EventRecorder();
    this.sink = sink ?? this.recorder!;
    this.structure = structure ?? undefined;
    this.nativeState[State.MaxDepth] = Math.min(maxDepth, 0x7fffffff);
    this.nativeState[State.MaxPiece] = Math.min(maxStringPiece, 0x7fffffff);
  }

  get depth(): number {
    return this.depthNow;
  }

  /** Whether its native pass reads bytes (push's byte mode pays only then: without it, everything is read here). */
  get readsBytes(): boolean {
    return this.structure !== undefined;
  }

  /**
   * Feeds text: `chunk[from, to)` (a part of a larger chunk is read in place, not sliced). With `bytes`, `chunk` is
   * their Latin-1 reading (`bytes[k]` is `chunk.charCodeAt(k)`), they are valid UTF-8, and `from`, `to` are between
   * characters: the events are those of the decoded text (byte mode). With a sink, every event
   * has gone to it when this returns (or throws) and the result is 0. Without, returns how many events it completed,
   * `events[0]` to `events[count - 1]`, and a syntax error carries the events completed before it; the event objects
   * are reused by the next call (push, end or reset): read them before feeding more.
   */
  push(chunk: string, from = 0, to = chunk.length, bytes?: Uint8Array): number {
    const recorder = this.recorder;
    if (!recorder) {
      this.pushInner(chunk, from, to, bytes);
      return 0;
    }
    recorder.count = 0;
    try {
      this.pushInner(chunk, from, to, bytes);
      return recorder.count;
    } catch (err) {
      if (err instanceof JsonSyntaxError) err.completed = recorder.records.slice(0, recorder.count).map((r) => ({ ...r }) as JsonEvent);
      throw err;
    }
  }

  /** The events the last push or end completed, without a sink (see push: only the first `count` are current). */
  get events(): readonly JsonEvent[] {
    return (this.recorder?.records ?? []) as readonly JsonEvent[];
  }

  private pushInner(chunk: string, from: number, to: number, bytes: Uint8Array | undefined): void {
    let i = from;
    const n = to;
    this.limit = to;
    if (chunk !== this.searched || bytes !== this.bytes) {
      this.searched = chunk;
      this.backslashAt = -1;
      this.newlineAt = -1;
      this.bytes = bytes;
      this.bytesView = bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    if (i >= n) return;
    // A string or a scalar cut by the last chunk's end goes on; within a chunk, each is read whole where it starts
    // (readString returns at the closing quote or the chunk's end; a scalar is kept only at the chunk's end).
    if (this.inString) i = this.readString(chunk, i);
    else if (this.scalar) {
      const end = scanScalar(chunk, i, n);
      this.scalar += chunk.slice(i, end);
      if (this.scalar.length > MAX_SCALAR_TOKEN) throw new JsonSyntaxError('token too long', this.line);
      if (end === n) return;
      this.finishScalar();
      i = end;
    }
    const structure = this.structure;
    // Past NATIVE_MAX_LINE lines (a billion) the native pass's int32 line count could overflow: read here.
    if (structure === undefined || this.line > NATIVE_MAX_LINE) {
      while (i < n) i = this.step(chunk, i);
      return;
    }
    const units = bytes ?? (chunk === this.unitsOf ? this.units : this.loadUnits(chunk));
    while (i < n) {
      i = this.runNative(structure, chunk, i, units);
      // The native pass stopped before a token it leaves to this loop (an escape, a long or cut string, an error…):
      // read here, with a few after it (a run of such tokens does not cost a native call each).
      for (let s = 0; s < SLOW_STEPS && i < n; s++) i = this.step(chunk, i);
    }
  }

  /** Reads one token (or one whitespace character) at `chunk[i]`; returns the index after it. */
  private step(chunk: string, i: number): number {
    const ch = chunk.charCodeAt(i);
    if (ch === 0x0a) {
      this.line++;
      return i + 1;
    }
    if (ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0xfeff) return i + 1;
    // U+FEFF in byte mode (its three bytes; a part never ends inside a character).
    if (ch === 0xef && this.bytes !== undefined && i + 2 < this.limit && chunk.charCodeAt(i + 1) === 0xbb && chunk.charCodeAt(i + 2) === 0xbf) return i + 3;
    switch (this.expect) {
      case Expect.Colon:
        if (ch !== 0x3a) throw this.unexpected(this.charAt(chunk, i));
        this.expect = Expect.Value;
        return i + 1;
      case Expect.CommaOrEnd:
        if (ch === 0x2c) {
          this.expect = this.stack[this.depthNow - 1] === OBJECT ? Expect.Key : Expect.Value;
          return i + 1;
        }
        if (ch === 0x7d || ch === 0x5d) {
          this.closeContainer(ch === 0x7d ? 'object' : 'array', chunk[i]);
          return i + 1;
        }
        throw this.unexpected(this.charAt(chunk, i));
      case Expect.KeyOrEnd:
      case Expect.Key:
        if (ch === 0x22) {
          const next = this.quickString(chunk, i + 1, true);
          if (next !== -1) return next;
          this.startString(true);
          return this.readString(chunk, i + 1);
        }
        if (ch === 0x7d && this.expect === Expect.KeyOrEnd) {
          this.closeContainer('object', '}');
          return i + 1;
        }
        throw this.unexpected(this.charAt(chunk, i));
      case Expect.ValueOrEnd:
        if (ch === 0x5d) {
          this.closeContainer('array', ']');
          return i + 1;
        }
        return this.startValue(chunk, i, ch);
      case Expect.Value:
        return this.startValue(chunk, i, ch);
    }
  }

  /** The chunk as UTF-16 code units for the native pass (once per chunk, however many parts of it are pushed). */
  private loadUnits(chunk: string): Uint16Array {
    if (this.units.length < chunk.length) this.units = new Uint16Array(Math.max(chunk.length, this.units.length * 2, 256));
    const units = this.units;
    Buffer.from(units.buffer, units.byteOffset, units.byteLength).write(chunk, 0, 'utf16le');
    this.unitsOf = chunk;
    return units;
  }

  /** Byte mode: the text of `bytes[from, to)` (whole characters). */
  private decode(from: number, to: number): string {
    return this.bytesView!.toString('utf8', from, to);
  }

  /** `chunk[from, to)` as text: sliced, or in byte mode decoded when it has a byte >= 0x80. */
  private textOf(chunk: string, from: number, to: number): string {
    return this.bytes !== undefined && hasHigh(chunk, from, to) ? this.decode(from, to) : chunk.slice(from, to);
  }

  /** The UTF-16 unit `chunk[i]` stands for (byte mode: the first of the character whose lead byte is at i). */
  private charAt(chunk: string, i: number): string {
    if (this.bytes === undefined || chunk.charCodeAt(i) < 0x80) return chunk[i];
    return this.decode(i, Math.min(this.limit, i + utf8Length(chunk.charCodeAt(i))))[0];
  }

  /**
   * The native pass from `i` to the part's end (a call per full event array), its events handed to the sink; returns
   * where it stopped.
   */
  private runNative(structure: JsonStructurePass, chunk: string, i: number, units: Uint16Array | Uint8Array): number {
    const state = this.nativeState;
    const events = this.nativeEvents;
    const sink = this.sink;
    const names = (this.names ??= new Int32Array(structure.namesInts));
    const values = (this.values ??= new Int32Array(structure.namesInts));
    for (;;) {
      state[State.Expect] = this.expect;
      state[State.Depth] = this.depthNow;
      state[State.Line] = this.line;
      state[State.ValueLine] = this.valueStartLine;
      state[State.From] = i;
      state[State.To] = this.limit;
      i = structure.scan(units, state, this.stack, events, names, values);
      this.expect = state[State.Expect];
      this.depthNow = state[State.Depth];
      this.line = state[State.Line];
      this.valueStartLine = state[State.ValueLine];
      const count = state[State.Events] * 4;
      for (let k = 0; k < count; k += 4) {
        const from = events[k + 1];
        const line = events[k + 3];
        switch (events[k] as Token) {
          case Token.StartObject: sink.start('object', line); break;
          case Token.StartArray: sink.start('array', line); break;
          case Token.EndObject: sink.end('object'); break;
          case Token.EndArray: sink.end('array'); break;
          case Token.Key: sink.key(chunk, from, events[k + 2], line, -1); break;
          case Token.String: sink.stringAt(chunk, from, events[k + 2], line, -1); break;
          case Token.Number: sink.numberAt(chunk, from, events[k + 2], line, -1); break;
          case Token.True: sink.literal('true'); break;
          case Token.False: sink.literal('false'); break;
          case Token.Null: sink.literal('null'); break;
          case Token.ValueEnd: sink.valueEnd(from); break;
          case Token.KeyWide: sink.string(true, this.decode(from, events[k + 2]), true, line); break;
          case Token.StringWide: sink.string(false, this.decode(from, events[k + 2]), true, line); break;
          default: {
            const kind = events[k];
            if (kind >= Token.NamedNumber) sink.numberAt(chunk, from, events[k + 2], line, kind - Token.NamedNumber);
            else if (kind >= Token.NamedString) sink.stringAt(chunk, from, events[k + 2], line, kind - Token.NamedString);
            else sink.key(chunk, from, events[k + 2], line, kind - Token.NamedKey);
          }
        }
      }
      // A call stops early only for a token it leaves here or a full event array; only the latter is called again.
      if (i >= this.limit || count + 8 <= events.length) return i;
    }
  }

  /** Ends the input; returns how many events it completed (see push); throws if a value is incomplete. */
  end(): number {
    if (this.recorder) this.recorder.count = 0;
    if (this.scalar) this.finishScalar();
    if (this.inString) throw new JsonSyntaxError('unterminated string', this.line);
    if (this.depthNow > 0) throw new JsonSyntaxError('unexpected end of input', this.line);
    return this.recorder ? this.recorder.count : 0;
  }

  /** Forgets the current value (JSON Lines: recover at the next line after a bad record). */
  reset(): void {
    this.depthNow = 0;
    this.expect = Expect.Value;
    this.inString = false;
    this.stringBuf = '';
    this.escape = '';
    this.hex = '';
    this.highSurrogate = '';
    this.scalar = '';
    if (this.recorder) this.recorder.count = 0;
  }

  private startValue(chunk: string, i: number, ch: number): number {
    if (this.depthNow === 0) this.valueStartLine = this.line;
    if (ch === 0x7b || ch === 0x5b) {
      const container = ch === 0x7b ? 'object' : 'array';
      if (this.depthNow >= this.maxDepth) throw new JsonDepthError(this.maxDepth, this.line);
      if (this.depthNow === this.stack.length) this.growStack();
      this.stack[this.depthNow++] = ch === 0x7b ? OBJECT : ARRAY;
      this.sink.start(container, this.line);
      this.expect = container === 'object' ? Expect.KeyOrEnd : Expect.ValueOrEnd;
      return i + 1;
    }
    if (ch === 0x22) {
      const next = this.quickString(chunk, i + 1, false);
      if (next !== -1) return next;
      this.startString(false);
      return this.readString(chunk, i + 1);
    }
    if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39) || ch === 0x74 || ch === 0x66 || ch === 0x6e) {
      const end = scanScalar(chunk, i, this.limit);
      if (end < this.limit) this.scalarToken(chunk, i, end);
      else this.scalar = chunk.slice(i, end);
      return end;
    }
    throw this.unexpected(this.charAt(chunk, i));
  }

  /** A number or literal that began in an earlier chunk, now ended (its text gathered in `scalar`). */
  private finishScalar(): void {
    const text = this.scalar;
    this.scalar = '';
    this.scalarToken(text, 0, text.length);
  }

  /** The number or literal `text[from, to)`: checked without a regular expression, sliced only for a number. */
  private scalarToken(text: string, from: number, to: number): void {
    const literal = literalAt(text, from, to);
    if (literal !== undefined) this.sink.literal(literal);
    else if (isJsonNumber(text, from, to)) this.sink.number(from === 0 && to === text.length ? text : text.slice(from, to), this.line);
    else throw new JsonSyntaxError(`invalid token ${JSON.stringify(text.slice(from, to).slice(0, 40))}`, this.line);
    this.afterValue();
  }

  /**
   * A string whose opening quote is at `from - 1`, when it ends in this chunk with no escape or raw newline and is
   * shorter than a piece: handed on as one slice of the chunk (what readString would gather run by run); returns the
   * index after its closing quote, or -1 (nothing done) for readString to read it.
   */
  private quickString(chunk: string, from: number, isKey: boolean): number {
    const close = chunk.indexOf('"', from);
    if (close === -1 || close >= this.limit || close - from >= this.maxStringPiece) return -1;
    if (this.backslashAt < from) this.backslashAt = indexOrEnd(chunk, '\\', from);
    if (this.backslashAt < close) return -1;
    if (this.newlineAt < from) this.newlineAt = indexOrEnd(chunk, '\n', from);
    if (this.newlineAt < close) return -1;
    if (isKey) {
      // Byte mode: a name with a byte >= 0x80 is decoded (key's `chunk[from, to)` must be its text).
      if (this.bytes !== undefined && hasHigh(chunk, from, close)) this.sink.string(true, this.decode(from, close), true, this.line);
      else this.sink.key(chunk, from, close, this.line, -1);
      this.expect = Expect.Colon;
    } else {
      this.sink.string(false, this.textOf(chunk, from, close), true, this.line);
      this.afterValue();
    }
    return close + 1;
  }

  private startString(isKey: boolean): void {
    this.inString = true;
    this.stringIsKey = isKey;
    this.stringBuf = '';
  }

  /** Reads string content from chunk[i]; returns the next index. */
  private readString(chunk: string, i: number): number {
    const n = this.limit;
    while (i < n) {
      if (this.escape === 'u') {
        // Byte mode: a character at a time (a byte >= 0x80 there fails the check below, as its character does).
        while (i < n && this.hex.length < 4) {
          const step = this.bytes !== undefined && chunk.charCodeAt(i) >= 0x80 ? Math.min(n - i, utf8Length(chunk.charCodeAt(i))) : 1;
          this.hex += step === 1 ? chunk[i] : this.decode(i, i + step);
          i += step;
        }
        if (this.hex.length < 4) return i;
        if (!/^[0-9a-fA-F]{4}$/.test(this.hex)) throw new JsonSyntaxError('bad \\u escape', this.line);
        this.appendChar(String.fromCharCode(parseInt(this.hex, 16)));
        this.hex = '';
        this.escape = '';
        continue;
      }
      if (this.escape === '\\') {
        const c = this.charAt(chunk, i++);
        this.escape = '';
        switch (c) {
          case '"': this.appendChar('"'); break;
          case '\\': this.appendChar('\\'); break;
          case '/': this.appendChar('/'); break;
          case 'b': this.appendChar('\b'); break;
          case 'f': this.appendChar('\f'); break;
          case 'n': this.appendChar('\n'); break;
          case 'r': this.appendChar('\r'); break;
          case 't': this.appendChar('\t'); break;
          case 'u': this.escape = 'u'; break;
          default: throw new JsonSyntaxError(`bad escape \\${c}`, this.line);
        }
        continue;
      }
      // Copy the run up to the next quote or backslash.
      let j = i;
      while (j < n) {
        const c = chunk.charCodeAt(j);
        if (c === 0x22 || c === 0x5c) break;
        if (c === 0x0a) throw new JsonSyntaxError('newline in string', this.line);
        j++;
      }
      if (j > i) this.appendRun(this.textOf(chunk, i, j));
      if (j === n) return n;
      if (chunk.charCodeAt(j) === 0x5c) {
        this.escape = '\\';
        i = j + 1;
        continue;
      }
      // Closing quote.
      this.flushSurrogate();
      const text = this.stringBuf;
      this.stringBuf = '';
      this.inString = false;
      this.sink.string(this.stringIsKey, text, true, this.line);
      if (this.stringIsKey) this.expect = Expect.Colon;
      else this.afterValue();
      return j + 1;
    }
    return i;
  }

  private appendChar(c: string): void {
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff) {
      this.flushSurrogate();
      this.highSurrogate = c;
      return;
    }
    if (this.highSurrogate) {
      this.stringBuf += this.highSurrogate;
      this.highSurrogate = '';
    }
    this.appendRun(c);
  }

  private flushSurrogate(): void {
    if (this.highSurrogate) {
      this.stringBuf += this.highSurrogate;
      this.highSurrogate = '';
    }
  }

  private appendRun(run: string): void {
    this.flushSurrogate();
    this.stringBuf += run;
    if (this.stringBuf.length >= this.maxStringPiece) {
      this.sink.string(this.stringIsKey, this.stringBuf, false, this.line);
      this.stringBuf = '';
    }
  }

  private closeContainer(container: 'object' | 'array', ch: string): void {
    if (this.depthNow === 0 || this.stack[this.depthNow - 1] !== (container === 'object' ? OBJECT : ARRAY)) throw this.unexpected(ch);
    this.depthNow--;
    this.sink.end(container);
    this.afterValue();
  }

  private growStack(): void {
    const grown = new Uint8Array(this.stack.length * 2);
    grown.set(this.stack);
    this.stack = grown;
  }

  private afterValue(): void {
    if (this.depthNow === 0) {
      this.sink.valueEnd(this.valueStartLine);
      this.expect = Expect.Value;
    } else this.expect = Expect.CommaOrEnd;
  }

  private unexpected(ch: string | undefined): JsonSyntaxError {
    return new JsonSyntaxError(`unexpected ${ch === undefined ? 'end of input' : JSON.stringify(ch)}`, this.line);
  }
}

export class JsonDepthError extends Error {
  constructor(readonly maxDepth: number, readonly line: number) {
    super(`JSON nesting deeper than ${maxDepth} levels (line ${line + 1})`);
    this.name = 'JsonDepthError';
  }
}

/** Whether `text[from, to)` has a code unit >= 0x80 (in byte mode: a byte of a multi-byte character). */
function hasHigh(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) >= 0x80) return true;
  return false;
}

/** Bytes of the UTF-8 sequence led by `lead` (a stray continuation byte: 1). */
function utf8Length(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** The index of `char` in `text` from `from`, or text's length when there is none. */
function indexOrEnd(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? text.length : at;
}

const LITERALS = ['true', 'false', 'null'] as const;

/** The literal spelled by `text[from, to)`, if it is one. */
function literalAt(text: string, from: number, to: number): 'true' | 'false' | 'null' | undefined {
  const first = text.charCodeAt(from);
  const literal = first === 0x74 ? LITERALS[0] : first === 0x66 ? LITERALS[1] : first === 0x6e ? LITERALS[2] : undefined;
  if (literal === undefined || to - from !== literal.length) return undefined;
  for (let k = 1; k < literal.length; k++) if (text.charCodeAt(from + k) !== literal.charCodeAt(k)) return undefined;
  return literal;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Whether `text[from, to)` is a JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? and nothing else. */
export function isJsonNumber(text: string, from: number, to: number): boolean {
  let k = from;
  if (k < to && text.charCodeAt(k) === 0x2d) k++;
  if (k >= to) return false;
  const lead = text.charCodeAt(k);
  if (lead === 0x30) k++;
  else if (lead >= 0x31 && lead <= 0x39) {
    k++;
    while (k < to && isDigit(text.charCodeAt(k))) k++;
  } else return false;
  if (k < to && text.charCodeAt(k) === 0x2e) {
    k++;
    if (k >= to || !isDigit(text.charCodeAt(k))) return false;
    while (k < to && isDigit(text.charCodeAt(k))) k++;
  }
  if (k < to && (text.charCodeAt(k) | 0x20) === 0x65) {
    k++;
    if (k < to && (text.charCodeAt(k) === 0x2b || text.charCodeAt(k) === 0x2d)) k++;
    if (k >= to || !isDigit(text.charCodeAt(k))) return false;
    while (k < to && isDigit(text.charCodeAt(k))) k++;
  }
  return k === to;
}

/** End index of a number or literal token starting at i. */
function scanScalar(chunk: string, i: number, end: number): number {
  let j = i;
  while (j < end) {
    const c = chunk.charCodeAt(j);
    // Letters, digits, '+', '-', '.': anything else ends the token.
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2b || c === 0x2d || c === 0x2e) j++;
    else break;
  }
  return j;
}
